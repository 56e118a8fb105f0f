import type {
  AuthorizerModel,
  HttpApiModel,
  HttpCorsModel,
  HttpRouteModel,
} from '../core/app-model.js';
import { templateError, warn, type TemplateContext } from './context.js';
import { definitionFile } from './definition-file.js';
import type { ApiEventRoute } from './expand-events.js';
import { DEFAULT_HTTP_TIMEOUT_MS, functionArnFromUri } from './openapi.js';
import { httpCors, readHttpDefinition, type HttpDefinition } from './openapi-http.js';
import { PropertyReader } from './read.js';
import { IMPLICIT_HTTP_API, refText, type TemplateNode } from './template-nodes.js';
import { isRecord } from './values.js';

// SAM's default for an HttpApi event's TimeoutInMillis.
const DEFAULT_SAM_EVENT_TIMEOUT_MS = 5000;

/** Builds an HTTP API from an `AWS::Serverless::HttpApi` (explicit or implicit) or `AWS::ApiGatewayV2::Api`. */
export function expandHttpApi(
  node: TemplateNode,
  events: ApiEventRoute[],
  nodes: Map<string, TemplateNode>,
  ctx: TemplateContext,
): HttpApiModel {
  const p = new PropertyReader(node.resolved ?? {}, node.path, ctx);
  const sam = node.type === 'AWS::Serverless::HttpApi';
  const id = refText(node);
  const d = {
    ctx,
    logicalId: node.logicalId,
    path: `${node.path}.${sam ? 'DefinitionBody' : 'Body'}`,
  };
  let definition: HttpDefinition = { routes: [], authorizers: [] };
  if (p.has(sam ? 'DefinitionBody' : 'Body'))
    definition = readHttpDefinition(p.props[sam ? 'DefinitionBody' : 'Body'], d);
  else if (p.has('DefinitionUri'))
    definition = readHttpDefinition(definitionFile(p, ctx), {
      ...d,
      path: `${node.path}.DefinitionUri`,
    });
  const stage = sam
    ? { name: p.string('StageName') ?? '$default', variables: p.stringMap('StageVariables') }
    : cfnStage(id, nodes, ctx);
  const api: HttpApiModel = {
    logicalId: node.logicalId,
    id,
    name:
      p.string('Name') ?? (node.logicalId === IMPLICIT_HTTP_API ? ctx.stackName : node.logicalId),
    stageName: stage.name,
    stageVariables: stage.variables,
    routes: definition.routes,
    authorizers: definition.authorizers,
    disableExecuteApiEndpoint:
      p.boolean('DisableExecuteApiEndpoint') ?? definition.disableExecuteApiEndpoint ?? false,
  };
  const cors = readCors(p, ctx) ?? definition.cors;
  if (cors !== undefined) api.cors = cors;
  if (!sam) {
    const target = p.string('Target');
    if (target !== undefined) {
      const arn = functionArnFromUri(target);
      if (arn === undefined)
        throw p.error('Target', `quick create supports Lambda targets only, got '${target}'`);
      api.routes.push({
        routeKey: p.string('RouteKey') ?? '$default',
        integration: {
          type: 'lambda-proxy',
          functionArn: arn,
          timeoutMs: DEFAULT_HTTP_TIMEOUT_MS,
          payloadFormatVersion: '2.0',
        },
      });
    }
    api.routes.push(...cfnRoutes(id, nodes, ctx));
    return api;
  }

  const auth = p.child('Auth');
  api.authorizers.push(...samAuthorizers(auth));
  if (auth.boolean('EnableIamAuthorizer') === true)
    warn(
      ctx,
      node.logicalId,
      'Auth.EnableIamAuthorizer: IAM authorization is not enforced by Stratus',
    );
  const defaultAuthorizer = auth.string('DefaultAuthorizer');
  if (
    defaultAuthorizer !== undefined &&
    defaultAuthorizer !== 'NONE' &&
    defaultAuthorizer !== 'AWS_IAM'
  ) {
    findAuthorizer(api.authorizers, defaultAuthorizer, `${auth.path}.DefaultAuthorizer`, ctx);
    api.defaultAuthorizer = defaultAuthorizer;
  }
  for (const event of events) {
    const route = eventRoute(event, api, ctx);
    const existing = api.routes.findIndex((r) => r.routeKey === route.routeKey);
    if (existing >= 0) api.routes[existing] = route;
    else api.routes.push(route);
  }
  return api;
}

