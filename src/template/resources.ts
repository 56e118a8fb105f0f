import type {
  BucketModel,
  BucketNotificationModel,
  KeySchemaElement,
  KinesisStreamModel,
  QueueModel,
  TableIndexModel,
  TableModel,
  TopicModel,
} from '../core/app-model.js';
import { templateError, type TemplateContext } from './context.js';
import { PropertyReader } from './read.js';
import { queueName, topicName } from './resource-identity.js';
import { attributeText, refText, type TemplateNode } from './template-nodes.js';
import type { PlainObject } from './values.js';

const SIMPLE_TABLE_KEY_TYPES: Record<string, 'S' | 'N' | 'B'> = {
  String: 'S',
  Number: 'N',
  Binary: 'B',
};

/**
 * `AWS::Serverless::SimpleTable` as SAM expands it: an `AWS::DynamoDB::Table` with the same
 * logical id, a single hash key (default `id` String) and on-demand billing unless
 * `ProvisionedThroughput` is given.
 */
export function expandSimpleTable(
  props: PlainObject,
  path: string,
  ctx: TemplateContext,
): PlainObject {
  const p = new PropertyReader(props, path, ctx);
  const key = p.child('PrimaryKey');
  const keyName = key.string('Name') ?? 'id';
  const keyType = key.string('Type') ?? 'String';
  const attributeType = SIMPLE_TABLE_KEY_TYPES[keyType];
  if (attributeType === undefined)
    throw key.error('Type', `must be String, Number or Binary, got '${keyType}'`);
  const out: PlainObject = {
    AttributeDefinitions: [{ AttributeName: keyName, AttributeType: attributeType }],
    KeySchema: [{ AttributeName: keyName, KeyType: 'HASH' }],
  };
  if (p.has('ProvisionedThroughput')) out['ProvisionedThroughput'] = props['ProvisionedThroughput'];
  else out['BillingMode'] = 'PAY_PER_REQUEST';
  for (const name of ['TableName', 'SSESpecification', 'PointInTimeRecoverySpecification']) {
    if (p.has(name)) out[name] = props[name];
  }
  if (p.has('Tags')) out['Tags'] = Object.entries(p.tags()).map(([Key, Value]) => ({ Key, Value }));
  return out;
}

/** Builds a table from a (SimpleTable-expanded) `AWS::DynamoDB::Table`'s properties. */
export function expandTable(
  node: TemplateNode,
  props: PlainObject,
  ctx: TemplateContext,
): TableModel {
  const p = new PropertyReader(props, node.path, ctx);
  const attributeDefinitions = p
    .records('AttributeDefinitions')
    .map((a, i): TableModel['attributeDefinitions'][number] => {
      const r = new PropertyReader(a, `${node.path}.AttributeDefinitions[${i}]`, ctx);
      const type = r.requiredString('AttributeType');
      if (type !== 'S' && type !== 'N' && type !== 'B')
        throw r.error('AttributeType', `must be S, N or B, got '${type}'`);
      return {
        attributeName: r.requiredString('AttributeName'),
        attributeType: type,
      };
    });
  const keySchema = readKeySchema(p, 'KeySchema', ctx);
  if (keySchema.length === 0) throw p.error('KeySchema', 'is required');
  const indexes = (name: string): TableIndexModel[] =>
    p.records(name).map((index, i) => {
      const r = new PropertyReader(index, `${node.path}.${name}[${i}]`, ctx);
      const projection = r.child('Projection');
      const projectionType = projection.string('ProjectionType') ?? 'KEYS_ONLY';
      if (
        projectionType !== 'ALL' &&
        projectionType !== 'KEYS_ONLY' &&
        projectionType !== 'INCLUDE'
      ) {
        throw projection.error(
          'ProjectionType',
          `must be ALL, KEYS_ONLY or INCLUDE, got '${projectionType}'`,
        );
      }
      const model: TableIndexModel = {
        indexName: r.requiredString('IndexName'),
        keySchema: readKeySchema(r, 'KeySchema', ctx),
        projection: { projectionType },
      };
      if (projection.has('NonKeyAttributes'))
        model.projection.nonKeyAttributes = projection.strings('NonKeyAttributes');
      return model;
    });
  const name = refText(node);
  const table: TableModel = {
    logicalId: node.logicalId,
    name,
    arn: attributeText(node, 'Arn'),
    attributeDefinitions,
    keySchema,
    globalSecondaryIndexes: indexes('GlobalSecondaryIndexes'),
    localSecondaryIndexes: indexes('LocalSecondaryIndexes'),
    billingMode: p.string('BillingMode') === 'PAY_PER_REQUEST' ? 'PAY_PER_REQUEST' : 'PROVISIONED',
    tags: p.tags(),
  };
  const viewType = p.child('StreamSpecification').string('StreamViewType');
  if (viewType !== undefined) {
    if (
      viewType !== 'KEYS_ONLY' &&
      viewType !== 'NEW_IMAGE' &&
      viewType !== 'OLD_IMAGE' &&
      viewType !== 'NEW_AND_OLD_IMAGES'
    ) {
      throw p
        .child('StreamSpecification')
        .error(
          'StreamViewType',
          `must be KEYS_ONLY, NEW_IMAGE, OLD_IMAGE or NEW_AND_OLD_IMAGES, got '${viewType}'`,
        );
    }
    table.stream = { viewType, arn: attributeText(node, 'StreamArn') };
  }
  const ttl = p.child('TimeToLiveSpecification');
  if (ttl.has('AttributeName')) {
    table.ttl = {
      attributeName: ttl.requiredString('AttributeName'),
      enabled: ttl.boolean('Enabled') ?? false,
    };
  }
  return table;
}

