/**
 * The AWS JSON protocol (1.0 and 1.1: DynamoDB, SQS, Kinesis, EventBridge, …): every call is
 * `POST /` with `X-Amz-Target: <prefix>.<Operation>` and a JSON body; errors are
 * `{"__type": "<namespace>#<Code>", "message": …}`.
 */
import { crc32 } from 'node:zlib';
import { AwsError } from '../core/errors.js';
import type { AwsRequest, AwsResponse } from './types.js';

export interface JsonProtocolOptions {
  /** Target prefixes this service answers, e.g. `DynamoDB_20120810`. */
  targetPrefixes: readonly string[];
  /** `application/x-amz-json-1.0` or `-1.1`. */
  contentType: string;
  /** The `__type` namespace for an error code, e.g. `com.amazonaws.dynamodb.v20120810`. */
  errorNamespace(code: string): string;
  /** Some services spell the message member `Message` for some errors. */
  messageMember?(code: string): 'message' | 'Message' | undefined;
  /** Adds `x-amz-crc32` of the body (DynamoDB clients verify it). */
  crc32?: boolean;
}

export interface JsonCall {
  /** Target prefix that matched, e.g. `DynamoDBStreams_20120810`. */
  prefix: string;
  operation: string;
  /** The parsed body (an object). */
  input: Record<string, unknown>;
}

/** Parses a JSON-protocol request; throws the AwsError the service answers for bad requests. */
export function parseJsonCall(req: AwsRequest, options: JsonProtocolOptions): JsonCall {
  const target = req.headers['x-amz-target'] ?? '';
  const dot = target.lastIndexOf('.');
  const prefix = dot === -1 ? '' : target.slice(0, dot);
  if (req.method !== 'POST' || !options.targetPrefixes.includes(prefix)) {
    throw new AwsError('UnknownOperationException', '', { status: 400 });
  }
  const operation = target.slice(dot + 1);
  let input: unknown;
  try {
    input = req.body.length === 0 ? undefined : JSON.parse(req.body.toString('utf8'));
  } catch {
    input = undefined;
  }
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new AwsError('SerializationException', '', { status: 400 });
  }
  return { prefix, operation, input: input as Record<string, unknown> };
}

/** A successful JSON-protocol response. */
export function jsonProtocolResponse(
  req: AwsRequest,
  output: unknown,
  options: JsonProtocolOptions,
): AwsResponse {
  return finish(req, 200, JSON.stringify(output ?? {}), options);
}

/** Renders an AwsError in the JSON protocol's error shape. */
export function jsonProtocolError(
  req: AwsRequest,
  error: AwsError,
  options: JsonProtocolOptions,
): AwsResponse {
  const body: Record<string, unknown> = {
    __type: `${options.errorNamespace(error.code)}#${error.code}`,
  };
  const member =
    error.message === '' ? undefined : (options.messageMember?.(error.code) ?? 'message');
  if (member !== undefined) body[member] = error.message;
  Object.assign(body, error.fields);
  const response = finish(req, error.status, JSON.stringify(body), options);
  Object.assign(response.headers, error.headers);
  return response;
}

function finish(
  req: AwsRequest,
  status: number,
  text: string,
  options: JsonProtocolOptions,
): AwsResponse {
  const body = Buffer.from(text, 'utf8');
  const accepted = req.headers['content-type']?.split(';')[0]?.trim();
  const headers: Record<string, string> = {
    'content-type': accepted === 'application/json' ? accepted : options.contentType,
    'x-amzn-requestid': req.requestId,
  };
  if (options.crc32) headers['x-amz-crc32'] = String(crc32(body));
  return { status, headers, body };
}
