/**
 * HTTP API (v2) route selection (apigateway.md §1.4): every full match (path variables count
 * as one segment) beats every greedy match, which beats `$default`; at one resource the explicit
 * method beats `ANY`; HEAD is not mapped to GET. The tree is built once per deploy.
 */
import type { HttpApiModel, HttpRouteModel } from '../core/app-model.js';
import { StratusError } from '../core/errors.js';
import { compileCors, type CompiledCors } from './cors.js';
import { compileIntegration, type CompiledLambdaIntegration } from './integration.js';
import { normalizeResourcePath } from './rest-router.js';
import { paramNamesOf, RouteTree, type RouteMatch, type RouteValue } from './route-tree.js';

/** HTTP API integrations time out after 30 s unless the route says otherwise (apigateway.md §8.1). */
export const DEFAULT_HTTP_TIMEOUT_MS = 30_000;

export interface CompiledHttpRoute extends RouteValue {
  readonly model: HttpRouteModel;
  readonly routeKey: string;
  /** Upper-case method, `ANY`, or `$default`. */
  readonly method: string;
  /** Route path template; `/` for `$default`. */
  readonly path: string;
  readonly payloadFormatVersion: '1.0' | '2.0';
  readonly integration: CompiledLambdaIntegration;
}

export interface CompiledHttpApi {
  readonly kind: 'HTTP';
  readonly model: HttpApiModel;
  readonly id: string;
  /** `$default` or a named stage. */
  readonly stage: string;
  readonly stageVariables: Readonly<Record<string, string>> | null;
  readonly domainName: string;
  readonly tree: RouteTree<CompiledHttpRoute>;
  readonly defaultRoute: CompiledHttpRoute | undefined;
  readonly cors: CompiledCors | undefined;
  readonly routes: readonly CompiledHttpRoute[];
}

function parseRouteKey(routeKey: string): { method: string; path: string } {
  if (routeKey === '$default') return { method: '$default', path: '/' };
  const space = routeKey.indexOf(' ');
  if (space <= 0) {
    throw new StratusError(
      'ERR_TEMPLATE_INVALID',
      `HTTP API route key "${routeKey}" must be "METHOD /path" or "$default".`,
    );
  }
  return {
    method: routeKey.slice(0, space).toUpperCase(),
    path: normalizeResourcePath(routeKey.slice(space + 1).trim()),
  };
}

/** Compiles one HTTP API for serving. */
export function compileHttpApi(model: HttpApiModel, region: string): CompiledHttpApi {
  const id = model.id.toLowerCase();
  const vars = Object.keys(model.stageVariables).length > 0 ? { ...model.stageVariables } : null;
  const tree = new RouteTree<CompiledHttpRoute>(() => true);
  const routes: CompiledHttpRoute[] = [];
  let defaultRoute: CompiledHttpRoute | undefined;
  for (const route of model.routes) {
    const { method, path } = parseRouteKey(route.routeKey.trim());
    const integration = compileIntegration(route.integration, vars, DEFAULT_HTTP_TIMEOUT_MS);
    if (integration.type !== 'lambda-proxy') continue;
    const compiled: CompiledHttpRoute = {
      model: route,
      routeKey: method === '$default' ? '$default' : `${method} ${path}`,
      method,
      path,
      paramNames: paramNamesOf(path),
      payloadFormatVersion: route.integration.payloadFormatVersion,
      integration,
    };
    routes.push(compiled);
    if (method === '$default') defaultRoute = compiled;
    else tree.add(path, method, compiled);
  }
  return {
    kind: 'HTTP',
    model,
    id,
    stage: model.stageName,
    stageVariables: vars,
    domainName: `${id}.execute-api.${region}.amazonaws.com`,
    tree,
    defaultRoute,
    cors: model.cors === undefined ? undefined : compileCors(model.cors),
    routes,
  };
}

/** Matches decoded path segments (stage already removed) and a method against an HTTP API. */
export function matchHttpRoute(
  api: CompiledHttpApi,
  segments: readonly string[],
  method: string,
): RouteMatch<CompiledHttpRoute> | undefined {
  return (
    api.tree.match(segments, method, false) ??
    api.tree.match(segments, method, true) ??
    (api.defaultRoute === undefined ? undefined : { value: api.defaultRoute, params: [] })
  );
}
