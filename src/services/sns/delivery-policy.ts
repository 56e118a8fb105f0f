/**
 * Delivery retry policies (§12.4, §12.5): HTTP/S delivery policy documents (topic and
 * subscription), their validation and merging, and the retry schedules of every protocol.
 */
import { invalidParameter } from './errors.js';

export type BackoffFunction = 'linear' | 'arithmetic' | 'geometric' | 'exponential';

/** A retry policy in the shape of `healthyRetryPolicy`. */
export interface RetryPolicy {
  minDelayTarget: number;
  maxDelayTarget: number;
  numRetries: number;
  numNoDelayRetries: number;
  numMinDelayRetries: number;
  numMaxDelayRetries: number;
  backoffFunction: BackoffFunction;
}

/** The HTTP/S default (SNS-DG "Amazon SNS message delivery retries"). */
export const DEFAULT_HTTP_RETRY_POLICY: RetryPolicy = {
  minDelayTarget: 20,
  maxDelayTarget: 20,
  numRetries: 3,
  numMaxDelayRetries: 0,
  numNoDelayRetries: 0,
  numMinDelayRetries: 0,
  backoffFunction: 'linear',
};

/** SQS, Lambda (AWS-managed endpoints): 3 immediate, 2 at 1 s, 10 backing off 1→20 s, then 20 s. */
export const AWS_MANAGED_RETRY_POLICY: RetryPolicy = {
  minDelayTarget: 1,
  maxDelayTarget: 20,
  numRetries: 100_015,
  numNoDelayRetries: 3,
  numMinDelayRetries: 2,
  numMaxDelayRetries: 100_000,
  backoffFunction: 'exponential',
};

/** Email, SMS, mobile push (customer-managed endpoints): 50 attempts over about six hours. */
export const CUSTOMER_MANAGED_RETRY_POLICY: RetryPolicy = {
  minDelayTarget: 10,
  maxDelayTarget: 600,
  numRetries: 50,
  numNoDelayRetries: 0,
  numMinDelayRetries: 2,
  numMaxDelayRetries: 38,
  backoffFunction: 'exponential',
};

export const DEFAULT_CONTENT_TYPE = 'text/plain; charset=UTF-8';

/** The topic's EffectiveDeliveryPolicy when no DeliveryPolicy is set (recorded). */
export const DEFAULT_TOPIC_DELIVERY_POLICY = {
  http: {
    defaultHealthyRetryPolicy: { ...DEFAULT_HTTP_RETRY_POLICY },
    disableSubscriptionOverrides: false,
    defaultRequestPolicy: { headerContentType: DEFAULT_CONTENT_TYPE },
  },
};

/**
 * Seconds to wait before retry number `retry` (0 = the first retry), or undefined when the
 * policy is exhausted.
 */
export function retryDelaySeconds(policy: RetryPolicy, retry: number): number | undefined {
  if (retry >= policy.numRetries) return undefined;
  let i = retry;
  if (i < policy.numNoDelayRetries) return 0;
  i -= policy.numNoDelayRetries;
  if (i < policy.numMinDelayRetries) return policy.minDelayTarget;
  i -= policy.numMinDelayRetries;
  const backoff = Math.max(
    0,
    policy.numRetries -
      policy.numNoDelayRetries -
      policy.numMinDelayRetries -
      policy.numMaxDelayRetries,
  );
  if (i >= backoff) return policy.maxDelayTarget;
  const { minDelayTarget: min, maxDelayTarget: max } = policy;
  const t = backoff <= 1 ? 1 : i / (backoff - 1);
  // AWS documents the curves only as a graph: linear and exponential as named, arithmetic and
  // geometric as monotone curves between them (messaging.md §12.5, verify).
  switch (policy.backoffFunction) {
    case 'exponential':
      return min * Math.pow(max / min, t);
    case 'geometric':
      return min + (max - min) * Math.pow(t, 3);
    case 'arithmetic':
      return min + (max - min) * Math.pow(t, 2);
    default:
      return min + (max - min) * t;
  }
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function parseJsonObject(text: string, what: string): Json {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw invalidParameter(`${what}: failed to parse JSON. ${(e as Error).message}`);
  }
  if (!isObject(v)) throw invalidParameter(`${what}: failed to parse JSON. not an object`);
  return v;
}

/** Reads a `healthyRetryPolicy`, filling defaults; throws AWS-style texts for bad values. */
function readRetryPolicy(value: unknown, what: string): RetryPolicy {
  if (value === undefined || value === null) return { ...DEFAULT_HTTP_RETRY_POLICY };
  if (!isObject(value)) throw invalidParameter(`${what}: healthyRetryPolicy must be an object`);
  const num = (name: keyof RetryPolicy, fallback: number, min: number, max: number): number => {
    const v = value[name];
    if (v === undefined) return fallback;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      throw invalidParameter(`${what}: ${name} must be an integer between ${min} and ${max}`);
    }
    return v;
  };
  const minDelayTarget = num('minDelayTarget', 20, 1, 3600);
  const maxDelayTarget = num('maxDelayTarget', Math.max(20, minDelayTarget), 1, 3600);
  if (minDelayTarget > maxDelayTarget) {
    throw invalidParameter(`${what}: minDelayTarget must be less than or equal to maxDelayTarget`);
  }
  const policy: RetryPolicy = {
    minDelayTarget,
    maxDelayTarget,
    numRetries: num('numRetries', 3, 0, 100),
    numNoDelayRetries: num('numNoDelayRetries', 0, 0, 100),
    numMinDelayRetries: num('numMinDelayRetries', 0, 0, 100),
    numMaxDelayRetries: num('numMaxDelayRetries', 0, 0, 100),
    backoffFunction: 'linear',
  };
  const backoff = value['backoffFunction'];
  if (backoff !== undefined) {
    if (!['linear', 'arithmetic', 'geometric', 'exponential'].includes(backoff as string)) {
      throw invalidParameter(
        `${what}: backoffFunction must be one of linear, arithmetic, geometric, exponential`,
      );
    }
    policy.backoffFunction = backoff as BackoffFunction;
  }
  if (
    policy.numNoDelayRetries + policy.numMinDelayRetries + policy.numMaxDelayRetries >
    policy.numRetries
  ) {
    throw invalidParameter(
      `${what}: numRetries is less than the sum of the retries of every phase`,
    );
  }
  return policy;
}

