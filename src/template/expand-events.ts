import type { AppModel, FunctionModel } from '../core/app-model.js';
import { templateError, warn, type TemplateContext } from './context.js';
import {
  isEnabled,
  readEventSourceMapping,
  readPattern,
  readSubscription,
  readTargetOptions,
} from './event-sources.js';
import { PropertyReader } from './read.js';
import { bucketNotification } from './resources.js';
import { attributeText, refText, type TemplateNode } from './template-nodes.js';
import { IMPLICIT_HTTP_API, IMPLICIT_REST_API } from './template-nodes.js';
import { isRecord } from './values.js';

/** A route that a SAM `Api` / `HttpApi` event adds to an API. */
export interface ApiEventRoute {
  kind: 'rest' | 'http';
  apiLogicalId: string;
  functionLogicalId: string;
  eventName: string;
  /** Absent for an HttpApi event without Path/Method (the `$default` route). */
  path?: string;
  method?: string;
  /** The function ARN the integration calls (alias-qualified with AutoPublishAlias). */
  functionArn: string;
  /** The event's resolved properties (Auth, TimeoutInMillis, PayloadFormatVersion, …). */
  props: PropertyReader;
}

/**
 * Expands a SAM function event node into what SAM generates: event source mappings,
 * subscriptions, rules, schedules, bucket notifications and permissions go into `model`;
 * API routes are returned for the API expansion.
 */
export function expandFunctionEvent(
  node: TemplateNode,
  fn: FunctionModel,
  nodes: Map<string, TemplateNode>,
  model: AppModel,
  ctx: TemplateContext,
): ApiEventRoute[] {
  const event = node.event!;
  const p = new PropertyReader(node.resolved ?? {}, node.path, ctx);
  const id = node.logicalId;
  // SAM points every event source at the alias when AutoPublishAlias is set.
  const target = fn.autoPublishAlias === undefined ? fn.arn : `${fn.arn}:${fn.autoPublishAlias}`;
  const targetName =
    fn.autoPublishAlias === undefined ? fn.name : `${fn.name}:${fn.autoPublishAlias}`;
  const permit = (principal: string, sourceArn: string | undefined, suffix = ''): void => {
    model.permissions.push({
      logicalId: `${id}Permission${suffix}`,
      functionName: targetName,
      action: 'lambda:InvokeFunction',
      principal,
      ...(sourceArn === undefined ? {} : { sourceArn }),
    });
  };
  switch (event.type) {
    case 'SQS':
      model.eventSourceMappings.push(
        readEventSourceMapping(p, id, targetName, p.requiredString('Queue')),
      );
      return [];
    case 'Kinesis':
    case 'DynamoDB':
      model.eventSourceMappings.push(
        readEventSourceMapping(p, id, targetName, p.requiredString('Stream')),
      );
      return [];
    case 'SNS':
      expandSnsEvent(node, p, target, targetName, nodes, model, ctx);
      if (p.props['SqsSubscription'] === undefined || p.props['SqsSubscription'] === false) {
        permit('sns.amazonaws.com', p.requiredString('Topic'));
      }
      return [];
    case 'S3': {
      const bucketRef = node.raw['Bucket'];
      const bucketId =
        isRecord(bucketRef) && typeof bucketRef['Ref'] === 'string' ? bucketRef['Ref'] : undefined;
      const bucket = model.buckets.find((b) => b.logicalId === bucketId);
      if (bucketId === undefined || bucket === undefined) {
        throw templateError(
          ctx,
          `${node.path}.Bucket`,
          'an S3 event needs `Bucket: !Ref <an AWS::S3::Bucket in this template>`',
        );
      }
      bucket.notifications.push(bucketNotification('lambda', target, p.strings('Events'), p, ctx));
      permit('s3.amazonaws.com', bucket.arn);
      return [];
    }
    case 'Schedule':
    case 'EventBridgeRule':
    case 'CloudWatchEvent': {
      const arn = attributeText(node, 'Arn');
      const eventTarget = readTargetOptions(p, {
        id: p.child('Target').string('Id') ?? `${id}LambdaTarget`,
        arn: target,
      });
      const dlq = p.child('DeadLetterConfig');
      if (eventTarget.deadLetterArn === undefined && dlq.has('Type')) {
        const queue = nodes.get(`${id}Queue`);
        const queueArn = queue?.identity?.attributes['Arn'];
        if (typeof queueArn === 'string') eventTarget.deadLetterArn = queueArn;
      }
      const name = p.string('Name') ?? p.string('RuleName') ?? id;
      const rule: AppModel['rules'][number] = {
        logicalId: id,
        name,
        arn,
        eventBusName: p.string('EventBusName') ?? 'default',
        enabled: isEnabled(p),
        targets: [eventTarget],
      };
      if (event.type === 'Schedule') rule.scheduleExpression = p.requiredString('Schedule');
      else rule.eventPattern = readPattern(p, 'Pattern') ?? {};
      model.rules.push(rule);
      permit('events.amazonaws.com', arn);
      return [];
    }
    case 'ScheduleV2': {
      const schedule: AppModel['schedules'][number] = {
        logicalId: id,
        name: p.string('Name') ?? id,
        arn: attributeText(node, 'Arn'),
        groupName: p.string('GroupName') ?? 'default',
        scheduleExpression: p.requiredString('ScheduleExpression'),
        enabled: isEnabled(p),
        target: readTargetOptions(p, { id: `${id}Target`, arn: target }),
      };
      const timezone = p.string('ScheduleExpressionTimezone');
      if (timezone !== undefined) schedule.timezone = timezone;
      model.schedules.push(schedule);
      return [];
    }
    case 'Api':
    case 'HttpApi': {
      const rest = event.type === 'Api';
      const apiLogicalId = findApi(node, p, rest, nodes, ctx);
      const route: ApiEventRoute = {
        kind: rest ? 'rest' : 'http',
        apiLogicalId,
        functionLogicalId: event.functionId,
        eventName: event.name,
        functionArn: target,
        props: p,
      };
      const path = p.string('Path');
      const method = p.string('Method');
      if (rest || path !== undefined || method !== undefined) {
        route.path = rest ? p.requiredString('Path') : (path ?? p.requiredString('Path'));
        route.method = rest ? p.requiredString('Method') : (method ?? p.requiredString('Method'));
        if (!route.path.startsWith('/'))
          throw p.error('Path', `must start with '/', got '${route.path}'`);
      }
      const apiNode = nodes.get(apiLogicalId)!;
      const stageName = apiNode.resolved?.['StageName'];
      const stage = rest && typeof stageName === 'string' ? stageName : rest ? 'Prod' : '';
      const sourcePath = route.path === undefined ? '*' : route.path.replace(/\{[^}]+\}/g, '*');
      const sourceMethod =
        route.method === undefined || route.method.toLowerCase() === 'any'
          ? '*'
          : route.method.toUpperCase();
      const source = route.path === undefined ? '*' : `*/${sourceMethod}${sourcePath}`;
      permit(
        'apigateway.amazonaws.com',
        `arn:aws:execute-api:${ctx.region}:${ctx.accountId}:${refText(apiNode)}/${source}`,
        rest ? stage.replace(/[^A-Za-z0-9]/g, '') : '',
      );
      return [route];
    }
    default:
      warn(
        ctx,
        event.functionId,
        `event '${event.name}' of type ${event.type} is not supported by Stratus; it is ignored`,
      );
      return [];
  }
}

