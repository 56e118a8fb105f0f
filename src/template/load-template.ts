import { dirname, resolve as resolvePath } from 'node:path';
import type { AppModel, ResourceModel } from '../core/app-model.js';
import type { Logger } from '../core/logger.js';
import { applyConditions, createConditionScope } from './conditions.js';
import { templateError, warn, type TemplateContext } from './context.js';
import { expandCfnTrigger } from './cfn-triggers.js';
import { expandRestApi } from './expand-api.js';
import { expandFunctionEvent, type ApiEventRoute } from './expand-events.js';
import { expandFunction, expandLayer } from './expand-function.js';
import { expandHttpApi } from './expand-http-api.js';
import { readGlobals } from './globals.js';
import { applyIncludes } from './includes.js';
import { NO_VALUE, resolveValue } from './intrinsics.js';
import { bindParameters } from './parameters.js';
import { parseTemplateFile } from './parse-template.js';
import {
  expandBucket,
  expandQueue,
  expandSimpleTable,
  expandStream,
  expandTable,
  expandTopic,
} from './resources.js';
import { TemplateResolver } from './resolver.js';
import { buildNodes, refText, type TemplateNode } from './template-nodes.js';
import { isRecord, type PlainObject } from './values.js';

export interface LoadTemplateOptions {
  /** Absolute path of template.yaml / .yml / .json. */
  templatePath: string;
  parameterOverrides?: Record<string, string>;
  /** e.g. us-east-1 */
  region: string;
  /** e.g. 123456789012 */
  accountId: string;
  stackName: string;
  /** e.g. http://127.0.0.1:4566 — the base of SQS queue URLs. */
  awsEndpoint: string;
  /** Warnings are logged here too; they are always returned in `model.warnings`. */
  logger?: Logger;
}

const SAM_TRANSFORM = 'AWS::Serverless-2016-10-31';

// The CloudFormation type each SAM resource becomes (what `model.resources` shows).
const EXPANDED_TYPES: Record<string, string> = {
  'AWS::Serverless::Function': 'AWS::Lambda::Function',
  'AWS::Serverless::Api': 'AWS::ApiGateway::RestApi',
  'AWS::Serverless::HttpApi': 'AWS::ApiGatewayV2::Api',
  'AWS::Serverless::SimpleTable': 'AWS::DynamoDB::Table',
  'AWS::Serverless::LayerVersion': 'AWS::Lambda::LayerVersion',
};

/**
 * Loads a SAM / CloudFormation template into the app model: parses it, binds parameters,
 * evaluates conditions, merges Globals, expands SAM resources and resolves every intrinsic.
 */
