/**
 * The state of one request as it moves through the pipeline. Steps read what earlier steps
 * set; later steps (authorizers, API keys, throttling) will add their own fields here.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Http2ServerRequest, Http2ServerResponse } from 'node:http2';
import type { CompiledHttpApi, CompiledHttpRoute } from './http-router.js';
import type { CompiledApi, Resolution } from './resolve-api.js';
import type { CompiledRestApi, CompiledRestRoute } from './rest-router.js';

export type GatewayRequest = IncomingMessage | Http2ServerRequest;
export type GatewayResponse = ServerResponse | Http2ServerResponse;

export interface RequestContext {
  readonly req: GatewayRequest;
  readonly res: GatewayResponse;
  /** Epoch ms when the request arrived (from the injected clock). */
  readonly now: number;
  readonly startedMono: number;
  readonly method: string;
  /** The path as received (before `?`), including any stage or `/_aws/execute-api/{id}`. */
  readonly rawPath: string;
  /** The query string without `?`; `''` when absent. */
  readonly rawQuery: string;
  /** `HTTP/1.1` or `HTTP/2.0`. */
  readonly protocol: string;
  /** The client's address, IPv4-mapped IPv6 addresses unwrapped. */
  readonly sourceIp: string;

  resolution: Resolution | undefined;
  /** Which API family answers; decides error bodies and standard headers. */
  kind: 'REST' | 'HTTP';
  api: CompiledApi | undefined;
  rest: { api: CompiledRestApi; route: CompiledRestRoute } | undefined;
  http: { api: CompiledHttpApi; route: CompiledHttpRoute } | undefined;
  /** The path after the stage, as received. */
  routePath: string;
  /** Path-variable values aligned with the route's `paramNames` (decoded). */
  params: string[];
  body: Buffer | undefined;
  /** REST: a UUID; HTTP API: the short base64 id (also its `extendedRequestId`). */
  requestId: string;
  extendedRequestId: string;
  traceHeader: string | undefined;
  /** Request's `Origin`, for HTTP API CORS. */
  origin: string | undefined;
  /** Set when the reply already carries its CORS headers (a self-answered preflight). */
  corsHandled: boolean;
  /** Set when the response came from a Lambda integration (REST adds `X-Amzn-Trace-Id`). */
  fromLambda: boolean;
}
