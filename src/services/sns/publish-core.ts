/**
 * The accepting half of Publish and PublishBatch (§10.10, §12.1): validation, FIFO sequence
 * numbers and deduplication, filter policies, and the fan-out into the durable delivery queue —
 * all inside the caller's transaction, so a publish is acknowledged only once every delivery it
 * causes is recorded.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { StoreTransaction } from '../../store/index.js';
import { matchesFilterPolicy } from '../../core/event-pattern/index.js';
import {
  AWS_MANAGED_RETRY_POLICY,
  CUSTOMER_MANAGED_RETRY_POLICY,
  effectiveHttpPolicy,
} from './delivery-policy.js';
import { encodeJob, type DeliveryJob } from './delivery-job.js';
import { invalidParameter, topicNotFound } from './errors.js';
import { attributesSize, type SnsMessageAttributes } from './message-attributes.js';
import type { SnsContext } from './sns-context.js';
import type { SubscriptionRecord, TopicRecord } from './sns-state.js';
import { deadLetterArn, scopeOf } from './subscription-attributes.js';
import { DEFAULT_MAX_MESSAGE_BYTES } from './topic-attributes.js';

/** FIFO deduplication interval. */
export const DEDUP_WINDOW_MS = 5 * 60_000;

export interface PublishInput {
  message: string | undefined;
  subject: string | undefined;
  messageStructure: string | undefined;
  attributes: SnsMessageAttributes;
  groupId: string | undefined;
  dedupId: string | undefined;
}

/** A validated message, ready to fan out. */
export interface PreparedMessage {
  message: string;
  subject: string | undefined;
  /** Per-protocol texts when MessageStructure=json. */
  structure: Record<string, unknown> | undefined;
  attributes: SnsMessageAttributes;
  groupId: string | undefined;
  dedupId: string | undefined;
}

/** Validates a publish to `topic` (throws AWS's InvalidParameter texts). */
export function preparePublish(
  topic: TopicRecord | undefined,
  input: PublishInput,
): PreparedMessage {
  const message = input.message;
  if (message === undefined || message === '') throw invalidParameter('Empty message');
  const subject = input.subject;
  if (subject !== undefined) {
    if (subject === '' || subject.length >= 100 || /[\u0000-\u001f]/.test(subject)) {
      throw invalidParameter('Subject');
    }
  }
  const limit = Number(topic?.attributes['MaximumMessageSize'] ?? DEFAULT_MAX_MESSAGE_BYTES);
  if (Buffer.byteLength(message, 'utf8') + attributesSize(input.attributes) > limit) {
    throw invalidParameter('Message too long');
  }
  let structure: Record<string, unknown> | undefined;
  if (input.messageStructure !== undefined) {
    if (input.messageStructure !== 'json') {
      throw invalidParameter('MessageStructure');
    }
    let doc: unknown;
    try {
      doc = JSON.parse(message);
    } catch {
      throw invalidParameter('Message Structure - JSON message body failed to parse');
    }
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
      throw invalidParameter('Message Structure - JSON message body failed to parse');
    }
    structure = doc as Record<string, unknown>;
    if (typeof structure['default'] !== 'string') {
      throw invalidParameter('Message Structure - No default entry in JSON message body');
    }
  }
  if (topic?.fifo === true) {
    if (input.groupId === undefined || input.groupId === '') {
      throw invalidParameter('The MessageGroupId parameter is required for FIFO topics');
    }
    if (input.dedupId === undefined && topic.attributes['ContentBasedDeduplication'] !== 'true') {
      throw invalidParameter(
        'The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly',
      );
    }
  } else if (input.dedupId !== undefined) {
    throw invalidParameter(
      'MessageDeduplicationId Reason: The request includes MessageDeduplicationId parameter that is not valid for this topic type',
    );
  }
  return {
    message,
    subject,
    structure,
    attributes: input.attributes,
    groupId: input.groupId,
    dedupId: input.dedupId,
  };
}

export interface PublishResult {
  messageId: string;
  sequenceNumber?: string;
}

/** The message a protocol gets: its own entry under MessageStructure=json, else `default`. */
function messageFor(prepared: PreparedMessage, protocol: string): string {
  const s = prepared.structure;
  if (s === undefined) return prepared.message;
  const own = s[protocol];
  return typeof own === 'string' ? own : (s['default'] as string);
}

/** ISO-8601 UTC with milliseconds. */
function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * Accepts `prepared` for `topicName` inside `tx`: assigns the ids, deduplicates FIFO publishes,
 * and queues one delivery job per matching confirmed subscription.
 */
