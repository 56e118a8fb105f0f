/**
 * Answers the gateway gives itself (apigateway.md §7). REST answers are gateway-response types
 * the API may customise (`GatewayResponses`: the type, then `DEFAULT_4XX` / `DEFAULT_5XX`, then
 * the built-in default); HTTP API answers are fixed and carry no `x-amzn-ErrorType`.
 */
import type { GatewayResponseModel } from '../core/app-model.js';
import type { Reply } from './reply.js';
import type { CompiledRestApi } from './rest-router.js';

/** The REST gateway-response types Stratus raises so far. */
export type RestResponseType =
  | 'MISSING_AUTHENTICATION_TOKEN'
  | 'INTEGRATION_FAILURE'
  | 'INTEGRATION_TIMEOUT'
  | 'REQUEST_TOO_LARGE'
  | 'API_CONFIGURATION_ERROR';

interface RestResponseSpec {
  status: number;
  message: string;
  errorType: string | undefined;
  /** The built-in body when it differs from `{"message":<messageString>}`. */
  body?: string;
}

/**
 * Built-in defaults. Lambda-proxy failures answer `{"message": "Internal server error"}` with a
 * space after the colon, as AWS renders them (LS snapshots).
 */
const REST_DEFAULTS: Record<RestResponseType, RestResponseSpec> = {
  MISSING_AUTHENTICATION_TOKEN: {
    status: 403,
    message: 'Missing Authentication Token',
    errorType: 'MissingAuthenticationTokenException',
  },
  INTEGRATION_FAILURE: {
    status: 502,
    message: 'Internal server error',
    errorType: 'InternalServerErrorException',
    body: '{"message": "Internal server error"}',
  },
  INTEGRATION_TIMEOUT: {
    status: 504,
    message: 'Endpoint request timed out',
    errorType: 'InternalServerErrorException',
  },
  REQUEST_TOO_LARGE: { status: 413, message: 'Request Too Long', errorType: undefined },
  API_CONFIGURATION_ERROR: {
    status: 500,
    message: 'Internal server error',
    errorType: 'InternalServerErrorException',
    body: '{"message": "Internal server error"}',
  },
};

/** What a gateway response may refer to when it is rendered. */
export interface GatewayResponseScope {
  requestId: string;
  extendedRequestId: string;
  /** Case-insensitive lookup of a request header (lower-case name). */
  requestHeader(name: string): string | undefined;
}

export interface RestResponseOverride {
  status?: number;
  errorType?: string;
  body?: string;
}

/**
 * A REST gateway response of `type`, honouring the API's customisation. `override` adjusts the
 * built-in default for Lambda-proxy cases (502 function error, 500 rejected invoke, 413 payload).
 */
export function restGatewayResponse(
  api: CompiledRestApi | undefined,
  type: RestResponseType,
  scope: GatewayResponseScope,
  override?: RestResponseOverride,
): Reply {
  const spec = REST_DEFAULTS[type];
  const status = override?.status ?? spec.status;
  const errorType = override?.errorType ?? spec.errorType;
  const defaultBody = override?.body ?? spec.body ?? `{"message":${JSON.stringify(spec.message)}}`;
  const custom =
    api === undefined || type === 'REQUEST_TOO_LARGE'
      ? undefined
      : (api.gatewayResponses.get(type) ??
        api.gatewayResponses.get(status >= 500 ? 'DEFAULT_5XX' : 'DEFAULT_4XX'));
  const headers: string[] = [];
  if (custom === undefined) {
    headers.push('Content-Type', 'application/json');
    if (errorType !== undefined) headers.push('x-amzn-ErrorType', errorType);
    return { status, headers, body: defaultBody };
  }
  return renderCustom(api!, custom, type, spec.message, status, errorType, scope);
}

function renderCustom(
  api: CompiledRestApi,
  custom: GatewayResponseModel,
  type: RestResponseType,
  message: string,
  status: number,
  errorType: string | undefined,
  scope: GatewayResponseScope,
): Reply {
  const headers: string[] = [];
  const templates = Object.entries(custom.templates);
  const [mediaType, template] = templates.find(([t]) => t === 'application/json') ??
    templates[0] ?? ['application/json', '{"message":$context.error.messageString}'];
  headers.push('Content-Type', mediaType);
  if (errorType !== undefined) headers.push('x-amzn-ErrorType', errorType);
  for (const [name, expr] of Object.entries(custom.headers)) {
    const value = headerExpression(api, expr, scope);
    if (value !== undefined) headers.push(name, value);
  }
  const vars: Record<string, string> = {
    'context.error.messageString': JSON.stringify(message),
    'context.error.message': message,
    'context.error.responseType': type,
    'context.requestId': scope.requestId,
    'context.extendedRequestId': scope.extendedRequestId,
    'context.apiId': api.id,
    'context.stage': api.stage,
  };
  const body = template.replace(
    /\$\{((?:context|stageVariables)\.[A-Za-z0-9_.]+)\}|\$((?:context|stageVariables)(?:\.[A-Za-z0-9_]+)+)/g,
    (whole, braced: string | undefined, bare: string | undefined) => {
      const name = braced ?? bare ?? '';
      if (name.startsWith('stageVariables.')) {
        return api.stageVariables?.[name.slice('stageVariables.'.length)] ?? '';
      }
      return vars[name] ?? whole;
    },
  );
  return { status: custom.statusCode ?? status, headers, body };
}

/** A gateway-response header mapping: `'literal'`, `method.request.header.X`, `stageVariables.X`. */
function headerExpression(
  api: CompiledRestApi,
  expr: string,
  scope: GatewayResponseScope,
): string | undefined {
  if (expr.length >= 2 && expr.startsWith("'") && expr.endsWith("'")) return expr.slice(1, -1);
  if (expr.startsWith('method.request.header.')) {
    return scope.requestHeader(expr.slice('method.request.header.'.length).toLowerCase());
  }
  if (expr.startsWith('stageVariables.')) return api.stageVariables?.[expr.slice(15)];
  return expr;
}

/** REST's 403 for an unknown or undeployed stage; not a customisable gateway response. */
export function restForbiddenReply(): Reply {
  return {
    status: 403,
    headers: ['Content-Type', 'application/json', 'x-amzn-ErrorType', 'ForbiddenException'],
    body: '{"message":"Forbidden"}',
  };
}

const HTTP_MESSAGES: Record<number, string> = {
  403: 'Forbidden',
  404: 'Not Found',
  413: 'Request Too Long',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** HTTP API's fixed error answers: `{"message":"Not Found"}` and friends. */
export function httpErrorReply(status: 403 | 404 | 413 | 500 | 503): Reply {
  return {
    status,
    headers: ['content-type', 'application/json'],
    body: `{"message":${JSON.stringify(HTTP_MESSAGES[status])}}`,
  };
}