export async function loadTemplate(options: LoadTemplateOptions): Promise<AppModel> {
  const templatePath = resolvePath(options.templatePath);
  const ctx: TemplateContext = {
    file: templatePath,
    baseDir: dirname(templatePath),
    region: options.region,
    accountId: options.accountId,
    stackName: options.stackName,
    awsEndpoint: options.awsEndpoint.replace(/\/+$/, ''),
    warnings: [],
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  };
  const template = applyIncludes(await parseTemplateFile(templatePath), '', ctx) as PlainObject;
  const resources = template['Resources'];
  if (!isRecord(resources) || Object.keys(resources).length === 0) {
    throw templateError(
      ctx,
      'Resources',
      'a template needs a Resources section with at least one resource',
    );
  }
  checkTransform(template, resources, ctx);
  const mappings = template['Mappings'] ?? {};
  if (!isRecord(mappings)) throw templateError(ctx, 'Mappings', 'must be a mapping');
  const parameters = bindParameters(template['Parameters'], options.parameterOverrides ?? {}, ctx);
  const conditions = createConditionScope(template['Conditions'], parameters, mappings, ctx);

  const globals = readGlobals(applyConditions(template['Globals'], 'Globals', conditions), ctx);
  const pruned = new Map<string, string>();
  const live: PlainObject = {};
  for (const [logicalId, def] of Object.entries(resources)) {
    const path = `Resources.${logicalId}`;
    if (!isRecord(def)) throw templateError(ctx, path, 'a resource must be a mapping with a Type');
    const condition = def['Condition'];
    if (condition !== undefined) {
      if (typeof condition !== 'string')
        throw templateError(ctx, `${path}.Condition`, 'must be the name of a condition');
      if (!conditions.condition(condition, `${path}.Condition`)) {
        pruned.set(logicalId, condition);
        continue;
      }
    }
    const settled = applyConditions(def['Properties'], `${path}.Properties`, conditions);
    live[logicalId] =
      settled === NO_VALUE || settled === undefined
        ? { ...def, Properties: {} }
        : { ...def, Properties: settled };
  }
  // SAM names some generated resources after values (a stage name) it resolves from parameters.
  const resolveStatic = (value: unknown): unknown => {
    try {
      return resolveValue(value, '', conditions);
    } catch {
      return undefined;
    }
  };
  const nodes = buildNodes(live, globals, ctx, resolveStatic);
  checkDependsOn(live, nodes, pruned, ctx);

  const resolver = new TemplateResolver(nodes, parameters, conditions, pruned, ctx);
  resolver.resolveAll();
  const model = buildModel(nodes, ctx);
  model.outputs = resolveOutputs(template['Outputs'], conditions, resolver, ctx);
  return model;
}

function checkTransform(template: PlainObject, resources: PlainObject, ctx: TemplateContext): void {
  const transform = template['Transform'];
  const transforms = (
    Array.isArray(transform) ? transform : transform === undefined ? [] : [transform]
  ).map(String);
  for (const t of transforms) {
    if (t !== SAM_TRANSFORM && t !== 'AWS::LanguageExtensions')
      warn(ctx, undefined, `transform ${t} is not supported; it is ignored`);
  }
  const usesSam = Object.values(resources).some(
    (r) => isRecord(r) && String(r['Type']).startsWith('AWS::Serverless::'),
  );
  if (usesSam && !transforms.includes(SAM_TRANSFORM)) {
    warn(
      ctx,
      undefined,
      `the template uses AWS::Serverless resources without 'Transform: ${SAM_TRANSFORM}'; CloudFormation would reject it`,
    );
  }
}

function checkDependsOn(
  live: PlainObject,
  nodes: Map<string, TemplateNode>,
  pruned: Map<string, string>,
  ctx: TemplateContext,
): void {
  for (const [logicalId, def] of Object.entries(live)) {
    const dependsOn = isRecord(def) ? def['DependsOn'] : undefined;
    const list = dependsOn === undefined ? [] : Array.isArray(dependsOn) ? dependsOn : [dependsOn];
    for (const target of list) {
      if (typeof target === 'string' && nodes.has(target)) continue;
      // SAM generates resources Stratus does not model (stages, deployments, permissions, …),
      // all named after the resource they come from; depending on one is fine.
      if (typeof target === 'string' && [...nodes.keys()].some((id) => target.startsWith(id))) {
        continue;
      }
      const why =
        typeof target === 'string' && pruned.has(target)
          ? `, which is not created because its condition '${pruned.get(target)}' is false`
          : '';
      throw templateError(
        ctx,
        `Resources.${logicalId}.DependsOn`,
        `depends on unknown resource '${String(target)}'${why}`,
      );
    }
  }
}

