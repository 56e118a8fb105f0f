import { templateError, warn, type TemplateContext } from './context.js';
import { globalsFor, mergeGlobals, type ResolvedGlobals } from './globals.js';
import { isKnownType, type ResourceIdentity } from './resource-identity.js';
import { isRecord, type PlainObject } from './values.js';

/** A SAM function event, kept as its own node so the function never depends on its triggers. */
export interface FunctionEventRef {
  functionId: string;
  name: string;
  /** `Api`, `SQS`, `Schedule`, … */
  type: string;
}

/**
 * One resource to resolve: a template resource, a SAM function event (logical id `<Fn><Event>`,
 * as SAM names what it generates) or a resource SAM generates (implicit APIs, roles, queues).
 */
export interface TemplateNode {
  logicalId: string;
  /** The type as written; SAM types stay SAM here. Event nodes carry the type SAM generates. */
  type: string;
  /** Where the properties sit in the template, for messages. */
  path: string;
  raw: PlainObject;
  event?: FunctionEventRef;
  /** Created by SAM expansion rather than written in the template. */
  generated: boolean;
  resolved?: PlainObject;
  identity?: ResourceIdentity;
}

export const IMPLICIT_REST_API = 'ServerlessRestApi';
export const IMPLICIT_HTTP_API = 'ServerlessHttpApi';

const EVENT_NODE_TYPES: Record<string, string> = {
  SQS: 'AWS::Lambda::EventSourceMapping',
  Kinesis: 'AWS::Lambda::EventSourceMapping',
  DynamoDB: 'AWS::Lambda::EventSourceMapping',
  MSK: 'AWS::Lambda::EventSourceMapping',
  MQ: 'AWS::Lambda::EventSourceMapping',
  SelfManagedKafka: 'AWS::Lambda::EventSourceMapping',
  DocumentDB: 'AWS::Lambda::EventSourceMapping',
  SNS: 'AWS::SNS::Subscription',
  Schedule: 'AWS::Events::Rule',
  EventBridgeRule: 'AWS::Events::Rule',
  CloudWatchEvent: 'AWS::Events::Rule',
  ScheduleV2: 'AWS::Scheduler::Schedule',
};

// Types Stratus accepts without modelling them further (no warning).
const SAM_TYPES = new Set([
  'AWS::Serverless::Function',
  'AWS::Serverless::Api',
  'AWS::Serverless::HttpApi',
  'AWS::Serverless::SimpleTable',
  'AWS::Serverless::LayerVersion',
]);

/**
 * Turns the (condition-settled) `Resources` into nodes: merges Globals into SAM resources,
 * splits SAM function events into their own nodes and adds what SAM generates.
 */
export function buildNodes(
  resources: PlainObject,
  globals: ResolvedGlobals,
  ctx: TemplateContext,
  resolveStatic: (value: unknown) => unknown = (value) => value,
): Map<string, TemplateNode> {
  const nodes = new Map<string, TemplateNode>();
  const add = (node: TemplateNode): void => {
    if (nodes.has(node.logicalId)) {
      throw templateError(
        ctx,
        node.path,
        `SAM would generate a resource '${node.logicalId}', but the template already has one with that logical id`,
      );
    }
    nodes.set(node.logicalId, node);
  };
  let implicitRest = false;
  let implicitHttp = false;
  const generated: TemplateNode[] = [];
  for (const [logicalId, def] of Object.entries(resources)) {
    const path = `Resources.${logicalId}`;
    if (!isRecord(def) || typeof def['Type'] !== 'string') {
      throw templateError(ctx, path, 'a resource needs a Type');
    }
    const type = def['Type'];
    const own = def['Properties'] ?? {};
    if (!isRecord(own)) throw templateError(ctx, `${path}.Properties`, 'must be a mapping');
    const global = globalsFor(type, globals);
    const props = (global === undefined ? own : mergeGlobals(global, own)) as PlainObject;
    if (!SAM_TYPES.has(type) && !isKnownType(type)) {
      warn(
        ctx,
        logicalId,
        `resource type ${type} is not supported by Stratus; '${logicalId}' is ignored`,
      );
    }
    if (type !== 'AWS::Serverless::Function') {
      add({ logicalId, type, path: `${path}.Properties`, raw: props, generated: false });
      continue;
    }
    const { Events: events, ...fnProps } = props;
    add({ logicalId, type, path: `${path}.Properties`, raw: fnProps, generated: false });
    if (fnProps['Role'] === undefined) {
      generated.push(generatedNode(`${logicalId}Role`, 'AWS::IAM::Role', path));
    }
    generated.push(...destinationNodes(logicalId, fnProps, path));
    if (events === undefined || events === null) continue;
    if (!isRecord(events))
      throw templateError(ctx, `${path}.Properties.Events`, 'must be a mapping of events');
    for (const [name, event] of Object.entries(events)) {
      const eventPath = `${path}.Properties.Events.${name}`;
      if (!isRecord(event) || typeof event['Type'] !== 'string') {
        throw templateError(ctx, eventPath, 'an event needs a Type');
      }
      const eventProps = event['Properties'] ?? {};
      if (!isRecord(eventProps))
        throw templateError(ctx, `${eventPath}.Properties`, 'must be a mapping');
      const eventType = event['Type'];
      if (eventType === 'Api' && eventProps['RestApiId'] === undefined) implicitRest = true;
      if (eventType === 'HttpApi' && eventProps['ApiId'] === undefined) implicitHttp = true;
      const queueWanted =
        (eventType === 'SNS' && eventProps['SqsSubscription'] === true) ||
        ((eventType === 'Schedule' || eventType === 'EventBridgeRule') &&
          isRecord(eventProps['DeadLetterConfig']) &&
          eventProps['DeadLetterConfig']['Arn'] === undefined);
      if (queueWanted)
        generated.push(generatedNode(`${logicalId}${name}Queue`, 'AWS::SQS::Queue', eventPath));
      add({
        logicalId: `${logicalId}${name}`,
        type: EVENT_NODE_TYPES[eventType] ?? 'AWS::Lambda::Permission',
        path: `${eventPath}.Properties`,
        raw: eventProps,
        event: { functionId: logicalId, name, type: eventType },
        generated: true,
      });
    }
  }
  for (const node of [...nodes.values(), ...generated]) {
    const stage = stageNode(node, resolveStatic);
    if (stage !== undefined) generated.push(stage);
  }
  if (implicitRest) {
    const raw = mergeGlobals(globals['Api'], { StageName: 'Prod' }) as PlainObject;
    generated.push({
      ...generatedNode(IMPLICIT_REST_API, 'AWS::Serverless::Api', 'Resources'),
      raw,
    });
  }
  if (implicitHttp) {
    const raw = mergeGlobals(globals['HttpApi'], { StageName: '$default' }) as PlainObject;
    generated.push({
      ...generatedNode(IMPLICIT_HTTP_API, 'AWS::Serverless::HttpApi', 'Resources'),
      raw,
    });
  }
  for (const node of generated) add(node);
  for (const id of [IMPLICIT_REST_API, IMPLICIT_HTTP_API]) {
    const api = nodes.get(id);
    const stage = api === undefined ? undefined : stageNode(api, resolveStatic);
    if (stage !== undefined) add(stage);
  }
  return nodes;
}

