/**
 * REST API (v1) resource matching (apigateway.md §1.3): static > `{param}` > `{proxy+}` with
 * fallback; `{proxy+}` never matches its parent; the exact method beats `ANY`; no implicit HEAD
 * or OPTIONS; a single trailing slash is ignored. The tree is built once per deploy.
 */
import type { GatewayResponseModel, RestApiModel, RestRouteModel } from '../core/app-model.js';
import { createStableId } from '../core/ids.js';
import { BinaryMediaTypes } from './binary.js';
import { compileIntegration, type CompiledIntegration } from './integration.js';
import { paramNamesOf, RouteTree, type RouteMatch, type RouteValue } from './route-tree.js';

/** The methods a REST `ANY` method stands for (LS `ApiGatewayMethodRule`). */
const REST_ANY_METHODS = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT']);

/** REST integrations time out after 29 s unless the route says otherwise (apigateway.md §8.1). */
export const DEFAULT_REST_TIMEOUT_MS = 29_000;

export interface CompiledRestRoute extends RouteValue {
  readonly model: RestRouteModel;
  /** Resource template, e.g. `/items/{id}`. */
  readonly resourcePath: string;
  /** A stable 6-character resource id, as `requestContext.resourceId` carries. */
  readonly resourceId: string;
  readonly method: string;
  readonly integration: CompiledIntegration;
}

export interface CompiledRestApi {
  readonly kind: 'REST';
  readonly model: RestApiModel;
  readonly id: string;
  readonly stage: string;
  /** `null` when the stage has none, as the event carries it. */
  readonly stageVariables: Readonly<Record<string, string>> | null;
  readonly binary: BinaryMediaTypes;
  /** `{apiId}.execute-api.{region}.amazonaws.com`. */
  readonly domainName: string;
  readonly deploymentId: string;
  readonly gatewayResponses: ReadonlyMap<string, GatewayResponseModel>;
  readonly tree: RouteTree<CompiledRestRoute>;
  readonly routes: readonly CompiledRestRoute[];
}

/** Normalises a resource path: leading `/`, no trailing `/` (except the root). */
export function normalizeResourcePath(path: string): string {
  let p = path.startsWith('/') ? path : `/${path}`;
  if (p.length > 1 && p.endsWith('/')) p = p.slice(0, -1);
  return p;
}

/** Compiles one REST API for serving. */
export function compileRestApi(
  model: RestApiModel,
  region: string,
  deploySeed: string,
): CompiledRestApi {
  const id = model.id.toLowerCase();
  const vars = Object.keys(model.stageVariables).length > 0 ? { ...model.stageVariables } : null;
  const tree = new RouteTree<CompiledRestRoute>((m) => REST_ANY_METHODS.has(m));
  const routes: CompiledRestRoute[] = [];
  for (const route of model.routes) {
    const resourcePath = normalizeResourcePath(route.path);
    const method = route.method.toUpperCase();
    const compiled: CompiledRestRoute = {
      model: route,
      resourcePath,
      resourceId: createStableId(`${id}:${resourcePath}`, 6),
      method,
      paramNames: paramNamesOf(resourcePath),
      integration: compileIntegration(route.integration, vars, DEFAULT_REST_TIMEOUT_MS),
    };
    tree.add(resourcePath, method, compiled);
    routes.push(compiled);
  }
  return {
    kind: 'REST',
    model,
    id,
    stage: model.stageName,
    stageVariables: vars,
    binary: new BinaryMediaTypes(model.binaryMediaTypes),
    domainName: `${id}.execute-api.${region}.amazonaws.com`,
    deploymentId: createStableId(`${id}:${deploySeed}`, 6),
    gatewayResponses: new Map(model.gatewayResponses.map((r) => [r.type, r])),
    tree,
    routes,
  };
}

/** Matches decoded path segments (stage already removed) and a method against a REST API. */
export function matchRestRoute(
  api: CompiledRestApi,
  segments: readonly string[],
  method: string,
): RouteMatch<CompiledRestRoute> | undefined {
  return api.tree.match(segments, method, true);
}
