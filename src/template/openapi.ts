import type {
  AuthorizerModel,
  GatewayResponseModel,
  IntegrationModel,
  LambdaIntegrationModel,
  RestRouteModel,
} from '../core/app-model.js';
import { templateError, warn, type TemplateContext } from './context.js';
import { childPath, isRecord, isScalar, scalarToString, type PlainObject } from './values.js';

const OPERATION_KEYS: Record<string, string> = {
  get: 'GET',
  put: 'PUT',
  post: 'POST',
  delete: 'DELETE',
  options: 'OPTIONS',
  head: 'HEAD',
  patch: 'PATCH',
  'x-amazon-apigateway-any-method': 'ANY',
};

export const DEFAULT_REST_TIMEOUT_MS = 29000;
export const DEFAULT_HTTP_TIMEOUT_MS = 30000;
const DEFAULT_AUTHORIZER_TTL_SECONDS = 300;

/** A route read from a definition, remembering whether it declared its own `security`. */
export interface DefinedRestRoute {
  route: RestRouteModel;
  declaresSecurity: boolean;
}

/** What a REST API's OpenAPI definition declares (API Gateway's import mapping). */
export interface RestDefinition {
  routes: DefinedRestRoute[];
  authorizers: AuthorizerModel[];
  binaryMediaTypes: string[];
  gatewayResponses: GatewayResponseModel[];
  minimumCompressionSize?: number;
  apiKeySource?: 'HEADER' | 'AUTHORIZER';
  disableExecuteApiEndpoint?: boolean;
}

export interface DefinitionContext {
  ctx: TemplateContext;
  logicalId: string;
  path: string;
}

/** `'value'` (an API Gateway header-mapping literal) → `value`; other expressions stay as written. */
export function unquoteMapping(value: string): string {
  return value.length >= 2 && value.startsWith("'") && value.endsWith("'")
    ? value.slice(1, -1)
    : value;
}

/** Substitutes the AWS variables API Gateway resolves at import (`${AWS::Region}`, …). */
export function substituteAwsVariables(value: string, ctx: TemplateContext): string {
  return value
    .replaceAll('${AWS::Region}', ctx.region)
    .replaceAll('${AWS::AccountId}', ctx.accountId)
    .replaceAll('${AWS::Partition}', 'aws');
}

/**
 * The function ARN a Lambda integration URI calls: what lies between `functions/` and
 * `/invocations` in `arn:aws:apigateway:<region>:lambda:path/2015-03-31/functions/<arn>/invocations`,
 * or the URI itself when it is already a function ARN (HTTP APIs allow that).
 */
export function functionArnFromUri(uri: string): string | undefined {
  const m = /:lambda:path\/[^/]+\/functions\/(.+)\/invocations$/.exec(uri);
  if (m) return m[1];
  if (/^arn:aws[a-z-]*:lambda:/.test(uri) || uri.startsWith('${stageVariables.')) return uri;
  return undefined;
}

export function operations(
  doc: PlainObject,
  d: DefinitionContext,
): { path: string; method: string; op: PlainObject; where: string }[] {
  const paths = doc['paths'];
  if (paths === undefined) return [];
  if (!isRecord(paths)) throw templateError(d.ctx, `${d.path}.paths`, 'must be a mapping of paths');
  const out: { path: string; method: string; op: PlainObject; where: string }[] = [];
  for (const [path, item] of Object.entries(paths)) {
    if (!isRecord(item)) continue;
    for (const [key, op] of Object.entries(item)) {
      const method = OPERATION_KEYS[key.toLowerCase()];
      if (method !== undefined && isRecord(op))
        out.push({ path, method, op, where: childPath(childPath(`${d.path}.paths`, path), key) });
    }
  }
  return out;
}

export function securitySchemes(doc: PlainObject): PlainObject {
  const v2 = doc['securityDefinitions'];
  const components = doc['components'];
  const v3 = isRecord(components) ? components['securitySchemes'] : undefined;
  return { ...(isRecord(v2) ? v2 : {}), ...(isRecord(v3) ? v3 : {}) };
}

export function authorizerExtension(scheme: unknown): PlainObject | undefined {
  const ext = isRecord(scheme) ? scheme['x-amazon-apigateway-authorizer'] : undefined;
  return isRecord(ext) ? ext : undefined;
}

export function str(value: unknown): string | undefined {
  return isScalar(value) ? scalarToString(value) : undefined;
}

