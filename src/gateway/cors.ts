/**
 * HTTP API built-in CORS (apigateway.md §6.2). Only requests with an `Origin` get CORS headers;
 * the gateway answers a preflight itself (204) only when no route matched it; for every other
 * response it adds its own headers and drops whatever CORS headers the backend returned.
 * REST APIs have no built-in CORS: their OPTIONS routes are ordinary (mock) routes.
 */
import type { HttpCorsModel } from '../core/app-model.js';
import type { Reply } from './reply.js';

export interface CompiledCors {
  readonly anyOrigin: boolean;
  /** Exact origins, lower-cased. */
  readonly origins: ReadonlySet<string>;
  /** `https://*` style entries as prefix + suffix around the single `*`. */
  readonly patterns: readonly { prefix: string; suffix: string }[];
  /** Configured methods (upper-case) or undefined for "not configured / `*`". */
  readonly methods: ReadonlySet<string> | undefined;
  readonly allowMethods: string | undefined;
  /** Configured request headers (lower-case) or undefined for "not configured / `*`". */
  readonly headers: ReadonlySet<string> | undefined;
  readonly allowHeaders: string | undefined;
  readonly exposeHeaders: string | undefined;
  readonly allowCredentials: boolean;
  readonly maxAge: string | undefined;
}

function joinList(values: readonly string[]): string | undefined {
  return values.length === 0 ? undefined : values.join(',');
}

/** Compiles an API's CORS configuration. */
export function compileCors(model: HttpCorsModel): CompiledCors {
  const origins = new Set<string>();
  const patterns: { prefix: string; suffix: string }[] = [];
  let anyOrigin = false;
  for (const raw of model.allowOrigins) {
    const origin = raw.trim().toLowerCase();
    if (origin === '*') anyOrigin = true;
    else if (origin.includes('*')) {
      const star = origin.indexOf('*');
      patterns.push({ prefix: origin.slice(0, star), suffix: origin.slice(star + 1) });
    } else origins.add(origin);
  }
  const methodList = model.allowMethods.map((m) => m.trim().toUpperCase());
  const headerList = model.allowHeaders.map((h) => h.trim().toLowerCase());
  return {
    anyOrigin,
    origins,
    patterns,
    methods: methodList.length === 0 || methodList.includes('*') ? undefined : new Set(methodList),
    allowMethods: joinList(model.allowMethods),
    headers: headerList.length === 0 || headerList.includes('*') ? undefined : new Set(headerList),
    allowHeaders: joinList(model.allowHeaders),
    exposeHeaders: joinList(model.exposeHeaders),
    allowCredentials: model.allowCredentials,
    maxAge: model.maxAge === undefined ? undefined : String(model.maxAge),
  };
}

/** The `Access-Control-Allow-Origin` value for `origin`, or undefined when it is not allowed. */
export function allowOriginFor(cors: CompiledCors, origin: string): string | undefined {
  if (cors.anyOrigin) return '*';
  const lower = origin.toLowerCase();
  if (cors.origins.has(lower)) return origin;
  for (const p of cors.patterns) {
    if (
      lower.length > p.prefix.length + p.suffix.length &&
      lower.startsWith(p.prefix) &&
      lower.endsWith(p.suffix)
    ) {
      return origin;
    }
  }
  return undefined;
}

/** True for a CORS preflight: OPTIONS with both `Origin` and `Access-Control-Request-Method`. */
export function isPreflight(
  method: string,
  origin: string | undefined,
  requestMethod: string | undefined,
): boolean {
  return method === 'OPTIONS' && origin !== undefined && requestMethod !== undefined;
}

/**
 * The gateway's own answer to a preflight no route matched: 204, with CORS headers only when
 * the origin, method and headers are all allowed, so a browser blocks anything else.
 */
export function preflightReply(
  cors: CompiledCors,
  origin: string,
  requestMethod: string,
  requestHeaders: string | undefined,
): Reply {
  const headers: string[] = [];
  const allowOrigin = allowOriginFor(cors, origin);
  const methodOk =
    cors.methods === undefined || cors.methods.has(requestMethod.trim().toUpperCase());
  let headersOk = true;
  if (cors.headers !== undefined && requestHeaders !== undefined) {
    for (const h of requestHeaders.split(',')) {
      const name = h.trim().toLowerCase();
      if (name !== '' && !cors.headers.has(name)) headersOk = false;
    }
  }
  if (allowOrigin !== undefined && methodOk && headersOk) {
    headers.push('access-control-allow-origin', allowOrigin);
    if (cors.allowCredentials) headers.push('access-control-allow-credentials', 'true');
    if (cors.allowMethods !== undefined)
      headers.push('access-control-allow-methods', cors.allowMethods);
    if (cors.allowHeaders !== undefined)
      headers.push('access-control-allow-headers', cors.allowHeaders);
    if (cors.exposeHeaders !== undefined)
      headers.push('access-control-expose-headers', cors.exposeHeaders);
    if (cors.maxAge !== undefined) headers.push('access-control-max-age', cors.maxAge);
  }
  return { status: 204, headers, body: '' };
}

/**
 * Rewrites a response's headers for CORS: the backend's `Access-Control-*` headers go ("API
 * Gateway ignores CORS headers returned from your backend integration"), and an allowed
 * `origin` gets the gateway's.
 */
export function applyCors(
  cors: CompiledCors,
  headers: string[],
  origin: string | undefined,
): string[] {
  const out: string[] = [];
  for (let i = 0; i < headers.length; i += 2) {
    const name = headers[i]!;
    if (name.length > 15 && name.slice(0, 15).toLowerCase() === 'access-control-') continue;
    out.push(name, headers[i + 1]!);
  }
  if (origin === undefined) return out;
  const allowOrigin = allowOriginFor(cors, origin);
  if (allowOrigin === undefined) return out;
  out.push('access-control-allow-origin', allowOrigin);
  if (cors.allowCredentials) out.push('access-control-allow-credentials', 'true');
  if (cors.exposeHeaders !== undefined)
    out.push('access-control-expose-headers', cors.exposeHeaders);
  return out;
}