function eventRoute(event: ApiEventRoute, api: HttpApiModel, ctx: TemplateContext): HttpRouteModel {
  const p = event.props;
  const method =
    event.method === undefined
      ? undefined
      : event.method.toLowerCase() === 'any'
        ? 'ANY'
        : event.method.toUpperCase();
  const version = p.string('PayloadFormatVersion') ?? '2.0';
  if (version !== '1.0' && version !== '2.0')
    throw p.error('PayloadFormatVersion', `must be "1.0" or "2.0", got '${version}'`);
  const route: HttpRouteModel = {
    routeKey: method === undefined ? '$default' : `${method} ${event.path!}`,
    integration: {
      type: 'lambda-proxy',
      functionArn: event.functionArn,
      timeoutMs: p.number('TimeoutInMillis', 50, 30000) ?? DEFAULT_SAM_EVENT_TIMEOUT_MS,
      payloadFormatVersion: version,
    },
  };
  const auth = p.child('Auth');
  const authorizer = auth.string('Authorizer') ?? api.defaultAuthorizer;
  if (authorizer === 'AWS_IAM')
    warn(
      ctx,
      event.functionLogicalId,
      `event '${event.eventName}': AWS_IAM authorization is not enforced by Stratus`,
    );
  else if (authorizer !== undefined && authorizer !== 'NONE') {
    findAuthorizer(api.authorizers, authorizer, `${p.path}.Auth.Authorizer`, ctx);
    route.authorizer = authorizer;
    if (auth.has('AuthorizationScopes'))
      route.authorizationScopes = auth.strings('AuthorizationScopes');
  }
  return route;
}

function findAuthorizer(
  authorizers: AuthorizerModel[],
  name: string,
  path: string,
  ctx: TemplateContext,
): void {
  if (!authorizers.some((a) => a.name === name)) {
    throw templateError(
      ctx,
      path,
      `authorizer '${name}' is not defined in Auth.Authorizers (defined: ${authorizers.map((a) => a.name).join(', ') || 'none'})`,
    );
  }
}

/** SAM HttpApi `Auth.Authorizers`: JWT (`JwtConfiguration`) and Lambda (`FunctionArn`) authorizers. */
function samAuthorizers(auth: PropertyReader): AuthorizerModel[] {
  const authorizers = auth.child('Authorizers');
  return Object.keys(authorizers.props).map((name) => {
    const a = authorizers.child(name);
    if (a.has('JwtConfiguration')) {
      const jwt = a.child('JwtConfiguration');
      const out: AuthorizerModel = {
        name,
        type: 'JWT',
        audience: jwt.strings('audience'),
        identitySources: a.has('IdentitySource')
          ? a.strings('IdentitySource')
          : ['$request.header.Authorization'],
      };
      const issuer = jwt.string('issuer');
      if (issuer !== undefined) out.issuer = issuer;
      return out;
    }
    if (!a.has('FunctionArn'))
      throw a.error('', 'an authorizer needs JwtConfiguration or FunctionArn');
    const version = a.requiredString('AuthorizerPayloadFormatVersion');
    if (version !== '1.0' && version !== '2.0')
      throw a.error('AuthorizerPayloadFormatVersion', `must be "1.0" or "2.0", got '${version}'`);
    const identity = a.child('Identity');
    return {
      name,
      type: 'REQUEST',
      functionArn: a.requiredString('FunctionArn'),
      payloadFormatVersion: version,
      enableSimpleResponses: a.boolean('EnableSimpleResponses') ?? false,
      resultTtlSeconds: identity.number('ReauthorizeEvery', 0, 3600) ?? 0,
      identitySources: [
        ...identity.strings('Headers').map((h) => `$request.header.${h}`),
        ...identity.strings('QueryStrings').map((q) => `$request.querystring.${q}`),
        ...identity.strings('StageVariables').map((s) => `$stageVariables.${s}`),
        ...identity.strings('Context').map((c) => `$context.${c}`),
      ],
    };
  });
}

