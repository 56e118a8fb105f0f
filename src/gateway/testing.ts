/**
 * Test helpers for the gateway: a recording fake FunctionInvoker, model builders, and a real
 * `node:http` server on port 0 with a small request function. Used by the `*.test.ts` files.
 */
import {
  request as httpRequest,
  createServer,
  type IncomingHttpHeaders,
  type Server,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  HttpApiModel,
  HttpRouteModel,
  RestApiModel,
  RestRouteModel,
} from '../core/app-model.js';
import type { Clock } from '../core/clock.js';
import { createLogger, MemoryLogSink } from '../core/logger.js';
import type { FunctionInvoker, InvokeRequest, InvokeResult } from '../functions/types.js';
import { Gateway } from './gateway.js';

export const REGION = 'us-east-1';
export const ACCOUNT = '123456789012';

/** Free-form JSON as tests read it (events, bodies). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- events are arbitrary JSON
export type Json = any;

export type Responder = (
  request: InvokeRequest,
  event: Json,
) => InvokeResult | Promise<InvokeResult>;

/** A successful invoke result whose payload is `value` as JSON. */
export function ok(value: unknown): InvokeResult {
  return {
    requestId: 'fn-request',
    statusCode: 200,
    payload: Buffer.from(value === undefined ? 'null' : JSON.stringify(value)),
    executedVersion: '$LATEST',
    durationMs: 1,
  };
}

/** A function-error result, as Lambda reports a thrown error. */
export function functionError(message = 'boom'): InvokeResult {
  return {
    ...ok({ errorType: 'Error', errorMessage: message, trace: [] }),
    functionError: 'Unhandled',
  };
}

/** Records every invoke (request and parsed event) and answers with `respond`. */
export class FakeInvoker implements FunctionInvoker {
  readonly calls: InvokeRequest[] = [];
  readonly events: Json[] = [];
  respond: Responder;

  constructor(respond: Responder = () => ok({ statusCode: 200, body: 'hello' })) {
    this.respond = respond;
  }

  async invoke(request: InvokeRequest): Promise<InvokeResult> {
    this.calls.push(request);
    const event: unknown = JSON.parse(request.payload.toString('utf8'));
    this.events.push(event);
    return this.respond(request, event);
  }

  /** The last event the gateway sent. */
  get last(): Json {
    return this.events.at(-1) as unknown;
  }
}

const lambda = (fn: string, timeoutMs = 29000) =>
  ({
    type: 'lambda-proxy',
    functionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${fn}`,
    timeoutMs,
  }) as const;

/** A REST route to a Lambda proxy integration of function `fn`. */
export function restRoute(
  method: string,
  path: string,
  fn = 'fn',
  timeoutMs = 29000,
): RestRouteModel {
  return { method, path, integration: lambda(fn, timeoutMs), apiKeyRequired: false };
}

/** A REST API with sensible defaults. */
export function restApi(
  overrides: Partial<RestApiModel> & { routes: RestRouteModel[] },
): RestApiModel {
  return {
    logicalId: 'ServerlessRestApi',
    id: 'restapi001',
    name: 'rest',
    stageName: 'Prod',
    stageVariables: {},
    binaryMediaTypes: [],
    authorizers: [],
    apiKeySource: 'HEADER',
    gatewayResponses: [],
    disableExecuteApiEndpoint: false,
    ...overrides,
  };
}

/** An HTTP API route to function `fn`. */
export function httpRoute(
  routeKey: string,
  fn = 'fn',
  payloadFormatVersion: '1.0' | '2.0' = '2.0',
  timeoutMs = 30000,
): HttpRouteModel {
  return { routeKey, integration: { ...lambda(fn, timeoutMs), payloadFormatVersion } };
}

/** An HTTP API with sensible defaults (`$default` stage). */
export function httpApi(
  overrides: Partial<HttpApiModel> & { routes: HttpRouteModel[] },
): HttpApiModel {
  return {
    logicalId: 'ServerlessHttpApi',
    id: 'httpapi001',
    name: 'http',
    stageName: '$default',
    stageVariables: {},
    authorizers: [],
    disableExecuteApiEndpoint: false,
    ...overrides,
  };
}

export interface TestGateway {
  url: string;
  port: number;
  gateway: Gateway;
  invoker: FakeInvoker;
  logs: MemoryLogSink;
  server: Server;
  close(): Promise<void>;
}

/** Starts a gateway with the given APIs behind a real HTTP/1.1 server on port 0. */
export async function startGateway(options: {
  rest?: RestApiModel[];
  http?: HttpApiModel[];
  invoker?: FakeInvoker;
  clock?: Clock;
}): Promise<TestGateway> {
  const invoker = options.invoker ?? new FakeInvoker();
  const logs = new MemoryLogSink();
  const gateway = new Gateway({
    invoker,
    logger: createLogger({ level: 'debug', sink: logs }),
    region: REGION,
    accountId: ACCOUNT,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
  });
  gateway.deploy(options.rest ?? [], options.http ?? []);
  const server = createServer((req, res) => gateway.handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    gateway,
    invoker,
    logs,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface TestResponse {
  status: number;
  headers: IncomingHttpHeaders;
  rawHeaders: string[];
  body: Buffer;
  text: string;
  json(): Json;
}

/** Sends one request with node:http (so `Host` and repeated headers can be set freely). */
export function send(
  base: string,
  path: string,
  options: {
    method?: string;
    headers?: Record<string, string | string[]>;
    body?: string | Buffer;
  } = {},
): Promise<TestResponse> {
  return new Promise((resolve, reject) => {
    const url = new URL(base);
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path,
        method: options.method ?? 'GET',
        headers: options.headers,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          const text = body.toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            rawHeaders: res.rawHeaders,
            body,
            text,
            json: (): unknown => JSON.parse(text),
          });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}