function readKeySchema(p: PropertyReader, name: string, ctx: TemplateContext): KeySchemaElement[] {
  return p.records(name).map((k, i) => {
    const r = new PropertyReader(k, `${p.path}.${name}[${i}]`, ctx);
    const keyType = r.requiredString('KeyType');
    if (keyType !== 'HASH' && keyType !== 'RANGE')
      throw r.error('KeyType', `must be HASH or RANGE, got '${keyType}'`);
    return { attributeName: r.requiredString('AttributeName'), keyType };
  });
}

/** Builds a queue from an `AWS::SQS::Queue` node. */
export function expandQueue(node: TemplateNode, ctx: TemplateContext): QueueModel {
  const props = node.resolved ?? {};
  const p = new PropertyReader(props, node.path, ctx);
  const name = queueName(node.logicalId, props);
  const fifo = p.boolean('FifoQueue') ?? false;
  if (fifo !== name.endsWith('.fifo')) {
    throw templateError(
      ctx,
      `${node.path}.QueueName`,
      fifo
        ? `a FIFO queue name must end in '.fifo', got '${name}'`
        : `queue name '${name}' ends in '.fifo'; set FifoQueue: true`,
    );
  }
  const { QueueName: _name, Tags: _tags, ...attributes } = props;
  return {
    logicalId: node.logicalId,
    name,
    arn: attributeText(node, 'Arn'),
    url: refText(node),
    fifo,
    attributes,
    tags: p.tags(),
  };
}

/** Builds a topic from an `AWS::SNS::Topic` node (its inline `Subscription` list is read elsewhere). */
export function expandTopic(node: TemplateNode, ctx: TemplateContext): TopicModel {
  const props = node.resolved ?? {};
  const p = new PropertyReader(props, node.path, ctx);
  const { TopicName: _name, Tags: _tags, Subscription: _subs, ...attributes } = props;
  return {
    logicalId: node.logicalId,
    name: topicName(node.logicalId, props),
    arn: refText(node),
    fifo: p.boolean('FifoTopic') ?? false,
    attributes,
    tags: p.tags(),
  };
}

/** Builds a Kinesis stream from an `AWS::Kinesis::Stream` node. */
export function expandStream(node: TemplateNode, ctx: TemplateContext): KinesisStreamModel {
  const p = new PropertyReader(node.resolved ?? {}, node.path, ctx);
  const mode =
    p.child('StreamModeDetails').string('StreamMode') === 'ON_DEMAND' ? 'ON_DEMAND' : 'PROVISIONED';
  return {
    logicalId: node.logicalId,
    name: refText(node),
    arn: attributeText(node, 'Arn'),
    shardCount: p.number('ShardCount', 1) ?? (mode === 'ON_DEMAND' ? 4 : 1),
    mode,
    retentionHours: p.number('RetentionPeriodHours', 24, 8760) ?? 24,
  };
}

/** Builds a bucket, with the notifications its `NotificationConfiguration` declares. */
export function expandBucket(node: TemplateNode, ctx: TemplateContext): BucketModel {
  const p = new PropertyReader(node.resolved ?? {}, node.path, ctx);
  const config = p.child('NotificationConfiguration');
  const notifications: BucketNotificationModel[] = [];
  const kinds = [
    ['LambdaConfigurations', 'lambda', 'Function'],
    ['QueueConfigurations', 'queue', 'Queue'],
    ['TopicConfigurations', 'topic', 'Topic'],
  ] as const;
  for (const [list, kind, targetProperty] of kinds) {
    config.records(list).forEach((entry, i) => {
      const r = new PropertyReader(entry, `${config.path}.${list}[${i}]`, ctx);
      notifications.push(
        bucketNotification(kind, r.requiredString(targetProperty), r.strings('Event'), r, ctx),
      );
    });
  }
  const bucket: BucketModel = {
    logicalId: node.logicalId,
    name: refText(node),
    arn: attributeText(node, 'Arn'),
    notifications,
    versioning: p.child('VersioningConfiguration').string('Status') === 'Enabled',
  };
  if (p.has('CorsConfiguration')) bucket.cors = p.props['CorsConfiguration'];
  return bucket;
}

/** One notification, reading the `Filter.S3Key.Rules` prefix/suffix rules under `r`. */
export function bucketNotification(
  kind: BucketNotificationModel['kind'],
  targetArn: string,
  events: string[],
  r: PropertyReader,
  ctx: TemplateContext,
): BucketNotificationModel {
  const out: BucketNotificationModel = { kind, targetArn, events };
  const rules = r.child('Filter').child('S3Key');
  rules.records('Rules').forEach((rule, i) => {
    const rr = new PropertyReader(rule, `${rules.path}.Rules[${i}]`, ctx);
    const name = rr.requiredString('Name').toLowerCase();
    if (name === 'prefix') out.prefix = rr.string('Value') ?? '';
    else if (name === 'suffix') out.suffix = rr.string('Value') ?? '';
    else throw rr.error('Name', `must be prefix or suffix, got '${name}'`);
  });
  return out;
}
