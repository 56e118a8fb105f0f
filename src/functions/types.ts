/**
 * The public shape of the function runtime: what the gateway, the Lambda API, triggers and the CLI
 * call. The implementation is `FunctionRuntime` (function-runtime.ts).
 */
import type { FunctionModel } from '../core/app-model.js';

export type InvocationType = 'RequestResponse' | 'Event' | 'DryRun';

export interface InvokeRequest {
  /** Name, `name:qualifier`, partial or full ARN, as Lambda's Invoke accepts. */
  functionName: string;
  /** `Qualifier` query parameter; must agree with a qualifier inside `functionName`. */
  qualifier?: string;
  /** The event, as bytes (JSON text). Empty means `{}`. */
  payload: Buffer;
  /** Defaults to `RequestResponse`. */
  invocationType?: InvocationType;
  /** `Tail` asks for the last 4 KB of the invocation's log, base64, in `logResult`. */
  logType?: 'None' | 'Tail';
  /** Decoded JSON text of `X-Amz-Client-Context`. */
  clientContext?: string;
  /** JSON text of a Cognito identity. */
  cognitoIdentity?: string;
  /** X-Ray trace header to hand to the function; a new one is made when absent. */
  traceId?: string;
}

export interface InvokeResult {
  requestId: string;
  /** HTTP status Lambda answers with: 200, 202 (Event) or 204 (DryRun). */
  statusCode: 200 | 202 | 204;
  /** The function's response, or the error document when `functionError` is set. */
  payload: Buffer;
  /** Set when the function failed (always `Unhandled` for Node.js functions). */
  functionError?: 'Unhandled' | 'Handled';
  /** `$LATEST` or a version number. */
  executedVersion: string;
  /** Base64 of the last 4 KB of the log, when `logType` was `Tail`. */
  logResult?: string;
  /** Invoke phase wall time in ms. */
  durationMs: number;
}

/** What everything that invokes functions depends on. */
export interface FunctionInvoker {
  /**
   * Invokes a function. Function failures are results (`functionError`); an AwsError is thrown
   * only for what Lambda answers with an HTTP error: ResourceNotFoundException (404),
   * TooManyRequestsException (429), RequestTooLargeException (413),
   * InvalidRequestContentException (400), …
   */
  invoke(request: InvokeRequest): Promise<InvokeResult>;
}

/** A deployed function as the Lambda API and the console describe it. */
export interface FunctionInfo {
  model: FunctionModel;
  /** ISO-8601 time of the last deployment of this configuration. */
  lastModified: string;
  /** Base64 SHA-256 of the code, as Lambda reports `CodeSha256`. */
  codeSha256: string;
  codeSize: number;
  /** Environments currently alive, and how many of them are busy. */
  environments: { total: number; busy: number };
}

/** One line of a function's log (platform line or the function's own output). */
export interface FunctionLogLine {
  functionName: string;
  /** Epoch ms. */
  timestamp: number;
  requestId?: string;
  /** The line as CloudWatch would show it, e.g. `START RequestId: … Version: $LATEST`. */
  message: string;
}
