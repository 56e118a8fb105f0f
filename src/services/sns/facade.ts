/**
 * The typed SNS API for the rest of Stratus: deploying the template's topics and subscriptions
 * (idempotent; never loses subscriptions or queued deliveries), publishing from inside Stratus
 * (S3 or EventBridge notifications to a topic), and reading the outbox of captured email/SMS.
 */
import { randomUUID } from 'node:crypto';
import type { SubscriptionModel, TopicModel } from '../../core/app-model.js';
import { AwsError } from '../../core/errors.js';
import { parseArn } from '../../core/ids.js';
import { isValidTopicName, parseTopicArn, topicArn } from './arns.js';
import type { SnsMessageAttributes } from './message-attributes.js';
import { subscribeIn } from './operations/subscribe.js';
import { acceptPublish, preparePublish, type PublishResult } from './publish-core.js';
import type { SnsContext } from './sns-context.js';
import type { OutboxMessage, SubscriptionProtocol, TopicRecord } from './sns-state.js';
import { topicNotFound } from './errors.js';
import { applySubscriptionAttribute } from './subscription-attributes.js';
import { checkTopicAttribute } from './topic-attributes.js';

export interface SnsPublishInput {
  message: string;
  subject?: string;
  attributes?: SnsMessageAttributes;
  messageGroupId?: string;
  messageDeduplicationId?: string;
}

export interface SnsTopicInfo {
  name: string;
  arn: string;
  fifo: boolean;
}

export interface SnsFacade {
  /** Creates or updates the template's topics, then its subscriptions (idempotent). */
  deploy(topics: readonly TopicModel[], subscriptions: readonly SubscriptionModel[]): Promise<void>;
  /** Publish semantics (throws the AwsError Publish would). */
  publish(topicArn: string, input: SnsPublishInput): Promise<PublishResult>;
  getTopic(topicArn: string): Promise<SnsTopicInfo | undefined>;
  /** Email, email-json and SMS messages captured instead of being sent, oldest first. */
  outbox(): Promise<OutboxMessage[]>;
  clearOutbox(): Promise<number>;
}

/** CloudFormation property value → SNS attribute text. */
function attributeText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** CloudFormation AWS::SNS::Topic properties that are topic attributes. */
const TOPIC_PROPERTIES = [
  'DisplayName',
  'KmsMasterKeyId',
  'DeliveryPolicy',
  'SignatureVersion',
  'TracingConfig',
  'DataProtectionPolicy',
  'ContentBasedDeduplication',
  'FifoThroughputScope',
  'ArchivePolicy',
];

