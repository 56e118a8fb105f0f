/** Topic attributes (§9.1): what can be set, validation, and what GetTopicAttributes returns. */
import { topicEffectiveDeliveryPolicy, validateTopicDeliveryPolicy } from './delivery-policy.js';
import { invalidParameter } from './errors.js';
import type { SubscriptionRecord, TopicRecord } from './sns-state.js';

const FEEDBACK_PROTOCOLS = ['HTTP', 'Lambda', 'SQS', 'Firehose', 'Application'];

/** Attribute names SetTopicAttributes (and CreateTopic) accept. */
const SETTABLE = new Set<string>([
  'DisplayName',
  'Policy',
  'DeliveryPolicy',
  'SignatureVersion',
  'TracingConfig',
  'KmsMasterKeyId',
  'DataProtectionPolicy',
  'MaximumMessageSize',
  ...FEEDBACK_PROTOCOLS.flatMap((p) => [
    `${p}SuccessFeedbackRoleArn`,
    `${p}SuccessFeedbackSampleRate`,
    `${p}FailureFeedbackRoleArn`,
  ]),
]);
const FIFO_ONLY = new Set(['ContentBasedDeduplication', 'FifoThroughputScope', 'ArchivePolicy']);

export const DEFAULT_MAX_MESSAGE_BYTES = 262_144;

/** The default topic policy (recorded). */
export function defaultTopicPolicy(arn: string, accountId: string): string {
  return JSON.stringify({
    Version: '2008-10-17',
    Id: '__default_policy_ID',
    Statement: [
      {
        Sid: '__default_statement_ID',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: [
          'SNS:GetTopicAttributes',
          'SNS:SetTopicAttributes',
          'SNS:AddPermission',
          'SNS:RemovePermission',
          'SNS:DeleteTopic',
          'SNS:Subscribe',
          'SNS:ListSubscriptionsByTopic',
          'SNS:Publish',
        ],
        Resource: arn,
        Condition: { StringEquals: { 'AWS:SourceOwner': accountId } },
      },
    ],
  });
}

/**
 * Validates one attribute for a topic; returns the value to store, or undefined to remove it.
 * `creating` allows `FifoTopic` (CreateTopic only).
 */
export function checkTopicAttribute(
  name: string,
  value: string,
  fifo: boolean,
  creating: boolean,
): string | undefined {
  if (name === 'FifoTopic') {
    if (!creating) throw invalidParameter('AttributeName');
    return value.toLowerCase() === 'true' ? 'true' : undefined;
  }
  if (FIFO_ONLY.has(name)) {
    if (!fifo) {
      throw invalidParameter(
        creating ? `Attributes Reason: ${name} is only valid for FIFO topics` : 'AttributeName',
      );
    }
  } else if (!SETTABLE.has(name)) {
    throw invalidParameter(
      creating ? `Attributes Reason: Unknown attribute ${name}` : 'AttributeName',
    );
  }
  const bad = (): Error =>
    invalidParameter(
      creating
        ? `Attributes Reason: Invalid value for ${name}`
        : `${name}: Invalid value [${value}]`,
    );
  switch (name) {
    case 'ContentBasedDeduplication': {
      const v = value.toLowerCase();
      if (v !== 'true' && v !== 'false') throw bad();
      return v;
    }
    case 'FifoThroughputScope':
      if (value !== 'Topic' && value !== 'MessageGroup') throw bad();
      return value;
    case 'SignatureVersion':
      if (value !== '1' && value !== '2') throw bad();
      return value;
    case 'TracingConfig':
      if (value !== 'PassThrough' && value !== 'Active') throw bad();
      return value;
    case 'MaximumMessageSize': {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1024 || n > 1_048_576) throw bad();
      return String(n);
    }
    case 'DeliveryPolicy':
      if (value === '' || value === 'null') return undefined;
      validateTopicDeliveryPolicy(value);
      return value;
    case 'Policy':
    case 'DataProtectionPolicy':
    case 'ArchivePolicy':
      if (value === '') return undefined;
      try {
        JSON.parse(value);
      } catch {
        throw invalidParameter(`${name}: failed to parse JSON.`);
      }
      return value;
    default:
      return value;
  }
}

/** Every attribute GetTopicAttributes returns. */
export function topicAttributes(
  topic: TopicRecord,
  accountId: string,
  subscriptions: readonly SubscriptionRecord[],
): Record<string, string> {
  const a = topic.attributes;
  const confirmed = subscriptions.filter((s) => !s.pending).length;
  const out: Record<string, string> = {
    Policy: a['Policy'] ?? defaultTopicPolicy(topic.arn, accountId),
    Owner: accountId,
    SubscriptionsPending: String(subscriptions.length - confirmed),
    TopicArn: topic.arn,
    EffectiveDeliveryPolicy: topicEffectiveDeliveryPolicy(a['DeliveryPolicy']),
    SubscriptionsConfirmed: String(confirmed),
    DisplayName: a['DisplayName'] ?? '',
    SubscriptionsDeleted: String(topic.deletedSubscriptions),
  };
  if (topic.fifo) {
    out['FifoTopic'] = 'true';
    out['ContentBasedDeduplication'] = a['ContentBasedDeduplication'] ?? 'false';
    out['FifoThroughputScope'] = a['FifoThroughputScope'] ?? 'Topic';
  }
  for (const [k, v] of Object.entries(a)) {
    if (k === 'Policy' || k === 'DisplayName' || k === 'FifoTopic') continue;
    out[k] = v;
  }
  return out;
}