export async function acceptPublish(
  ctx: SnsContext,
  tx: StoreTransaction,
  topicName: string,
  prepared: PreparedMessage,
  traceHeader: string | undefined,
): Promise<PublishResult> {
  const state = ctx.state.in(tx);
  const topic = await state.getTopic(topicName, true);
  if (topic === undefined) throw topicNotFound();
  const now = ctx.clock.now();
  const messageId = randomUUID();
  let sequenceNumber: string | undefined;
  let dedupId: string | undefined;
  if (topic.fifo) {
    dedupId =
      prepared.dedupId ?? createHash('sha256').update(prepared.message, 'utf8').digest('hex');
    const scopeKey =
      topic.attributes['FifoThroughputScope'] === 'MessageGroup'
        ? `${prepared.groupId ?? ''}:${dedupId}`
        : dedupId;
    const seen = await state.getDedup(topic.name, scopeKey);
    if (seen !== undefined && seen.expiresAt > now) {
      return { messageId: seen.messageId, sequenceNumber: seen.sequenceNumber };
    }
    sequenceNumber = (BigInt(topic.lastSequence) + 1n).toString().padStart(20, '0');
    topic.lastSequence = sequenceNumber;
    await state.putTopic(topic);
    await state.putDedup(topic.name, scopeKey, {
      messageId,
      sequenceNumber,
      expiresAt: now + DEDUP_WINDOW_MS,
    });
  }
  const subscriptions = await state.allSubscriptions(topic.name);
  const timestamp = isoTime(now);
  for (const sub of subscriptions) {
    if (sub.pending) continue;
    const message = messageFor(prepared, sub.protocol);
    if (!passesFilter(ctx, sub, prepared, message)) continue;
    const job = notificationJob(ctx, topic, sub, {
      messageId,
      timestamp,
      message,
      prepared,
      sequenceNumber,
      dedupId,
      traceHeader,
    });
    await tx.queues.send(state.deliveryQueue, {
      body: encodeJob(job),
      ...(topic.fifo && prepared.groupId !== undefined
        ? { groupId: `${sub.id}:${prepared.groupId}` }
        : {}),
    });
  }
  return sequenceNumber === undefined ? { messageId } : { messageId, sequenceNumber };
}

function passesFilter(
  ctx: SnsContext,
  sub: SubscriptionRecord,
  prepared: PreparedMessage,
  message: string,
): boolean {
  const policy = sub.attributes['FilterPolicy'];
  if (policy === undefined) return true;
  try {
    const compiled = ctx.filterPolicy(policy, scopeOf(sub.attributes));
    return matchesFilterPolicy(compiled, { attributes: prepared.attributes, body: message });
  } catch (e) {
    ctx.logger.warn(`sns: filter policy of ${sub.arn} cannot be used: ${(e as Error).message}`);
    return false;
  }
}

/** The retry policy and delivery details of a subscription's protocol. */
export function deliveryDetails(
  topic: TopicRecord,
  sub: Pick<SubscriptionRecord, 'protocol' | 'attributes'>,
): Pick<DeliveryJob, 'retry' | 'contentType'> {
  if (sub.protocol === 'http' || sub.protocol === 'https') {
    const eff = effectiveHttpPolicy(
      sub.protocol,
      topic.attributes['DeliveryPolicy'],
      sub.attributes['DeliveryPolicy'],
    );
    return { retry: eff.retry, contentType: eff.contentType };
  }
  if (sub.protocol === 'sqs' || sub.protocol === 'lambda' || sub.protocol === 'firehose') {
    return { retry: AWS_MANAGED_RETRY_POLICY };
  }
  return { retry: CUSTOMER_MANAGED_RETRY_POLICY };
}

function notificationJob(
  ctx: SnsContext,
  topic: TopicRecord,
  sub: SubscriptionRecord,
  m: {
    messageId: string;
    timestamp: string;
    message: string;
    prepared: PreparedMessage;
    sequenceNumber: string | undefined;
    dedupId: string | undefined;
    traceHeader: string | undefined;
  },
): DeliveryJob {
  const job: DeliveryJob = {
    kind: 'Notification',
    protocol: sub.protocol,
    endpoint: sub.endpoint,
    topicArn: topic.arn,
    subscriptionArn: sub.arn,
    messageId: m.messageId,
    timestamp: m.timestamp,
    message: m.message,
    fifo: topic.fifo,
    signatureVersion: topic.attributes['SignatureVersion'] === '2' ? '2' : '1',
    raw: sub.attributes['RawMessageDelivery'] === 'true',
    retries: 0,
    ...deliveryDetails(topic, sub),
  };
  if (m.prepared.subject !== undefined) job.subject = m.prepared.subject;
  if (Object.keys(m.prepared.attributes).length > 0) job.attributes = m.prepared.attributes;
  if (m.sequenceNumber !== undefined) job.sequenceNumber = m.sequenceNumber;
  if (m.prepared.groupId !== undefined) job.groupId = m.prepared.groupId;
  if (m.dedupId !== undefined) job.dedupId = m.dedupId;
  const dlq = deadLetterArn(sub.attributes);
  if (dlq !== undefined) job.deadLetterArn = dlq;
  if (m.traceHeader !== undefined) job.traceHeader = m.traceHeader;
  void ctx;
  return job;
}

/** Queues a direct SMS publish (PhoneNumber) to the outbox. */
export async function acceptSmsPublish(
  ctx: SnsContext,
  tx: StoreTransaction,
  phoneNumber: string,
  prepared: PreparedMessage,
): Promise<PublishResult> {
  const messageId = randomUUID();
  const job: DeliveryJob = {
    kind: 'Notification',
    protocol: 'sms',
    endpoint: phoneNumber,
    topicArn: '',
    messageId,
    timestamp: isoTime(ctx.clock.now()),
    message: messageFor(prepared, 'sms'),
    fifo: false,
    signatureVersion: '1',
    raw: true,
    retries: 0,
    retry: CUSTOMER_MANAGED_RETRY_POLICY,
  };
  if (prepared.subject !== undefined) job.subject = prepared.subject;
  await tx.queues.send(ctx.state.deliveryQueue, { body: encodeJob(job) });
  return { messageId };
}