function readContentType(value: unknown, what: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw invalidParameter(`${what}: requestPolicy must be an object`);
  const ct = value['headerContentType'];
  if (ct === undefined) return undefined;
  if (typeof ct !== 'string' || ct === '') {
    throw invalidParameter(`${what}: headerContentType must be a string`);
  }
  return ct;
}

/** A topic DeliveryPolicy per scheme, as far as delivery needs it. */
export interface TopicHttpPolicy {
  retry: RetryPolicy;
  disableSubscriptionOverrides: boolean;
  contentType: string | undefined;
  maxReceivesPerSecond: number | undefined;
}

/** Validates a topic `DeliveryPolicy` text (throws InvalidParameter). */
export function validateTopicDeliveryPolicy(text: string): void {
  const doc = parseJsonObject(text, 'DeliveryPolicy');
  for (const scheme of ['http', 'https']) {
    const part = doc[scheme];
    if (part === undefined) continue;
    if (!isObject(part)) throw invalidParameter(`DeliveryPolicy: ${scheme} must be an object`);
    readRetryPolicy(part['defaultHealthyRetryPolicy'], 'DeliveryPolicy');
    readContentType(part['defaultRequestPolicy'], 'DeliveryPolicy');
  }
}

/** Validates a subscription `DeliveryPolicy` text (throws InvalidParameter). */
export function validateSubscriptionDeliveryPolicy(text: string): void {
  const doc = parseJsonObject(text, 'DeliveryPolicy');
  readRetryPolicy(doc['healthyRetryPolicy'], 'DeliveryPolicy');
  readContentType(doc['requestPolicy'], 'DeliveryPolicy');
}

function topicPart(topicPolicy: string | undefined, scheme: string): Json | undefined {
  if (topicPolicy === undefined) return undefined;
  try {
    const doc = JSON.parse(topicPolicy) as unknown;
    const part = isObject(doc) ? doc[scheme] : undefined;
    return isObject(part) ? part : undefined;
  } catch {
    return undefined;
  }
}

function subscriptionDoc(text: string | undefined): Json | undefined {
  if (text === undefined) return undefined;
  try {
    const doc = JSON.parse(text) as unknown;
    return isObject(doc) ? doc : undefined;
  } catch {
    return undefined;
  }
}

/** What an HTTP/S delivery uses: the subscription's policy over the topic's (unless disabled). */
export interface EffectiveHttpPolicy {
  retry: RetryPolicy;
  contentType: string;
}

/** The effective HTTP/S policy of a subscription. */
export function effectiveHttpPolicy(
  scheme: 'http' | 'https',
  topicPolicy: string | undefined,
  subscriptionPolicy: string | undefined,
): EffectiveHttpPolicy {
  const topic = topicPart(topicPolicy, scheme);
  const sub =
    topic?.['disableSubscriptionOverrides'] === true
      ? undefined
      : subscriptionDoc(subscriptionPolicy);
  const retrySource = sub?.['healthyRetryPolicy'] ?? topic?.['defaultHealthyRetryPolicy'];
  let retry: RetryPolicy;
  try {
    retry = readRetryPolicy(retrySource, 'DeliveryPolicy');
  } catch {
    retry = { ...DEFAULT_HTTP_RETRY_POLICY };
  }
  const ct = (value: unknown): string | undefined => {
    try {
      return readContentType(value, 'DeliveryPolicy');
    } catch {
      return undefined;
    }
  };
  return {
    retry,
    contentType:
      ct(sub?.['requestPolicy']) ?? ct(topic?.['defaultRequestPolicy']) ?? DEFAULT_CONTENT_TYPE,
  };
}

/** The subscription's EffectiveDeliveryPolicy attribute (http/https). */
export function subscriptionEffectiveDeliveryPolicy(
  scheme: 'http' | 'https',
  topicPolicy: string | undefined,
  subscriptionPolicy: string | undefined,
): string {
  const eff = effectiveHttpPolicy(scheme, topicPolicy, subscriptionPolicy);
  const sub = subscriptionDoc(subscriptionPolicy);
  const throttle = sub?.['throttlePolicy'] ?? null;
  return JSON.stringify({
    healthyRetryPolicy: eff.retry,
    sicklyRetryPolicy: null,
    throttlePolicy: throttle,
    requestPolicy: { headerContentType: eff.contentType },
    guaranteed: false,
  });
}

/** The topic's EffectiveDeliveryPolicy attribute: the default merged with DeliveryPolicy. */
export function topicEffectiveDeliveryPolicy(topicPolicy: string | undefined): string {
  const out: Json = { http: { ...DEFAULT_TOPIC_DELIVERY_POLICY.http } };
  const doc = topicPolicy === undefined ? undefined : subscriptionDoc(topicPolicy);
  if (doc !== undefined) {
    for (const scheme of ['http', 'https']) {
      const part = doc[scheme];
      if (!isObject(part)) continue;
      const base = isObject(out[scheme]) ? out[scheme] : { ...DEFAULT_TOPIC_DELIVERY_POLICY.http };
      out[scheme] = { ...base, ...part };
    }
  }
  return JSON.stringify(out);
}
