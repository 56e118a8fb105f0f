import type { AuthorizerModel, HttpCorsModel, HttpRouteModel } from '../core/app-model.js';
import { templateError, warn } from './context.js';
import {
  authorizerExtension,
  DEFAULT_HTTP_TIMEOUT_MS,
  identitySources,
  integrationOf,
  lambdaIntegration,
  operations,
  securitySchemes,
  str,
  substituteAwsVariables,
  functionArnFromUri,
  type DefinitionContext,
} from './openapi.js';
import { isRecord, isScalar, scalarToString, type PlainObject } from './values.js';

/** What an HTTP API's OpenAPI 3 definition declares. */
export interface HttpDefinition {
  routes: HttpRouteModel[];
  authorizers: AuthorizerModel[];
  cors?: HttpCorsModel;
  disableExecuteApiEndpoint?: boolean;
}

/** Reads routes, authorizers and CORS of an HTTP API OpenAPI 3 definition. */
export function readHttpDefinition(doc: unknown, d: DefinitionContext): HttpDefinition {
  if (!isRecord(doc)) throw templateError(d.ctx, d.path, 'must be an OpenAPI document');
  const schemes = securitySchemes(doc);
  const out: HttpDefinition = { routes: [], authorizers: [] };
  for (const { path, method, op, where } of operations(doc, d)) {
    const integration = integrationOf(op, doc, where, d);
    const type = str(integration?.['type'])?.toLowerCase();
    if (integration === undefined || type !== 'aws_proxy') {
      warn(
        d.ctx,
        d.logicalId,
        `${method} ${path}: ${type === undefined ? 'no x-amazon-apigateway-integration' : `integration type '${type}' is not supported (only aws_proxy)`}; the route is skipped`,
      );
      continue;
    }
    const lambda = lambdaIntegration(integration, where, DEFAULT_HTTP_TIMEOUT_MS, d);
    const version = str(integration['payloadFormatVersion']) ?? '2.0';
    const route: HttpRouteModel = {
      routeKey: path === '$default' ? '$default' : `${method} ${path}`,
      integration: { ...lambda, payloadFormatVersion: version === '1.0' ? '1.0' : '2.0' },
    };
    const security = op['security'] ?? doc['security'];
    if (Array.isArray(security)) {
      for (const requirement of security) {
        if (!isRecord(requirement)) continue;
        for (const [name, scopes] of Object.entries(requirement)) {
          if (authorizerExtension(schemes[name]) === undefined) continue;
          route.authorizer = name;
          if (Array.isArray(scopes) && scopes.length > 0)
            route.authorizationScopes = scopes.filter(isScalar).map(scalarToString);
        }
      }
    }
    out.routes.push(route);
  }
  for (const [name, scheme] of Object.entries(schemes)) {
    const ext = authorizerExtension(scheme);
    if (ext === undefined) continue;
    const type = (str(ext['type']) ?? '').toLowerCase();
    if (type === 'jwt') {
      const jwt = isRecord(ext['jwtConfiguration']) ? ext['jwtConfiguration'] : {};
      const audience = jwt['audience'];
      const authorizer: AuthorizerModel = {
        name,
        type: 'JWT',
        identitySources: identitySources(ext['identitySource'] ?? '$request.header.Authorization'),
        audience: Array.isArray(audience) ? audience.filter(isScalar).map(scalarToString) : [],
      };
      const issuer = str(jwt['issuer']);
      if (issuer !== undefined) authorizer.issuer = issuer;
      out.authorizers.push(authorizer);
    } else {
      const uri = str(ext['authorizerUri']);
      const authorizer: AuthorizerModel = {
        name,
        type: 'REQUEST',
        identitySources: identitySources(ext['identitySource']),
        payloadFormatVersion: str(ext['authorizerPayloadFormatVersion']) === '1.0' ? '1.0' : '2.0',
        enableSimpleResponses: ext['enableSimpleResponses'] === true,
        resultTtlSeconds:
          ext['authorizerResultTtlInSeconds'] === undefined
            ? 0
            : Number(ext['authorizerResultTtlInSeconds']),
      };
      const arn =
        uri === undefined ? undefined : functionArnFromUri(substituteAwsVariables(uri, d.ctx));
      if (arn !== undefined) authorizer.functionArn = arn;
      out.authorizers.push(authorizer);
    }
  }
  const cors = doc['x-amazon-apigateway-cors'];
  if (isRecord(cors)) out.cors = httpCors(cors, false);
  const endpoint = doc['x-amazon-apigateway-endpoint-configuration'];
  if (isRecord(endpoint) && endpoint['disableExecuteApiEndpoint'] !== undefined) {
    out.disableExecuteApiEndpoint = endpoint['disableExecuteApiEndpoint'] === true;
  }
  return out;
}

/**
 * An HTTP API CORS configuration, from `x-amazon-apigateway-cors` (camelCase keys) or
 * CloudFormation / SAM `CorsConfiguration` (PascalCase keys).
 */
export function httpCors(config: PlainObject, pascal: boolean): HttpCorsModel {
  const key = (name: string): string => (pascal ? name[0]!.toUpperCase() + name.slice(1) : name);
  const list = (name: string): string[] => {
    const v = config[key(name)];
    return Array.isArray(v)
      ? v.filter(isScalar).map(scalarToString)
      : isScalar(v)
        ? [scalarToString(v)]
        : [];
  };
  const out: HttpCorsModel = {
    allowOrigins: list('allowOrigins'),
    allowMethods: list('allowMethods'),
    allowHeaders: list('allowHeaders'),
    exposeHeaders: list('exposeHeaders'),
    allowCredentials:
      config[key('allowCredentials')] === true || config[key('allowCredentials')] === 'true',
  };
  const maxAge = config[key('maxAge')];
  if (maxAge !== undefined) out.maxAge = Number(maxAge);
  return out;
}
