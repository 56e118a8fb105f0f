import type { RestRouteModel } from '../core/app-model.js';
import { warn, type TemplateContext } from './context.js';
import {
  DEFAULT_REST_TIMEOUT_MS,
  functionArnFromUri,
  gatewayResponse,
  type RestDefinition,
} from './openapi.js';
import { PropertyReader } from './read.js';
import type { TemplateNode } from './template-nodes.js';
import { isRecord } from './values.js';

/** Routes from `AWS::ApiGateway::Resource` / `Method` resources attached to a RestApi. */
export function resourceTree(
  api: TemplateNode,
  nodes: Map<string, TemplateNode>,
  ctx: TemplateContext,
): RestDefinition {
  const id = api.identity?.ref;
  const root = api.identity?.attributes['RootResourceId'];
  const paths = new Map<unknown, string>([[root, '/']]);
  const resources = [...nodes.values()].filter(
    (n) => n.type === 'AWS::ApiGateway::Resource' && n.resolved?.['RestApiId'] === id,
  );
  // Parents may be declared after their children: resolve paths until nothing changes.
  for (let changed = true; changed;) {
    changed = false;
    for (const r of resources) {
      if (paths.has(r.identity?.ref)) continue;
      const parent = paths.get(r.resolved?.['ParentId']);
      if (parent === undefined) continue;
      paths.set(
        r.identity?.ref,
        `${parent === '/' ? '' : parent}/${String(r.resolved?.['PathPart'])}`,
      );
      changed = true;
    }
  }
  const out: RestDefinition = {
    routes: [],
    authorizers: [],
    binaryMediaTypes: [],
    gatewayResponses: [],
  };
  for (const m of nodes.values()) {
    if (m.type !== 'AWS::ApiGateway::Method' || m.resolved?.['RestApiId'] !== id) continue;
    const p = new PropertyReader(m.resolved ?? {}, m.path, ctx);
    const path = paths.get(p.props['ResourceId']);
    if (path === undefined)
      throw p.error('ResourceId', 'names no AWS::ApiGateway::Resource of this API');
    const integration = p.child('Integration');
    const type = integration.string('Type')?.toUpperCase();
    let route: RestRouteModel;
    const method = p.requiredString('HttpMethod').toUpperCase();
    if (type === 'AWS_PROXY') {
      const uri = integration.requiredString('Uri');
      const arn = functionArnFromUri(uri);
      if (arn === undefined)
        throw integration.error('Uri', `is not a Lambda integration URI: '${uri}'`);
      route = {
        path,
        method,
        integration: {
          type: 'lambda-proxy',
          functionArn: arn,
          timeoutMs: integration.number('TimeoutInMillis', 50, 29000) ?? DEFAULT_REST_TIMEOUT_MS,
        },
        apiKeyRequired: p.boolean('ApiKeyRequired') ?? false,
      };
    } else if (type === 'MOCK') {
      const responses = integration.records('IntegrationResponses');
      const first = responses[0] ?? {};
      const headers: Record<string, string> = {};
      const params = first['ResponseParameters'];
      if (isRecord(params))
        for (const [k, v] of Object.entries(params))
          if (k.startsWith('method.response.header.'))
            headers[k.slice(23)] = String(v).replace(/^'(.*)'$/, '$1');
      const templates = first['ResponseTemplates'];
      const body = isRecord(templates)
        ? typeof templates['application/json'] === 'string'
          ? templates['application/json']
          : ''
        : '';
      route = {
        path,
        method,
        integration: {
          type: 'mock',
          statusCode: Number(first['StatusCode'] ?? 200),
          headers,
          body,
        },
        apiKeyRequired: p.boolean('ApiKeyRequired') ?? false,
      };
    } else {
      warn(
        ctx,
        m.logicalId,
        `integration type ${type ?? '(none)'} is not supported (only AWS_PROXY and MOCK); the method is skipped`,
      );
      continue;
    }
    out.routes.push({ route, declaresSecurity: true });
  }
  for (const g of nodes.values()) {
    if (g.type !== 'AWS::ApiGateway::GatewayResponse' || g.resolved?.['RestApiId'] !== id) continue;
    const r = g.resolved ?? {};
    out.gatewayResponses.push(
      gatewayResponse(
        String(r['ResponseType']),
        r['StatusCode'],
        r['ResponseParameters'],
        r['ResponseTemplates'],
        'gatewayresponse.header.',
      ),
    );
  }
  return out;
}

/** Stage name and variables of a plain RestApi, from its `AWS::ApiGateway::Stage` or `Deployment`. */
export function cfnStage(
  id: string,
  nodes: Map<string, TemplateNode>,
  api: TemplateNode,
  ctx: TemplateContext,
): { name: string; variables: Record<string, string> } {
  for (const n of nodes.values()) {
    if (n.type === 'AWS::ApiGateway::Stage' && n.resolved?.['RestApiId'] === id) {
      const p = new PropertyReader(n.resolved, n.path, ctx);
      return { name: p.requiredString('StageName'), variables: p.stringMap('Variables') };
    }
  }
  for (const n of nodes.values()) {
    if (
      n.type === 'AWS::ApiGateway::Deployment' &&
      n.resolved?.['RestApiId'] === id &&
      typeof n.resolved['StageName'] === 'string'
    ) {
      return { name: n.resolved['StageName'], variables: {} };
    }
  }
  warn(
    ctx,
    api.logicalId,
    "no AWS::ApiGateway::Stage or Deployment with a StageName; serving it on stage 'prod'",
  );
  return { name: 'prod', variables: {} };
}