/** Builds the facade over the operations' context. */
export function createSnsFacade(ctx: SnsContext): SnsFacade {
  const deployTopic = async (model: TopicModel): Promise<void> => {
    const fifo = model.fifo || model.name.endsWith('.fifo');
    if (!isValidTopicName(model.name, fifo)) {
      ctx.logger.error(
        `sns: topic ${model.logicalId}: invalid topic name '${model.name}'; skipped`,
      );
      return;
    }
    const attributes: Record<string, string> = {};
    for (const key of TOPIC_PROPERTIES) {
      const text = attributeText(model.attributes[key]);
      if (text === undefined) continue;
      try {
        const value = checkTopicAttribute(key, text, fifo, false);
        if (value !== undefined) attributes[key] = value;
      } catch (e) {
        ctx.logger.error(
          `sns: topic ${model.logicalId}: ${(e as Error).message}; attribute ignored`,
        );
      }
    }
    await ctx.store.transaction(async (tx) => {
      const state = ctx.state.in(tx);
      const existing = await state.getTopic(model.name, true);
      const tags = Object.entries(model.tags);
      if (existing !== undefined) {
        Object.assign(existing.attributes, attributes);
        for (const [k, v] of tags) {
          const at = existing.tags.findIndex(([ek]) => ek === k);
          if (at === -1) existing.tags.push([k, v]);
          else existing.tags[at] = [k, v];
        }
        await state.putTopic(existing);
        return;
      }
      const topic: TopicRecord = {
        name: model.name,
        arn: topicArn(ctx, model.name),
        fifo,
        attributes,
        tags,
        deletedSubscriptions: 0,
        lastSequence: '10000000000000000000',
        createdAt: ctx.clock.now(),
      };
      await state.putTopic(topic);
    });
  };

  const deploySubscription = async (model: SubscriptionModel): Promise<void> => {
    let name: string;
    try {
      name = parseTopicArn(ctx, model.topicArn);
    } catch {
      ctx.logger.error(
        `sns: subscription ${model.logicalId}: '${model.topicArn}' is not a topic of this account and region; skipped`,
      );
      return;
    }
    const topic = await ctx.state.getTopic(name);
    if (topic === undefined) {
      ctx.logger.error(
        `sns: subscription ${model.logicalId}: topic ${model.topicArn} does not exist; skipped`,
      );
      return;
    }
    const protocol = model.protocol.toLowerCase() as SubscriptionProtocol;
    const wanted: [string, string][] = [
      ['RawMessageDelivery', model.rawMessageDelivery ? 'true' : 'false'],
    ];
    if (model.filterPolicyScope !== undefined)
      wanted.push(['FilterPolicyScope', model.filterPolicyScope]);
    const filter = attributeText(model.filterPolicy);
    if (filter !== undefined) wanted.push(['FilterPolicy', filter]);
    const redrive = attributeText(model.redrivePolicy);
    if (redrive !== undefined) wanted.push(['RedrivePolicy', redrive]);
    let attributes: Record<string, string> = {};
    for (const [k, v] of wanted) {
      try {
        attributes = applySubscriptionAttribute(
          'SetSubscriptionAttributes',
          topic,
          protocol,
          attributes,
          k,
          v,
        );
      } catch (e) {
        ctx.logger.error(
          `sns: subscription ${model.logicalId}: ${(e as Error).message}; attribute ignored`,
        );
      }
    }
    if (protocol === 'sqs' && parseArn(model.endpoint)?.service !== 'sqs') {
      ctx.logger.error(
        `sns: subscription ${model.logicalId}: endpoint must be a queue ARN; skipped`,
      );
      return;
    }
    await ctx.store.transaction(async (tx) => {
      const state = ctx.state.in(tx);
      const existing = (await state.allSubscriptions(name)).find(
        (s) => s.protocol === protocol && s.endpoint === model.endpoint,
      );
      if (existing !== undefined) {
        // The template is the source of truth for the attributes it sets; others are kept.
        const next = { ...existing.attributes, ...attributes };
        if (filter === undefined) delete next['FilterPolicy'];
        existing.attributes = next;
        await state.putSubscription(existing);
        return;
      }
      await subscribeIn(ctx, state, tx, name, protocol, model.endpoint, attributes, {});
    });
  };

  return {
    async deploy(topics, subscriptions) {
      for (const t of topics) await deployTopic(t);
      for (const s of subscriptions) {
        try {
          await deploySubscription(s);
        } catch (e) {
          if (!(e instanceof AwsError)) throw e;
          ctx.logger.error(`sns: subscription ${s.logicalId}: ${e.message}; skipped`);
        }
      }
    },
    async publish(arn, input) {
      const name = parseTopicArn(ctx, arn);
      const topic = await ctx.state.getTopic(name);
      if (topic === undefined) throw topicNotFound();
      const prepared = preparePublish(topic, {
        message: input.message,
        subject: input.subject,
        messageStructure: undefined,
        attributes: input.attributes ?? {},
        groupId: input.messageGroupId,
        dedupId: input.messageDeduplicationId,
      });
      return ctx.store.transaction((tx) => acceptPublish(ctx, tx, name, prepared, undefined));
    },
    async getTopic(arn) {
      let name: string;
      try {
        name = parseTopicArn(ctx, arn);
      } catch {
        return undefined;
      }
      const t = await ctx.state.getTopic(name);
      return t === undefined ? undefined : { name: t.name, arn: t.arn, fifo: t.fifo };
    },
    outbox: () => ctx.state.listOutbox(),
    clearOutbox: () => ctx.state.clearOutbox(),
  };
}

/** The default sender: keeps every message in the store outbox. */
export function outboxSender(ctx: Pick<SnsContext, 'state'>): {
  send(m: OutboxMessage): Promise<void>;
} {
  return { send: (m) => ctx.state.addOutbox(m, randomUUID()) };
}