/** `CorsConfiguration`: `true` means AllowOrigins ['*'] only (as SAM does); or the object form. */
function readCors(p: PropertyReader, ctx: TemplateContext): HttpCorsModel | undefined {
  const value = p.props['CorsConfiguration'];
  if (value === undefined || value === false || value === null) return undefined;
  const cors =
    value === true || value === 'true'
      ? {
          allowOrigins: ['*'],
          allowMethods: [],
          allowHeaders: [],
          exposeHeaders: [],
          allowCredentials: false,
        }
      : isRecord(value)
        ? httpCors(value, true)
        : undefined;
  if (cors === undefined)
    throw p.error('CorsConfiguration', 'must be true or {AllowOrigins, AllowMethods, …}');
  if (cors.allowCredentials && cors.allowOrigins.includes('*')) {
    throw templateError(
      ctx,
      `${p.path}.CorsConfiguration.AllowCredentials`,
      "cannot be true when AllowOrigins contains '*'",
    );
  }
  return cors;
}

/** Stage of a plain `AWS::ApiGatewayV2::Api`, from its `AWS::ApiGatewayV2::Stage` (default `$default`). */
function cfnStage(
  id: string,
  nodes: Map<string, TemplateNode>,
  ctx: TemplateContext,
): { name: string; variables: Record<string, string> } {
  for (const n of nodes.values()) {
    if (n.type === 'AWS::ApiGatewayV2::Stage' && n.resolved?.['ApiId'] === id) {
      const p = new PropertyReader(n.resolved, n.path, ctx);
      return { name: p.requiredString('StageName'), variables: p.stringMap('StageVariables') };
    }
  }
  return { name: '$default', variables: {} };
}

/** Routes from `AWS::ApiGatewayV2::Route` + `Integration` resources of this API. */
function cfnRoutes(
  id: string,
  nodes: Map<string, TemplateNode>,
  ctx: TemplateContext,
): HttpRouteModel[] {
  const out: HttpRouteModel[] = [];
  for (const n of nodes.values()) {
    if (n.type !== 'AWS::ApiGatewayV2::Route' || n.resolved?.['ApiId'] !== id) continue;
    const p = new PropertyReader(n.resolved, n.path, ctx);
    const target = p.string('Target') ?? '';
    const integrationRef = target.replace(/^integrations\//, '');
    const integration = [...nodes.values()].find(
      (i) => i.type === 'AWS::ApiGatewayV2::Integration' && i.identity?.ref === integrationRef,
    );
    if (integration === undefined) {
      warn(
        ctx,
        n.logicalId,
        `route target '${target}' names no AWS::ApiGatewayV2::Integration in this template; the route is skipped`,
      );
      continue;
    }
    const ip = new PropertyReader(integration.resolved ?? {}, integration.path, ctx);
    const arn = functionArnFromUri(ip.string('IntegrationUri') ?? '');
    if (ip.string('IntegrationType')?.toUpperCase() !== 'AWS_PROXY' || arn === undefined) {
      warn(
        ctx,
        integration.logicalId,
        'only AWS_PROXY Lambda integrations are supported; the route is skipped',
      );
      continue;
    }
    const version = ip.string('PayloadFormatVersion') ?? '2.0';
    out.push({
      routeKey: p.requiredString('RouteKey'),
      integration: {
        type: 'lambda-proxy',
        functionArn: arn,
        timeoutMs: ip.number('TimeoutInMillis', 50, 30000) ?? DEFAULT_HTTP_TIMEOUT_MS,
        payloadFormatVersion: version === '1.0' ? '1.0' : '2.0',
      },
    });
  }
  return out;
}
