/**
 * The REST-JSON protocol (Lambda, API Gateway management, …): operations are chosen by HTTP
 * method and URI template; parameters come from the path, query and headers; bodies are JSON;
 * errors carry their code in `x-amzn-ErrorType` and a JSON body.
 */
import type { AwsError } from '../core/errors.js';
import type { AwsRequest, AwsResponse } from './types.js';

export interface RestJsonRoute {
  /** AWS's exact operation name, e.g. `Invoke`. */
  operation: string;
  method: string;
  /** URI template as in the service model, e.g. `/2015-03-31/functions/{FunctionName}/invocations`. */
  path: string;
}

export interface MatchedRoute {
  operation: string;
  /** Path labels, percent-decoded. */
  params: Record<string, string>;
}

interface CompiledRoute {
  operation: string;
  method: string;
  pattern: RegExp;
  labels: string[];
}

/** Compiles a route table once; the returned matcher picks the operation for a request. */
export function createRestJsonRouter(
  routes: readonly RestJsonRoute[],
): (req: AwsRequest) => MatchedRoute | undefined {
  const compiled: CompiledRoute[] = routes.map((route) => {
    const labels: string[] = [];
    const source = route.path
      .split(/(\{[^}]+\})/)
      .map((part) => {
        const label = /^\{([^}+]+)(\+)?\}$/.exec(part);
        if (!label) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        labels.push(label[1]!);
        return label[2] ? '(.+)' : '([^/]+)';
      })
      .join('');
    // AWS accepts the same paths with and without a trailing slash.
    return {
      operation: route.operation,
      method: route.method,
      pattern: new RegExp(`^${source.replace(/\/$/, '')}/?$`),
      labels,
    };
  });
  return (req) => {
    for (const route of compiled) {
      if (route.method !== req.method) continue;
      const m = route.pattern.exec(req.path);
      if (!m) continue;
      const params: Record<string, string> = {};
      route.labels.forEach((label, i) => (params[label] = decodeURIComponent(m[i + 1]!)));
      return { operation: route.operation, params };
    }
    return undefined;
  };
}

/** A JSON response with AWS's request-id header. */
export function jsonResponse(
  req: AwsRequest,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): AwsResponse {
  return {
    status,
    headers: { 'content-type': 'application/json', 'x-amzn-requestid': req.requestId, ...headers },
    body: body === undefined ? '' : JSON.stringify(body),
  };
}

/**
 * Renders an AwsError as REST-JSON services do: `x-amzn-ErrorType` names the code and the body
 * carries `message` (plus service-specific fields such as Lambda's `Type`).
 */
export function restJsonError(req: AwsRequest, error: AwsError): AwsResponse {
  const body: Record<string, unknown> = { ...error.fields, message: error.message };
  return {
    status: error.status,
    headers: {
      'content-type': 'application/json',
      'x-amzn-requestid': req.requestId,
      'x-amzn-errortype': error.code,
      ...error.headers,
    },
    body: JSON.stringify(body),
  };
}
