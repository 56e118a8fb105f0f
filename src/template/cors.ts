import type { RestCorsModel, RestRouteModel } from '../core/app-model.js';
import { templateError, warn, type TemplateContext } from './context.js';
import { unquoteMapping } from './openapi.js';
import type { PropertyReader } from './read.js';
import { isRecord, isScalar, scalarToString } from './values.js';

// What SAM lists for a path with an ANY method (SAM swagger editor, CORS methods for a path).
const ALL_METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'];

// The mock SAM writes for a preflight answers with this body template.
const PREFLIGHT_BODY = '{}\n';

function literal(value: string, property: string, logicalId: string, ctx: TemplateContext): string {
  if (!(value.startsWith("'") && value.endsWith("'"))) {
    warn(
      ctx,
      logicalId,
      `Cors.${property} ${JSON.stringify(value)} should be quoted, e.g. "'${value}'"; API Gateway rejects unquoted header values`,
    );
  }
  return unquoteMapping(value);
}

/** Reads SAM's `Cors` (a quoted origin string, or an object) of a REST API. */
export function readRestCors(
  p: PropertyReader,
  logicalId: string,
  ctx: TemplateContext,
): RestCorsModel | undefined {
  const value = p.props['Cors'];
  if (value === undefined || value === null) return undefined;
  if (isScalar(value))
    return { allowOrigin: literal(scalarToString(value), 'AllowOrigin', logicalId, ctx) };
  if (!isRecord(value))
    throw p.error(
      'Cors',
      'must be an origin such as "\'*\'" or {AllowOrigin, AllowMethods, AllowHeaders, …}',
    );
  const c = p.child('Cors');
  const cors: RestCorsModel = {
    allowOrigin: literal(c.requiredString('AllowOrigin'), 'AllowOrigin', logicalId, ctx),
  };
  const methods = c.string('AllowMethods');
  if (methods !== undefined) cors.allowMethods = literal(methods, 'AllowMethods', logicalId, ctx);
  const headers = c.string('AllowHeaders');
  if (headers !== undefined) cors.allowHeaders = literal(headers, 'AllowHeaders', logicalId, ctx);
  const maxAge = c.string('MaxAge');
  if (maxAge !== undefined) cors.maxAge = Number(unquoteMapping(maxAge));
  const credentials = c.boolean('AllowCredentials');
  if (credentials === true) {
    // SAM refuses this combination: browsers reject credentials with a wildcard origin.
    if (cors.allowOrigin === '*')
      throw templateError(
        ctx,
        `${c.path}.AllowCredentials`,
        "cannot be true when AllowOrigin is '*'",
      );
    cors.allowCredentials = true;
  }
  return cors;
}

/** Options for the OPTIONS methods SAM adds: they inherit the API's auth unless told not to. */
export interface PreflightOptions {
  authorizer?: string;
  apiKeyRequired: boolean;
}

/**
 * Adds, for every path without an OPTIONS method, the MOCK OPTIONS method SAM's `Cors`
 * generates: 200 with the Access-Control-Allow-* headers. Allow-Methods, unless given, lists
 * the path's methods plus OPTIONS, upper-case, sorted, comma-joined (ANY means all methods).
 */
export function addCorsPreflights(
  routes: RestRouteModel[],
  cors: RestCorsModel,
  options: PreflightOptions,
): void {
  const byPath = new Map<string, Set<string>>();
  for (const route of routes) {
    const set = byPath.get(route.path) ?? new Set<string>();
    set.add(route.method.toUpperCase());
    byPath.set(route.path, set);
  }
  for (const [path, methods] of byPath) {
    if (methods.has('OPTIONS')) continue;
    const headers: Record<string, string> = { 'Access-Control-Allow-Origin': cors.allowOrigin };
    if (cors.allowHeaders !== undefined)
      headers['Access-Control-Allow-Headers'] = cors.allowHeaders;
    headers['Access-Control-Allow-Methods'] = cors.allowMethods ?? allowedMethods(methods);
    if (cors.maxAge !== undefined) headers['Access-Control-Max-Age'] = String(cors.maxAge);
    if (cors.allowCredentials === true) headers['Access-Control-Allow-Credentials'] = 'true';
    const route: RestRouteModel = {
      path,
      method: 'OPTIONS',
      integration: { type: 'mock', statusCode: 200, headers, body: PREFLIGHT_BODY },
      apiKeyRequired: options.apiKeyRequired,
    };
    if (options.authorizer !== undefined) route.authorizer = options.authorizer;
    routes.push(route);
  }
}

function allowedMethods(methods: Set<string>): string {
  if (methods.has('ANY')) return ALL_METHODS.join(',');
  return [...new Set([...methods, 'OPTIONS'])].sort().join(',');
}
