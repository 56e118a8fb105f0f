/**
 * The gateway: serves the app's REST and HTTP APIs on the app port as an ordered chain of
 * small steps — resolve API and stage → match route → (authorizers, API keys, throttling:
 * later) → mock answer → read body → build event, invoke, map response → standard headers.
 * Each step either leaves a note on the request context or answers with a Reply, which ends
 * the chain. Route tables are compiled once per deploy and swapped atomically.
 */
import { randomUUID } from 'node:crypto';
import type { HttpApiModel, RestApiModel } from '../core/app-model.js';
import type { Clock } from '../core/clock.js';
import { systemClock } from '../core/clock.js';
import { AwsError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { FunctionInvoker } from '../functions/types.js';
import { isTextMediaType, mediaTypeOf } from './binary.js';
import { applyCors, isPreflight, preflightReply } from './cors.js';
import type { RestResponseOverride, RestResponseType } from './gateway-responses.js';
import { httpErrorReply, restForbiddenReply, restGatewayResponse } from './gateway-responses.js';
import { buildV2Event } from './http-event.js';
import { mapV2Response } from './http-response.js';
import { compileHttpApi, matchHttpRoute, type CompiledHttpApi } from './http-router.js';
import { integrationFunctionName } from './integration.js';
import { invokeWithTimeout, type InvokeOutcome } from './invoke-integration.js';
import { RandomPool } from './random-pool.js';
import { findHeader, sendReply, type Reply } from './reply.js';
import { MAX_REQUEST_BODY_BYTES, readRequestBody } from './request-body.js';
import type { GatewayRequest, GatewayResponse, RequestContext } from './request-context.js';
import { integrationHeaders } from './request-headers.js';
import { RequestTimeFormatter } from './request-time.js';
import { ApiDirectory } from './resolve-api.js';
import { buildV1Event } from './rest-event.js';
import { mapV1Response, type MappedResponse } from './rest-response.js';
import { compileRestApi, matchRestRoute, type CompiledRestApi } from './rest-router.js';
import { decodeSegment, splitPath } from './route-tree.js';
import { resolveTraceHeader } from './trace-header.js';

export interface GatewayOptions {
  invoker: FunctionInvoker;
  logger: Logger;
  clock?: Clock;
  region: string;
  accountId: string;
}

/** One route as `stratus dev` prints it. */
export interface RouteListing {
  api: string;
  apiId: string;
  kind: 'REST' | 'HTTP';
  method: string;
  path: string;
  url: string;
  functionName?: string;
}

interface Deployment {
  readonly rest: readonly CompiledRestApi[];
  readonly http: readonly CompiledHttpApi[];
  readonly directory: ApiDirectory;
}

type StepResult = Reply | undefined;
type Step = (ctx: RequestContext) => StepResult | Promise<StepResult>;

/** Marks a request whose client went away: nothing is sent. */
const CLIENT_GONE: Reply = { status: 0, headers: [], body: '' };

/** How long the rest of an oversized body may keep arriving after the 413. */
const DISCARD_GRACE_MS = 10_000;

function noop(): void {}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

function hostOf(req: GatewayRequest): string | undefined {
  const raw = req.headers.host ?? headerText(req.headers[':authority']);
  if (raw === undefined || raw === '') return undefined;
  const lower = raw.toLowerCase();
  const colon = lower.lastIndexOf(':');
  return colon > 0 && !lower.endsWith(']') ? lower.slice(0, colon) : lower;
}

function sourceIpOf(req: GatewayRequest): string {
  const address = req.socket?.remoteAddress ?? '127.0.0.1';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

function splitUrl(url: string): { path: string; query: string } {
  let u = url === '' ? '/' : url;
  if (u.charCodeAt(0) !== 47 /* / */) {
    // Absolute-form request target (`GET http://host/path`): keep the path.
    const scheme = u.indexOf('://');
    const slash = scheme < 0 ? -1 : u.indexOf('/', scheme + 3);
    u = slash < 0 ? '/' : u.slice(slash);
  }
  const q = u.indexOf('?');
  return q < 0 ? { path: u, query: '' } : { path: u.slice(0, q), query: u.slice(q + 1) };
}

function decodedSegments(routePath: string): string[] {
  const segments = splitPath(routePath);
  for (let i = 0; i < segments.length; i++) segments[i] = decodeSegment(segments[i]!);
  return segments;
}

function pathParametersOf(
  names: readonly string[],
  values: readonly string[],
): Record<string, string> | undefined {
  if (names.length === 0) return undefined;
  const out: Record<string, string> = {};
  for (let i = 0; i < names.length; i++) out[names[i]!] = values[i] ?? '';
  return out;
}

export class Gateway {
  readonly #invoker: FunctionInvoker;
  readonly #logger: Logger;
  readonly #clock: Clock;
  readonly #region: string;
  readonly #accountId: string;
  readonly #time = new RequestTimeFormatter();
  readonly #random = new RandomPool();
  readonly #steps: readonly Step[];
  /** Swapped whole by `deploy`, so a request sees one deployment from start to end. */
  #deployed: Deployment = { rest: [], http: [], directory: new ApiDirectory([], []) };
  #deploys = 0;

  constructor(options: GatewayOptions) {
    this.#invoker = options.invoker;
    this.#logger = options.logger;
    this.#clock = options.clock ?? systemClock;
    this.#region = options.region;
    this.#accountId = options.accountId;
    // The pipeline, in AWS's order (apigateway.md §0). Authorizers, API keys and throttling
    // slot in after route matching as steps of the same shape.
    this.#steps = [
      (ctx) => this.#resolveApi(ctx),
      (ctx) => this.#matchRoute(ctx),
      (ctx) => this.#answerMock(ctx),
      (ctx) => this.#readBody(ctx),
      (ctx) => this.#integrate(ctx),
    ];
  }

  /** Compiles the APIs and replaces the route tables in one step; throws before touching them on error. */
  deploy(rest: RestApiModel[], http: HttpApiModel[]): void {
    const seed = `${this.#clock.now()}:${this.#deploys++}`;
    const compiledRest = rest.map((api) => compileRestApi(api, this.#region, seed));
    const compiledHttp = http.map((api) => compileHttpApi(api, this.#region));
    this.#deployed = {
      rest: compiledRest,
      http: compiledHttp,
      directory: new ApiDirectory(compiledRest, compiledHttp),
    };
  }

  /** Every deployed route with the URL that reaches it on the shared root of `baseUrl`. */
  routes(baseUrl: string): RouteListing[] {
    const base = baseUrl.endsWith('/') ? baseUrl.slice(0, -1) : baseUrl;
    const out: RouteListing[] = [];
    for (const api of this.#deployed.rest) {
      for (const route of api.routes) {
        const functionName = integrationFunctionName(route.integration);
        out.push({
          api: api.model.name,
          apiId: api.id,
          kind: 'REST',
          method: route.method,
          path: route.resourcePath,
          url: `${base}/${api.stage}${route.resourcePath}`,
          ...(functionName === undefined ? {} : { functionName }),
        });
      }
    }
    for (const api of this.#deployed.http) {
      const prefix = api.stage === '$default' ? base : `${base}/${api.stage}`;
      for (const route of api.routes) {
        const functionName = integrationFunctionName(route.integration);
        out.push({
          api: api.model.name,
          apiId: api.id,
          kind: 'HTTP',
          method: route.method,
          path: route.path,
          url: `${prefix}${route.path}`,
          ...(functionName === undefined ? {} : { functionName }),
        });
      }
    }
    return out;
  }

  /** Serves one request; never throws and never rejects. */
  handle(req: GatewayRequest, res: GatewayResponse): void {
    // A client that resets mid-request makes the request stream emit 'error'; it is handled
    // where it matters (body reading) and must never reach the process.
    req.on('error', noop);
    let ctx: RequestContext;
    try {
      ctx = this.#createContext(req, res);
    } catch (error) {
      this.#logger.error('gateway could not read the request', error);
      this.#sendFallback(res, 'HTTP');
      return;
    }
    this.#serve(ctx).catch((error: unknown) => {
      this.#logger.error(`gateway failed on ${ctx.method} ${ctx.rawPath}`, error);
      this.#sendFallback(res, ctx.kind);
    });
  }

  #createContext(req: GatewayRequest, res: GatewayResponse): RequestContext {
    const { path, query } = splitUrl(req.url ?? '/');
    return {
      req,
      res,
      now: this.#clock.now(),
      startedMono: this.#clock.monotonic(),
      method: (req.method ?? 'GET').toUpperCase(),
      rawPath: path,
      rawQuery: query,
      protocol: `HTTP/${req.httpVersion}`,
      sourceIp: sourceIpOf(req),
      resolution: undefined,
      kind: 'HTTP',
      api: undefined,
      rest: undefined,
      http: undefined,
      routePath: path,
      params: [],
      body: undefined,
      requestId: '',
      extendedRequestId: '',
      traceHeader: undefined,
      origin: undefined,
      corsHandled: false,
      fromLambda: false,
    };
  }

  async #serve(ctx: RequestContext): Promise<void> {
    for (const step of this.#steps) {
      let result = step(ctx);
      if (result instanceof Promise) result = await result;
      if (result !== undefined) {
        this.#respond(ctx, result);
        return;
      }
    }
    // The last step always answers; reaching here is a bug worth a 500, not a hung client.
    this.#respond(ctx, this.#internalError(ctx));
  }

  // --- steps -----------------------------------------------------------------------------

  #resolveApi(ctx: RequestContext): StepResult {
    ctx.resolution = this.#deployed.directory.resolve(hostOf(ctx.req), ctx.rawPath);
    return undefined;
  }

  #matchRoute(ctx: RequestContext): StepResult {
    const resolution = ctx.resolution!;
    const method = ctx.method;
    for (const candidate of resolution.candidates) {
      const segments = decodedSegments(candidate.routePath);
      const api = candidate.api;
      if (api.kind === 'REST') {
        const match = matchRestRoute(api, segments, method);
        if (match === undefined) continue;
        ctx.kind = 'REST';
        ctx.api = api;
        ctx.rest = { api, route: match.value };
        ctx.params = match.params;
        ctx.routePath = candidate.routePath;
        ctx.requestId = randomUUID();
        ctx.extendedRequestId = this.#random.gatewayRequestId();
        return undefined;
      }
      const match = matchHttpRoute(api, segments, method);
      if (match === undefined) continue;
      ctx.kind = 'HTTP';
      ctx.api = api;
      ctx.http = { api, route: match.value };
      ctx.params = match.params;
      ctx.routePath = candidate.routePath;
      ctx.requestId = ctx.extendedRequestId = this.#random.gatewayRequestId();
      if (api.cors !== undefined) ctx.origin = headerText(ctx.req.headers.origin);
      return undefined;
    }
    return this.#notFound(ctx);
  }

  #notFound(ctx: RequestContext): Reply {
    const resolution = ctx.resolution!;
    const api = resolution.notFoundApi;
    ctx.api = api;
    switch (resolution.notFound) {
      case 'rest-missing-token':
      case 'rest-forbidden':
        ctx.kind = 'REST';
        ctx.requestId = randomUUID();
        ctx.extendedRequestId = this.#random.gatewayRequestId();
        return resolution.notFound === 'rest-forbidden'
          ? restForbiddenReply()
          : this.#restResponse(ctx, 'MISSING_AUTHENTICATION_TOKEN');
      case 'http-forbidden':
      case 'http-not-found': {
        ctx.kind = 'HTTP';
        ctx.requestId = ctx.extendedRequestId = this.#random.gatewayRequestId();
        const corsApi = resolution.candidates.find((c) => c.api.kind === 'HTTP' && c.api.cors)
          ?.api as CompiledHttpApi | undefined;
        if (corsApi?.cors !== undefined) {
          ctx.api = corsApi;
          const origin = headerText(ctx.req.headers.origin);
          ctx.origin = origin;
          const requestMethod = headerText(ctx.req.headers['access-control-request-method']);
          if (isPreflight(ctx.method, origin, requestMethod)) {
            // The gateway answers preflights itself only when no route matched (§6.2).
            ctx.corsHandled = true;
            return preflightReply(
              corsApi.cors,
              origin!,
              requestMethod!,
              headerText(ctx.req.headers['access-control-request-headers']),
            );
          }
        }
        return httpErrorReply(resolution.notFound === 'http-forbidden' ? 403 : 404);
      }
    }
  }

  #answerMock(ctx: RequestContext): StepResult {
    const integration = ctx.rest?.route.integration;
    if (integration?.type !== 'mock') return undefined;
    const headers = [...integration.headers];
    if (findHeader(headers, 'content-type') === undefined)
      headers.push('Content-Type', 'application/json');
    return { status: integration.statusCode, headers, body: integration.body };
  }

  #readBody(ctx: RequestContext): StepResult | Promise<StepResult> {
    const read = readRequestBody(ctx.req, MAX_REQUEST_BODY_BYTES);
    if (read instanceof Promise) return read.then((r) => this.#afterBody(ctx, r));
    return this.#afterBody(ctx, read);
  }

  #afterBody(ctx: RequestContext, read: Awaited<ReturnType<typeof readRequestBody>>): StepResult {
    if (read.type === 'ok') {
      ctx.body = read.body;
      return undefined;
    }
    if (read.type === 'too-large') {
      this.#discardRest(ctx.req);
      return ctx.kind === 'REST'
        ? this.#restResponse(ctx, 'REQUEST_TOO_LARGE')
        : httpErrorReply(413);
    }
    this.#logger.debug(`client went away while sending ${ctx.method} ${ctx.rawPath}`);
    return CLIENT_GONE;
  }

  /**
   * Lets the rest of an oversized body drain without keeping it, so the client reads the 413
   * instead of a connection reset; a client that keeps sending is cut off after a grace period.
   */
  #discardRest(req: GatewayRequest): void {
    if (req.readableEnded) return;
    const timer = this.#clock.setTimeout(() => req.destroy(), DISCARD_GRACE_MS);
    req.once('end', () => timer.cancel());
    req.once('close', () => timer.cancel());
    req.resume();
  }

  async #integrate(ctx: RequestContext): Promise<StepResult> {
    const event = ctx.rest !== undefined ? this.#restEvent(ctx) : this.#httpEvent(ctx);
    const integration = ctx.rest?.route.integration ?? ctx.http!.route.integration;
    if (integration.type !== 'lambda-proxy') return this.#internalError(ctx);
    ctx.fromLambda = true;
    const outcome = await invokeWithTimeout(
      this.#invoker,
      {
        functionName: integration.functionName,
        payload: Buffer.from(JSON.stringify(event)),
        traceId: ctx.traceHeader!,
      },
      integration.timeoutMs,
      this.#clock,
    );
    return this.#mapOutcome(ctx, outcome, integration.functionName);
  }

  // --- events ----------------------------------------------------------------------------

  /** The request's X-Amzn-Trace-Id (kept, or made), remembered for the response. */
  #traceHeader(ctx: RequestContext): string {
    const trace = resolveTraceHeader(
      headerText(ctx.req.headers['x-amzn-trace-id']),
      ctx.now,
      this.#random,
    );
    ctx.traceHeader = trace;
    return trace;
  }

  #restEvent(ctx: RequestContext): Record<string, unknown> {
    const { api, route } = ctx.rest!;
    const req = ctx.req;
    const trace = this.#traceHeader(ctx);
    const body = ctx.body;
    return buildV1Event({
      resource: route.resourcePath,
      path: decodeSegment(ctx.routePath),
      httpMethod: ctx.method,
      headers: integrationHeaders(req.rawHeaders, 'REST', api.domainName, trace, ctx.sourceIp),
      rawQuery: ctx.rawQuery,
      pathParameters: pathParametersOf(route.paramNames, ctx.params) ?? null,
      stageVariables: api.stageVariables,
      body,
      base64:
        body !== undefined &&
        api.binary.matches(mediaTypeOf(headerText(req.headers['content-type']))),
      context: {
        accountId: this.#accountId,
        apiId: api.id,
        resourceId: route.resourceId,
        resourcePath: route.resourcePath,
        path: `/${api.stage}${ctx.routePath}`,
        stage: api.stage,
        protocol: ctx.protocol,
        requestId: ctx.requestId,
        extendedRequestId: ctx.extendedRequestId,
        requestTime: this.#time.format(ctx.now),
        requestTimeEpoch: ctx.now,
        domainName: api.domainName,
        deploymentId: api.deploymentId,
        sourceIp: ctx.sourceIp,
        userAgent: headerText(req.headers['user-agent']) ?? null,
      },
    });
  }

  #httpEvent(ctx: RequestContext): Record<string, unknown> {
    const { api, route } = ctx.http!;
    const req = ctx.req;
    const trace = this.#traceHeader(ctx);
    const headers = integrationHeaders(req.rawHeaders, 'HTTP', api.domainName, trace, ctx.sourceIp);
    const body = ctx.body;
    const base64 =
      body !== undefined && !isTextMediaType(mediaTypeOf(headerText(req.headers['content-type'])));
    // The event looks as if the canonical host was used: the stage prefix, never `/_aws/…`.
    const rawPath = api.stage === '$default' ? ctx.routePath : `/${api.stage}${ctx.routePath}`;
    const userAgent = headerText(req.headers['user-agent']);
    if (route.payloadFormatVersion === '1.0') {
      return buildV1Event({
        version: '1.0',
        resource: route.method === '$default' ? ctx.routePath : route.path,
        path: rawPath,
        httpMethod: ctx.method,
        headers,
        rawQuery: ctx.rawQuery,
        pathParameters: pathParametersOf(route.paramNames, ctx.params) ?? null,
        stageVariables: api.stageVariables,
        body,
        base64,
        context: {
          accountId: this.#accountId,
          apiId: api.id,
          resourceId: route.routeKey,
          resourcePath: route.method === '$default' ? ctx.routePath : route.path,
          path: rawPath,
          stage: api.stage,
          protocol: ctx.protocol,
          requestId: ctx.requestId,
          extendedRequestId: ctx.extendedRequestId,
          requestTime: this.#time.format(ctx.now),
          requestTimeEpoch: ctx.now,
          domainName: api.domainName,
          sourceIp: ctx.sourceIp,
          userAgent: userAgent ?? null,
        },
      });
    }
    return buildV2Event({
      routeKey: route.routeKey,
      rawPath,
      rawQuery: ctx.rawQuery,
      headers,
      pathParameters: pathParametersOf(route.paramNames, ctx.params),
      stageVariables: api.stageVariables,
      body,
      base64,
      context: {
        accountId: this.#accountId,
        apiId: api.id,
        domainName: api.domainName,
        method: ctx.method,
        protocol: ctx.protocol,
        sourceIp: ctx.sourceIp,
        userAgent: userAgent ?? '',
        requestId: ctx.requestId,
        stage: api.stage,
        time: this.#time.format(ctx.now),
        timeEpoch: ctx.now,
      },
    });
  }

  // --- responses -------------------------------------------------------------------------

  /**
   * Turns the integration's outcome into the client's answer. What AWS answers, and so do we:
   * - integration timeout: REST 504 `Endpoint request timed out`, HTTP API 503 `Service Unavailable`;
   * - function error or malformed result: REST 502, HTTP API 500 (lambda.md §6.1, §6.2);
   * - invoke rejected by Lambda (throttled 429, not found, …): REST 500 — API Gateway maps every
   *   Lambda 429 to a 500 `Internal server error` (INTEGRATION_FAILURE), it never forwards the
   *   429 — and HTTP API 500;
   * - event over Lambda's 6 MB request limit (RequestTooLargeException): REST 413
   *   `{"message": "Request Too Long"}` with `x-amzn-ErrorType: BadRequestException`, as
   *   observed on AWS; HTTP API 413 (verify its body).
   */
  #mapOutcome(ctx: RequestContext, outcome: InvokeOutcome, functionName: string): Reply {
    const rest = ctx.kind === 'REST';
    if (outcome.type === 'timeout') {
      this.#logger.debug(`integration timed out: ${ctx.method} ${ctx.rawPath} → ${functionName}`);
      return rest ? this.#restResponse(ctx, 'INTEGRATION_TIMEOUT') : httpErrorReply(503);
    }
    if (outcome.type === 'error') {
      const error = outcome.error;
      if (error instanceof AwsError) {
        if (error.status === 413) {
          return rest
            ? this.#restResponse(ctx, 'REQUEST_TOO_LARGE', {
                errorType: 'BadRequestException',
                body: '{"message": "Request Too Long"}',
              })
            : httpErrorReply(413);
        }
        this.#logger.warn(`invoking ${functionName} failed: ${error.code}: ${error.message}`);
      } else {
        this.#logger.error(`invoking ${functionName} failed`, error);
      }
      return rest
        ? this.#restResponse(ctx, 'INTEGRATION_FAILURE', { status: 500 })
        : httpErrorReply(500);
    }
    const result = outcome.result;
    if (result.functionError !== undefined) {
      return rest ? this.#restResponse(ctx, 'INTEGRATION_FAILURE') : httpErrorReply(500);
    }
    let mapped: MappedResponse;
    if (rest) {
      mapped = mapV1Response(result.payload, {
        strict: true,
        binary: { types: ctx.rest!.api.binary, accept: headerText(ctx.req.headers.accept) },
      });
    } else if (ctx.http!.route.payloadFormatVersion === '1.0') {
      mapped = mapV1Response(result.payload, { strict: false });
    } else {
      mapped = mapV2Response(result.payload);
    }
    if (mapped.ok) return mapped.reply;
    this.#logger.warn(`Malformed Lambda proxy response from ${functionName}: ${mapped.reason}`);
    return rest ? this.#restResponse(ctx, 'INTEGRATION_FAILURE') : httpErrorReply(500);
  }

  #restResponse(
    ctx: RequestContext,
    type: RestResponseType,
    override?: RestResponseOverride,
  ): Reply {
    const api = ctx.api?.kind === 'REST' ? ctx.api : undefined;
    const headers = ctx.req.headers;
    return restGatewayResponse(
      api,
      type,
      {
        requestId: ctx.requestId,
        extendedRequestId: ctx.extendedRequestId,
        requestHeader: (name) => headerText(headers[name]),
      },
      override,
    );
  }

  #internalError(ctx: RequestContext): Reply {
    return ctx.kind === 'REST'
      ? this.#restResponse(ctx, 'API_CONFIGURATION_ERROR')
      : httpErrorReply(500);
  }

  /** Adds the standard headers (apigateway.md §7.3) and CORS, writes, and logs the access line. */
  #respond(ctx: RequestContext, reply: Reply): void {
    if (reply === CLIENT_GONE) return;
    const res = ctx.res;
    if ('stream' in res ? res.stream.destroyed : res.destroyed) {
      this.#logger.debug(`client went away before the answer to ${ctx.method} ${ctx.rawPath}`);
      return;
    }
    let headers = reply.headers;
    if (ctx.kind === 'REST') {
      headers.push('x-amzn-RequestId', ctx.requestId, 'x-amz-apigw-id', ctx.extendedRequestId);
      if (ctx.fromLambda && ctx.traceHeader !== undefined)
        headers.push('X-Amzn-Trace-Id', ctx.traceHeader);
    } else {
      const api = ctx.api;
      if (api?.kind === 'HTTP' && api.cors !== undefined && !ctx.corsHandled) {
        headers = applyCors(api.cors, headers, ctx.origin);
      }
      headers.push('apigw-requestid', ctx.requestId);
    }
    const out = headers === reply.headers ? reply : { ...reply, headers };
    try {
      sendReply(res, out, ctx.method === 'HEAD');
    } catch (error) {
      this.#logger.error(
        `gateway could not write the response to ${ctx.method} ${ctx.rawPath}`,
        error,
      );
      this.#sendFallback(res, ctx.kind);
    }
    this.#logger.debug(
      `${ctx.method} ${ctx.rawPath} ${out.status} ${ctx.api?.id ?? '-'} ${ctx.requestId} ` +
        `${(this.#clock.monotonic() - ctx.startedMono).toFixed(1)}ms`,
    );
  }

  /** Last resort when writing failed: the family's 500, if nothing was sent yet. */
  #sendFallback(res: GatewayResponse, kind: 'REST' | 'HTTP'): void {
    try {
      if (res.headersSent) {
        res.end();
        return;
      }
      const body =
        kind === 'REST'
          ? '{"message": "Internal server error"}'
          : '{"message":"Internal Server Error"}';
      res.writeHead(500, {
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(body)),
      });
      res.end(body);
    } catch (error) {
      this.#logger.error('gateway could not answer a failed request', error);
    }
  }
}