export function integrationOf(
  op: PlainObject,
  doc: PlainObject,
  where: string,
  d: DefinitionContext,
): PlainObject | undefined {
  let integration = op['x-amazon-apigateway-integration'];
  if (isRecord(integration) && typeof integration['$ref'] === 'string') {
    const name = integration['$ref'].split('/').at(-1) ?? '';
    const components = doc['components'];
    const shared = isRecord(components)
      ? components['x-amazon-apigateway-integrations']
      : undefined;
    integration = isRecord(shared) ? shared[name] : undefined;
    if (integration === undefined)
      throw templateError(
        d.ctx,
        where,
        `integration $ref '${name}' names no x-amazon-apigateway-integrations entry`,
      );
  }
  return isRecord(integration) ? integration : undefined;
}

export function lambdaIntegration(
  integration: PlainObject,
  where: string,
  defaultTimeout: number,
  d: DefinitionContext,
): LambdaIntegrationModel {
  const uri = str(integration['uri']);
  const arn =
    uri === undefined ? undefined : functionArnFromUri(substituteAwsVariables(uri, d.ctx));
  if (arn === undefined) {
    throw templateError(
      d.ctx,
      `${where}.x-amazon-apigateway-integration.uri`,
      `is not a Lambda function integration URI: '${uri ?? ''}'`,
    );
  }
  const timeout = integration['timeoutInMillis'];
  return {
    type: 'lambda-proxy',
    functionArn: arn,
    timeoutMs: timeout === undefined ? defaultTimeout : Number(timeout),
  };
}

function mockIntegration(integration: PlainObject): IntegrationModel {
  const responses = integration['responses'];
  const response =
    isRecord(responses) && isRecord(responses['default']) ? responses['default'] : {};
  const headers: Record<string, string> = {};
  const parameters = response['responseParameters'];
  if (isRecord(parameters)) {
    for (const [key, value] of Object.entries(parameters)) {
      const m = /^method\.response\.header\.(.+)$/.exec(key);
      if (m && isScalar(value)) headers[m[1]!] = unquoteMapping(scalarToString(value));
    }
  }
  const templates = response['responseTemplates'];
  const body = isRecord(templates)
    ? (str(templates['application/json']) ?? str(Object.values(templates)[0]) ?? '')
    : '';
  return { type: 'mock', statusCode: Number(str(response['statusCode']) ?? '200'), headers, body };
}

/** Reads the routes, authorizers and API-level extensions of a REST API definition. */
export function readRestDefinition(doc: unknown, d: DefinitionContext): RestDefinition {
  if (!isRecord(doc)) throw templateError(d.ctx, d.path, 'must be an OpenAPI document');
  const schemes = securitySchemes(doc);
  const rootSecurity = doc['security'];
  const out: RestDefinition = {
    routes: [],
    authorizers: [],
    binaryMediaTypes: [],
    gatewayResponses: [],
  };
  for (const { path, method, op, where } of operations(doc, d)) {
    const integration = integrationOf(op, doc, where, d);
    const type = str(integration?.['type'])?.toLowerCase();
    let model: IntegrationModel;
    if (integration !== undefined && type === 'aws_proxy')
      model = lambdaIntegration(integration, where, DEFAULT_REST_TIMEOUT_MS, d);
    else if (integration !== undefined && type === 'mock') model = mockIntegration(integration);
    else {
      warn(
        d.ctx,
        d.logicalId,
        `${method} ${path}: ${type === undefined ? 'no x-amazon-apigateway-integration' : `integration type '${type}' is not supported (only aws_proxy and mock)`}; the route is skipped`,
      );
      continue;
    }
    const route: RestRouteModel = { path, method, integration: model, apiKeyRequired: false };
    const security = op['security'] ?? rootSecurity;
    applySecurity(route, security, schemes, d, `${method} ${path}`);
    out.routes.push({
      route,
      declaresSecurity: op['security'] !== undefined || rootSecurity !== undefined,
    });
  }
  for (const [name, scheme] of Object.entries(schemes)) {
    const ext = authorizerExtension(scheme);
    if (ext !== undefined)
      out.authorizers.push(restAuthorizer(name, scheme as PlainObject, ext, d));
  }
  const binary = doc['x-amazon-apigateway-binary-media-types'];
  if (Array.isArray(binary))
    out.binaryMediaTypes = binary
      .filter(isScalar)
      .map((t) => scalarToString(t).replaceAll('~1', '/'));
  const responses = doc['x-amazon-apigateway-gateway-responses'];
  if (isRecord(responses)) {
    for (const [responseType, r] of Object.entries(responses)) {
      if (!isRecord(r)) continue;
      out.gatewayResponses.push(
        gatewayResponse(
          responseType,
          r['statusCode'],
          r['responseParameters'],
          r['responseTemplates'],
          'gatewayresponse.header.',
        ),
      );
    }
  }
  const compression = doc['x-amazon-apigateway-minimum-compression-size'];
  if (compression !== undefined) out.minimumCompressionSize = Number(compression);
  const keySource = str(doc['x-amazon-apigateway-api-key-source']);
  if (keySource === 'HEADER' || keySource === 'AUTHORIZER') out.apiKeySource = keySource;
  const endpoint = doc['x-amazon-apigateway-endpoint-configuration'];
  if (isRecord(endpoint) && endpoint['disableExecuteApiEndpoint'] !== undefined) {
    out.disableExecuteApiEndpoint = endpoint['disableExecuteApiEndpoint'] === true;
  }
  return out;
}

