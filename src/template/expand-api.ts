import type { AppModel, AuthorizerModel, RestApiModel, RestRouteModel } from '../core/app-model.js';
import { createStableId } from '../core/ids.js';
import { templateError, warn, type TemplateContext } from './context.js';
import { cfnStage, resourceTree } from './cfn-rest-api.js';
import { addCorsPreflights, readRestCors } from './cors.js';
import { definitionFile } from './definition-file.js';
import type { ApiEventRoute } from './expand-events.js';
import {
  DEFAULT_REST_TIMEOUT_MS,
  gatewayResponse,
  readRestDefinition,
  type RestDefinition,
} from './openapi.js';
import { PropertyReader } from './read.js';
import { IMPLICIT_REST_API, refText, type TemplateNode } from './template-nodes.js';
import type { PlainObject } from './values.js';

const DEFAULT_AUTHORIZER_TTL_SECONDS = 300;

/** Builds a REST API from an `AWS::Serverless::Api` (explicit or implicit) or `AWS::ApiGateway::RestApi`. */
export function expandRestApi(
  node: TemplateNode,
  events: ApiEventRoute[],
  nodes: Map<string, TemplateNode>,
  model: AppModel,
  ctx: TemplateContext,
): RestApiModel {
  const p = new PropertyReader(node.resolved ?? {}, node.path, ctx);
  const sam = node.type === 'AWS::Serverless::Api';
  const id = refText(node);
  const definition = sam ? samDefinition(p, node, ctx) : cfnDefinition(p, node, nodes, ctx);
  const stage = sam
    ? { name: p.requiredString('StageName'), variables: p.stringMap('Variables') }
    : cfnStage(id, nodes, node, ctx);
  const api: RestApiModel = {
    logicalId: node.logicalId,
    id,
    name:
      p.string('Name') ?? (node.logicalId === IMPLICIT_REST_API ? ctx.stackName : node.logicalId),
    stageName: stage.name,
    stageVariables: stage.variables,
    binaryMediaTypes: [
      ...new Set([
        ...definition.binaryMediaTypes,
        ...p.strings('BinaryMediaTypes').map((t) => t.replaceAll('~1', '/')),
      ]),
    ],
    routes: definition.routes.map((r) => r.route),
    authorizers: definition.authorizers,
    apiKeySource:
      p.string('ApiKeySourceType') === 'AUTHORIZER' || definition.apiKeySource === 'AUTHORIZER'
        ? 'AUTHORIZER'
        : 'HEADER',
    gatewayResponses: definition.gatewayResponses,
    disableExecuteApiEndpoint:
      p.boolean('DisableExecuteApiEndpoint') ?? definition.disableExecuteApiEndpoint ?? false,
  };
  const compression =
    p.number('MinimumCompressionSize', 0, 10485760) ?? definition.minimumCompressionSize;
  if (compression !== undefined) api.minimumCompressionSize = compression;
  if (!sam) return api;

  const auth = p.child('Auth');
  api.authorizers.push(...samAuthorizers(auth));
  const defaultAuthorizer = auth.string('DefaultAuthorizer');
  if (defaultAuthorizer === 'AWS_IAM')
    warn(ctx, node.logicalId, 'Auth.DefaultAuthorizer AWS_IAM is not enforced by Stratus');
  else if (defaultAuthorizer !== undefined && defaultAuthorizer !== 'NONE') {
    requireAuthorizer(api.authorizers, defaultAuthorizer, `${auth.path}.DefaultAuthorizer`, ctx);
    api.defaultAuthorizer = defaultAuthorizer;
    for (const r of definition.routes)
      if (!r.declaresSecurity && r.route.authorizer === undefined)
        r.route.authorizer = defaultAuthorizer;
  }
  const apiKeyRequired = auth.boolean('ApiKeyRequired') ?? false;
  if (apiKeyRequired)
    for (const r of definition.routes) if (!r.declaresSecurity) r.route.apiKeyRequired = true;
  if (auth.has('ResourcePolicy'))
    warn(ctx, node.logicalId, 'Auth.ResourcePolicy is not enforced by Stratus');
  addUsagePlan(auth, node, api, model, ctx);

  for (const event of events) {
    const route = eventRoute(event, api, apiKeyRequired, ctx);
    const existing = api.routes.findIndex(
      (r) => r.path === route.path && r.method === route.method,
    );
    if (existing >= 0) api.routes[existing] = route;
    else api.routes.push(route);
  }
  // Default scopes of a Cognito authorizer were only needed to fill in the routes.
  for (const a of api.authorizers) delete (a as { scopes?: string[] }).scopes;
  api.gatewayResponses.push(...samGatewayResponses(p));
  const cors = readRestCors(p, node.logicalId, ctx);
  if (cors !== undefined) {
    api.cors = cors;
    const preflight = {
      apiKeyRequired: apiKeyRequired && auth.boolean('AddApiKeyRequiredToCorsPreflight') !== false,
    };
    addCorsPreflights(
      api.routes,
      cors,
      api.defaultAuthorizer !== undefined &&
        auth.boolean('AddDefaultAuthorizerToCorsPreflight') !== false
        ? { ...preflight, authorizer: api.defaultAuthorizer }
        : preflight,
    );
  }
  return api;
}