/**
 * The stage SAM creates for an API (`<Api><StageName>Stage`, or
 * `<Api>ApiGatewayDefaultStage` for `$default`), so templates may `Ref` or `DependsOn` it.
 */
function stageNode(
  api: TemplateNode,
  resolveStatic: (value: unknown) => unknown,
): TemplateNode | undefined {
  const rest = api.type === 'AWS::Serverless::Api';
  if (!rest && api.type !== 'AWS::Serverless::HttpApi') return undefined;
  const stageName = resolveStatic(api.raw['StageName'] ?? (rest ? undefined : '$default'));
  if (typeof stageName !== 'string') return undefined;
  const logicalId =
    stageName === '$default'
      ? `${api.logicalId}ApiGatewayDefaultStage`
      : `${api.logicalId}${stageName.replace(/[^A-Za-z0-9]/g, '')}Stage`;
  return {
    logicalId,
    type: rest ? 'AWS::ApiGateway::Stage' : 'AWS::ApiGatewayV2::Stage',
    path: api.path,
    raw: rest
      ? { RestApiId: { Ref: api.logicalId }, StageName: stageName }
      : { ApiId: { Ref: api.logicalId }, StageName: stageName },
    generated: true,
  };
}

function generatedNode(logicalId: string, type: string, path: string): TemplateNode {
  return { logicalId, type, path, raw: {}, generated: true };
}

/** SAM creates the SQS queue / SNS topic of an EventInvokeConfig destination given only a Type. */
function destinationNodes(logicalId: string, props: PlainObject, path: string): TemplateNode[] {
  const config = props['EventInvokeConfig'];
  const destinations = isRecord(config) ? config['DestinationConfig'] : undefined;
  if (!isRecord(destinations)) return [];
  const out: TemplateNode[] = [];
  for (const side of ['OnSuccess', 'OnFailure']) {
    const d = destinations[side];
    if (!isRecord(d) || d['Destination'] !== undefined) continue;
    if (d['Type'] === 'SQS')
      out.push(generatedNode(`${logicalId}EventInvokeConfig${side}Queue`, 'AWS::SQS::Queue', path));
    if (d['Type'] === 'SNS')
      out.push(generatedNode(`${logicalId}EventInvokeConfig${side}Topic`, 'AWS::SNS::Topic', path));
  }
  return out;
}

/** What `Ref` returns for a resolved node, as text (its logical id if that is not text). */
export function refText(node: TemplateNode): string {
  const ref = node.identity?.ref;
  return typeof ref === 'string' ? ref : node.logicalId;
}

/** A resolved node's `Fn::GetAtt` attribute as text, or '' when it has none. */
export function attributeText(node: TemplateNode, name: string): string {
  const value = node.identity?.attributes[name];
  return typeof value === 'string' ? value : '';
}
