/** Subscription attributes (§9.2, §10.9): validation with AWS's texts, and what Get returns. */
import type { AwsError } from '../../core/errors.js';
import { compileFilterPolicy, type FilterPolicyScope } from '../../core/event-pattern/index.js';
import { parseArn } from '../../core/ids.js';
import {
  subscriptionEffectiveDeliveryPolicy,
  validateSubscriptionDeliveryPolicy,
} from './delivery-policy.js';
import { invalidParameter } from './errors.js';
import type { SubscriptionRecord, TopicRecord } from './sns-state.js';

const SETTABLE = new Set([
  'DeliveryPolicy',
  'FilterPolicy',
  'FilterPolicyScope',
  'RawMessageDelivery',
  'RedrivePolicy',
  'SubscriptionRoleArn',
  'ReplayPolicy',
]);

export type AttributeOperation = 'Subscribe' | 'SetSubscriptionAttributes';

/** Prefixes a reason as the operation words it. */
function fail(operation: AttributeOperation, reason: string): AwsError {
  return invalidParameter(operation === 'Subscribe' ? `Attributes Reason: ${reason}` : reason);
}

/**
 * Validates setting `name` to `value` on a subscription whose other attributes are `current`;
 * returns the new attribute set (a removed attribute is absent).
 */
export function applySubscriptionAttribute(
  operation: AttributeOperation,
  topic: TopicRecord,
  protocol: string,
  current: Readonly<Record<string, string>>,
  name: string,
  value: string,
): Record<string, string> {
  const next = { ...current };
  if (!SETTABLE.has(name)) throw fail(operation, 'AttributeName');
  switch (name) {
    case 'RawMessageDelivery': {
      const v = value.toLowerCase();
      if (v !== 'true' && v !== 'false') {
        throw fail(
          operation,
          `RawMessageDelivery: Invalid value [${value}]. Must be true or false.`,
        );
      }
      next[name] = v;
      return next;
    }
    case 'FilterPolicy': {
      if (value === '') {
        delete next[name];
        return next;
      }
      compileFilterPolicy(value, scopeOf(current), { operation });
      next[name] = value;
      return next;
    }
    case 'FilterPolicyScope': {
      if (value !== 'MessageAttributes' && value !== 'MessageBody') {
        throw fail(
          operation,
          `FilterPolicyScope: Invalid value [${value}]. Please use either MessageBody or MessageAttributes`,
        );
      }
      const policy = current['FilterPolicy'];
      if (policy !== undefined) compileFilterPolicy(policy, value, { operation });
      next[name] = value;
      return next;
    }
    case 'RedrivePolicy': {
      if (value === '') {
        delete next[name];
        return next;
      }
      let doc: unknown;
      try {
        doc = JSON.parse(value);
      } catch (e) {
        throw fail(operation, `RedrivePolicy: failed to parse JSON. ${(e as Error).message}`);
      }
      const target =
        typeof doc === 'object' && doc !== null
          ? (doc as Record<string, unknown>)['deadLetterTargetArn']
          : undefined;
      const arn = typeof target === 'string' ? parseArn(target) : undefined;
      if (arn === undefined || arn.service !== 'sqs') {
        throw fail(operation, 'RedrivePolicy: deadLetterTargetArn is an invalid arn');
      }
      if (topic.fifo && !arn.resource.endsWith('.fifo')) {
        throw fail(
          operation,
          'RedrivePolicy: must use a FIFO queue as DLQ for a FIFO Subscription to a FIFO Topic.',
        );
      }
      next[name] = value;
      return next;
    }
    case 'DeliveryPolicy':
      if (value === '' || value === 'null') {
        delete next[name];
        return next;
      }
      if (protocol !== 'http' && protocol !== 'https') {
        throw fail(operation, 'DeliveryPolicy: only valid for HTTP/S subscriptions');
      }
      validateSubscriptionDeliveryPolicy(value);
      next[name] = value;
      return next;
    default:
      next[name] = value;
      return next;
  }
}

/** The subscription's filter policy scope (default MessageAttributes). */
export function scopeOf(attributes: Readonly<Record<string, string>>): FilterPolicyScope {
  return attributes['FilterPolicyScope'] === 'MessageBody' ? 'MessageBody' : 'MessageAttributes';
}

/** The dead-letter queue ARN of a subscription, if any. */
export function deadLetterArn(attributes: Readonly<Record<string, string>>): string | undefined {
  const text = attributes['RedrivePolicy'];
  if (text === undefined) return undefined;
  try {
    const doc = JSON.parse(text) as Record<string, unknown>;
    const arn = doc['deadLetterTargetArn'];
    return typeof arn === 'string' ? arn : undefined;
  } catch {
    return undefined;
  }
}

/** Every attribute GetSubscriptionAttributes returns. */
export function subscriptionAttributes(
  sub: SubscriptionRecord,
  topic: TopicRecord | undefined,
  accountId: string,
): Record<string, string> {
  const a = sub.attributes;
  const out: Record<string, string> = {
    Owner: sub.owner,
    RawMessageDelivery: a['RawMessageDelivery'] ?? 'false',
    TopicArn: sub.topicArn,
    Endpoint: sub.endpoint,
    Protocol: sub.protocol,
    PendingConfirmation: String(sub.pending),
    ConfirmationWasAuthenticated: String(sub.authenticated),
    SubscriptionArn: sub.arn,
    SubscriptionPrincipal: `arn:aws:iam::${accountId}:root`,
  };
  if (sub.protocol === 'http' || sub.protocol === 'https') {
    out['EffectiveDeliveryPolicy'] = subscriptionEffectiveDeliveryPolicy(
      sub.protocol,
      topic?.attributes['DeliveryPolicy'],
      a['DeliveryPolicy'],
    );
  }
  for (const [k, v] of Object.entries(a)) {
    if (k === 'RawMessageDelivery') continue;
    // The scope is shown only while a policy is set (recorded).
    if (k === 'FilterPolicyScope' && a['FilterPolicy'] === undefined) continue;
    out[k] = v;
  }
  if (a['FilterPolicy'] !== undefined && out['FilterPolicyScope'] === undefined) {
    out['FilterPolicyScope'] = 'MessageAttributes';
  }
  return out;
}