/** A gateway response, with quoted header literals unquoted and mapping expressions kept. */
export function gatewayResponse(
  type: string,
  statusCode: unknown,
  parameters: unknown,
  templates: unknown,
  headerPrefix: string,
): GatewayResponseModel {
  const headers: Record<string, string> = {};
  if (isRecord(parameters)) {
    for (const [key, value] of Object.entries(parameters)) {
      if (key.startsWith(headerPrefix) && isScalar(value))
        headers[key.slice(headerPrefix.length)] = unquoteMapping(scalarToString(value));
    }
  }
  const out: GatewayResponseModel = { type, headers, templates: {} };
  if (isRecord(templates)) {
    for (const [k, v] of Object.entries(templates))
      if (isScalar(v)) out.templates[k] = scalarToString(v);
  }
  const status = str(statusCode);
  if (status !== undefined) out.statusCode = Number(status);
  return out;
}

function applySecurity(
  route: RestRouteModel,
  security: unknown,
  schemes: PlainObject,
  d: DefinitionContext,
  label: string,
): void {
  if (!Array.isArray(security)) return;
  for (const requirement of security) {
    if (!isRecord(requirement)) continue;
    for (const [name, scopes] of Object.entries(requirement)) {
      const scheme = schemes[name];
      if (authorizerExtension(scheme) !== undefined) {
        route.authorizer = name;
        if (Array.isArray(scopes) && scopes.length > 0)
          route.authorizationScopes = scopes.filter(isScalar).map(scalarToString);
      } else if (
        isRecord(scheme) &&
        scheme['type'] === 'apiKey' &&
        String(scheme['name']).toLowerCase() === 'x-api-key'
      ) {
        route.apiKeyRequired = true;
      } else if (name === 'api_key') {
        route.apiKeyRequired = true;
      } else if (isRecord(scheme) && scheme['x-amazon-apigateway-authtype'] === 'awsSigv4') {
        warn(d.ctx, d.logicalId, `${label}: IAM (SigV4) authorization is not enforced by Stratus`);
      }
    }
  }
}

export function identitySources(value: unknown): string[] {
  return (str(value) ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function restAuthorizer(
  name: string,
  scheme: PlainObject,
  ext: PlainObject,
  d: DefinitionContext,
): AuthorizerModel {
  const type = (str(ext['type']) ?? 'token').toLowerCase();
  const ttl = ext['authorizerResultTtlInSeconds'];
  const resultTtlSeconds = ttl === undefined ? DEFAULT_AUTHORIZER_TTL_SECONDS : Number(ttl);
  if (type === 'cognito_user_pools') {
    const arns = ext['providerARNs'];
    return {
      name,
      type: 'COGNITO_USER_POOLS',
      userPoolArns: Array.isArray(arns) ? arns.filter(isScalar).map(scalarToString) : [],
      identityHeader: str(scheme['name']) ?? 'Authorization',
    };
  }
  const uri = str(ext['authorizerUri']);
  const functionArn =
    uri === undefined ? undefined : functionArnFromUri(substituteAwsVariables(uri, d.ctx));
  const out: AuthorizerModel = {
    name,
    type: type === 'request' ? 'REQUEST' : 'TOKEN',
    resultTtlSeconds,
  };
  if (functionArn !== undefined) out.functionArn = functionArn;
  if (out.type === 'TOKEN') out.identityHeader = str(scheme['name']) ?? 'Authorization';
  else out.identitySources = identitySources(ext['identitySource']);
  const validation = str(ext['identityValidationExpression']);
  if (validation !== undefined) out.validationExpression = validation;
  return out;
}