function eventRoute(
  event: ApiEventRoute,
  api: RestApiModel,
  apiKeyRequired: boolean,
  ctx: TemplateContext,
): RestRouteModel {
  const p = event.props;
  const method = event.method!.toLowerCase() === 'any' ? 'ANY' : event.method!.toUpperCase();
  const route: RestRouteModel = {
    path: event.path!,
    method,
    integration: {
      type: 'lambda-proxy',
      functionArn: event.functionArn,
      timeoutMs: p.number('TimeoutInMillis', 50, 29000) ?? DEFAULT_REST_TIMEOUT_MS,
    },
    apiKeyRequired,
  };
  const auth = p.child('Auth');
  const eventKey = auth.boolean('ApiKeyRequired');
  if (eventKey !== undefined) route.apiKeyRequired = eventKey;
  const authorizer = auth.string('Authorizer') ?? api.defaultAuthorizer;
  if (authorizer === 'AWS_IAM')
    warn(
      ctx,
      event.functionLogicalId,
      `event '${event.eventName}': AWS_IAM authorization is not enforced by Stratus`,
    );
  else if (authorizer !== undefined && authorizer !== 'NONE') {
    const found = requireAuthorizer(api.authorizers, authorizer, `${p.path}.Auth.Authorizer`, ctx);
    route.authorizer = authorizer;
    const scopes = auth.has('AuthorizationScopes')
      ? auth.strings('AuthorizationScopes')
      : (found.scopes ?? []);
    if (scopes.length > 0) route.authorizationScopes = scopes;
  }
  return route;
}

function requireAuthorizer(
  authorizers: AuthorizerModel[],
  name: string,
  path: string,
  ctx: TemplateContext,
): AuthorizerModel & { scopes?: string[] } {
  const found = authorizers.find((a) => a.name === name);
  if (found === undefined) {
    throw templateError(
      ctx,
      path,
      `authorizer '${name}' is not defined in Auth.Authorizers (defined: ${authorizers.map((a) => a.name).join(', ') || 'none'})`,
    );
  }
  return found;
}

/** SAM `Auth.Authorizers`: Lambda TOKEN / REQUEST authorizers and Cognito user pools. */
function samAuthorizers(auth: PropertyReader): (AuthorizerModel & { scopes?: string[] })[] {
  const out: (AuthorizerModel & { scopes?: string[] })[] = [];
  const authorizers = auth.child('Authorizers');
  for (const name of Object.keys(authorizers.props)) {
    const a = authorizers.child(name);
    const identity = a.child('Identity');
    const ttl = identity.number('ReauthorizeEvery', 0, 3600) ?? DEFAULT_AUTHORIZER_TTL_SECONDS;
    let authorizer: AuthorizerModel & { scopes?: string[] };
    if (a.has('UserPoolArn')) {
      authorizer = {
        name,
        type: 'COGNITO_USER_POOLS',
        userPoolArns: a.strings('UserPoolArn'),
        identityHeader: identity.string('Header') ?? 'Authorization',
        resultTtlSeconds: ttl,
      };
      if (a.has('AuthorizationScopes')) authorizer.scopes = a.strings('AuthorizationScopes');
    } else if (a.has('FunctionArn')) {
      const request = a.string('FunctionPayloadType') === 'REQUEST';
      authorizer = {
        name,
        type: request ? 'REQUEST' : 'TOKEN',
        functionArn: a.requiredString('FunctionArn'),
        resultTtlSeconds: ttl,
      };
      if (request) {
        authorizer.identitySources = [
          ...identity.strings('Headers').map((h) => `method.request.header.${h}`),
          ...identity.strings('QueryStrings').map((q) => `method.request.querystring.${q}`),
          ...identity.strings('StageVariables').map((s) => `stageVariables.${s}`),
          ...identity.strings('Context').map((c) => `context.${c}`),
        ];
      } else authorizer.identityHeader = identity.string('Header') ?? 'Authorization';
    } else {
      throw a.error('', 'an authorizer needs FunctionArn (Lambda) or UserPoolArn (Cognito)');
    }
    const validation = identity.string('ValidationExpression');
    if (validation !== undefined) authorizer.validationExpression = validation;
    out.push(authorizer);
  }
  return out;
}