function buildModel(nodes: Map<string, TemplateNode>, ctx: TemplateContext): AppModel {
  const model: AppModel = {
    templatePath: ctx.file,
    baseDir: ctx.baseDir,
    stackName: ctx.stackName,
    region: ctx.region,
    accountId: ctx.accountId,
    functions: [],
    restApis: [],
    httpApis: [],
    tables: [],
    queues: [],
    topics: [],
    subscriptions: [],
    streams: [],
    buckets: [],
    rules: [],
    schedules: [],
    eventSourceMappings: [],
    permissions: [],
    layers: [],
    resources: [],
    outputs: {},
    warnings: ctx.warnings,
  };
  const all = [...nodes.values()];
  const ofType = (...types: string[]): TemplateNode[] =>
    all.filter((n) => types.includes(n.type) && n.event === undefined);
  const expandedProps = new Map<string, PlainObject>();

  model.layers = ofType('AWS::Serverless::LayerVersion', 'AWS::Lambda::LayerVersion').map((n) =>
    expandLayer(n, ctx),
  );
  model.functions = ofType('AWS::Serverless::Function', 'AWS::Lambda::Function').map((n) =>
    expandFunction(n, model.layers, nodes, ctx),
  );
  for (const n of ofType('AWS::Serverless::SimpleTable', 'AWS::DynamoDB::Table')) {
    const props =
      n.type === 'AWS::Serverless::SimpleTable'
        ? expandSimpleTable(n.resolved ?? {}, n.path, ctx)
        : (n.resolved ?? {});
    expandedProps.set(n.logicalId, props);
    model.tables.push(expandTable(n, props, ctx));
  }
  model.queues = ofType('AWS::SQS::Queue').map((n) => expandQueue(n, ctx));
  model.topics = ofType('AWS::SNS::Topic').map((n) => expandTopic(n, ctx));
  model.streams = ofType('AWS::Kinesis::Stream').map((n) => expandStream(n, ctx));
  model.buckets = ofType('AWS::S3::Bucket').map((n) => expandBucket(n, ctx));
  for (const n of all) if (n.event === undefined) expandCfnTrigger(n, model, nodes, ctx);

  const routes: ApiEventRoute[] = [];
  for (const n of all) {
    if (n.event === undefined) continue;
    const fn = model.functions.find((f) => f.logicalId === n.event!.functionId)!;
    routes.push(...expandFunctionEvent(n, fn, nodes, model, ctx));
  }
  const routesFor = (api: TemplateNode): ApiEventRoute[] =>
    routes.filter((r) => r.apiLogicalId === api.logicalId);
  model.restApis = ofType('AWS::Serverless::Api', 'AWS::ApiGateway::RestApi').map((n) =>
    expandRestApi(n, routesFor(n), nodes, model, ctx),
  );
  model.httpApis = ofType('AWS::Serverless::HttpApi', 'AWS::ApiGatewayV2::Api').map((n) =>
    expandHttpApi(n, routesFor(n), nodes, ctx),
  );

  const resources: ResourceModel[] = [];
  for (const n of all) {
    if (n.type === 'AWS::Lambda::Permission' && n.event !== undefined) continue;
    resources.push({
      logicalId: n.logicalId,
      type: EXPANDED_TYPES[n.type] ?? n.type,
      properties: expandedProps.get(n.logicalId) ?? n.resolved ?? {},
      ref: refText(n),
      attributes: n.identity?.attributes ?? {},
    });
  }
  model.resources = [...resources, ...model.resources];
  return model;
}

function resolveOutputs(
  outputs: unknown,
  conditions: ReturnType<typeof createConditionScope>,
  resolver: TemplateResolver,
  ctx: TemplateContext,
): Record<string, unknown> {
  if (outputs === undefined || outputs === null) return {};
  if (!isRecord(outputs)) throw templateError(ctx, 'Outputs', 'must be a mapping of outputs');
  const out: Record<string, unknown> = {};
  for (const [name, output] of Object.entries(outputs)) {
    const path = `Outputs.${name}`;
    if (!isRecord(output) || !('Value' in output))
      throw templateError(ctx, path, 'an output needs a Value');
    const condition = output['Condition'];
    if (typeof condition === 'string' && !conditions.condition(condition, `${path}.Condition`))
      continue;
    const settled = applyConditions(output['Value'], `${path}.Value`, conditions);
    if (settled === NO_VALUE) continue;
    out[name] = resolver.resolveValue(settled, `${path}.Value`);
  }
  return out;
}