function findApi(
  node: TemplateNode,
  p: PropertyReader,
  rest: boolean,
  nodes: Map<string, TemplateNode>,
  ctx: TemplateContext,
): string {
  const property = rest ? 'RestApiId' : 'ApiId';
  const id = p.string(property);
  if (id === undefined) return rest ? IMPLICIT_REST_API : IMPLICIT_HTTP_API;
  // SAM only adds event routes to APIs it manages itself.
  const type = rest ? 'AWS::Serverless::Api' : 'AWS::Serverless::HttpApi';
  for (const candidate of nodes.values()) {
    if (candidate.type === type && candidate.identity?.ref === id) return candidate.logicalId;
  }
  throw templateError(
    ctx,
    `${node.path}.${property}`,
    `must be !Ref to an ${rest ? 'AWS::Serverless::Api' : 'AWS::Serverless::HttpApi'} in this template`,
  );
}

function expandSnsEvent(
  node: TemplateNode,
  p: PropertyReader,
  target: string,
  targetName: string,
  nodes: Map<string, TemplateNode>,
  model: AppModel,
  ctx: TemplateContext,
): void {
  const id = node.logicalId;
  const topicArn = p.requiredString('Topic');
  const sqs = p.props['SqsSubscription'];
  if (sqs === undefined || sqs === false) {
    model.subscriptions.push(
      readSubscription(p, { logicalId: id, topicArn, protocol: 'lambda', endpoint: target }),
    );
    return;
  }
  // SNS → SQS → Lambda: SAM subscribes a queue (its own, or the one given) and maps it to the function.
  let queueArn: string | undefined;
  let batch: PropertyReader | undefined;
  if (isRecord(sqs)) {
    batch = p.child('SqsSubscription');
    queueArn = batch.requiredString('QueueArn');
  } else {
    const queue = nodes.get(`${id}Queue`);
    const arn = queue?.identity?.attributes['Arn'];
    queueArn = typeof arn === 'string' ? arn : undefined;
  }
  if (queueArn === undefined)
    throw p.error('SqsSubscription', 'must be true or {QueueArn, QueueUrl}');
  const sub = readSubscription(p, { logicalId: id, topicArn, protocol: 'sqs', endpoint: queueArn });
  model.subscriptions.push(sub);
  const esm = readEventSourceMapping(
    batch ?? new PropertyReader({}, `${node.path}.SqsSubscription`, ctx),
    `${id}EventSourceMapping`,
    targetName,
    queueArn,
  );
  model.eventSourceMappings.push(esm);
}