/** SAM `GatewayResponses`: `{TYPE: {StatusCode, ResponseParameters: {Headers}, ResponseTemplates}}`. */
function samGatewayResponses(p: PropertyReader): RestApiModel['gatewayResponses'] {
  const responses = p.child('GatewayResponses');
  return Object.keys(responses.props).map((type) => {
    const r = responses.child(type);
    const params = r.child('ResponseParameters');
    const headers: PlainObject = {};
    for (const [k, v] of Object.entries(params.child('Headers').props)) headers[`h.${k}`] = v;
    return gatewayResponse(
      type,
      r.props['StatusCode'],
      headers,
      r.props['ResponseTemplates'],
      'h.',
    );
  });
}

/** SAM `Auth.UsagePlan` creates usage plan, API key and plan key resources. */
function addUsagePlan(
  auth: PropertyReader,
  node: TemplateNode,
  api: RestApiModel,
  model: AppModel,
  ctx: TemplateContext,
): void {
  const plan = auth.child('UsagePlan');
  const kind = plan.string('CreateUsagePlan');
  if (kind === undefined || kind === 'NONE') return;
  const prefix = kind === 'SHARED' ? 'Serverless' : node.logicalId;
  const stage = { ApiId: api.id, Stage: api.stageName };
  const planId = `${prefix}UsagePlan`;
  const existing = model.resources.find((r) => r.logicalId === planId);
  if (existing !== undefined) {
    const stages = existing.properties['ApiStages'];
    if (Array.isArray(stages)) stages.push(stage);
    return;
  }
  const properties: PlainObject = { ApiStages: [stage] };
  for (const name of ['Quota', 'Throttle', 'UsagePlanName', 'Description', 'Tags'])
    if (plan.has(name)) properties[name] = plan.props[name];
  const keyId = `${prefix}ApiKey`;
  const planRef = createStableId(`${ctx.stackName}/${planId}`, 6);
  const keyRef = createStableId(`${ctx.stackName}/${keyId}`);
  model.resources.push(
    {
      logicalId: planId,
      type: 'AWS::ApiGateway::UsagePlan',
      properties,
      ref: planRef,
      attributes: { Id: planRef },
    },
    {
      logicalId: keyId,
      type: 'AWS::ApiGateway::ApiKey',
      properties: { Enabled: true, StageKeys: [{ RestApiId: api.id, StageName: api.stageName }] },
      ref: keyRef,
      attributes: { APIKeyId: keyRef },
    },
    {
      logicalId: `${prefix}UsagePlanKey`,
      type: 'AWS::ApiGateway::UsagePlanKey',
      properties: { KeyId: keyRef, KeyType: 'API_KEY', UsagePlanId: planRef },
      ref: `${keyRef}:${planRef}`,
      attributes: {},
    },
  );
}

function samDefinition(
  p: PropertyReader,
  node: TemplateNode,
  ctx: TemplateContext,
): RestDefinition {
  const d = { ctx, logicalId: node.logicalId, path: `${node.path}.DefinitionBody` };
  if (p.has('DefinitionBody')) return readRestDefinition(p.props['DefinitionBody'], d);
  if (p.has('DefinitionUri'))
    return readRestDefinition(definitionFile(p, ctx), { ...d, path: `${node.path}.DefinitionUri` });
  return { routes: [], authorizers: [], binaryMediaTypes: [], gatewayResponses: [] };
}

function cfnDefinition(
  p: PropertyReader,
  node: TemplateNode,
  nodes: Map<string, TemplateNode>,
  ctx: TemplateContext,
): RestDefinition {
  if (p.has('Body'))
    return readRestDefinition(p.props['Body'], {
      ctx,
      logicalId: node.logicalId,
      path: `${node.path}.Body`,
    });
  return resourceTree(node, nodes, ctx);
}
