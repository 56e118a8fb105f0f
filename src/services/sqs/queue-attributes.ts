/**
 * Queue attributes (SQS API "CreateQueue" / "SetQueueAttributes" / "GetQueueAttributes"):
 * names, defaults, ranges, and the normalisation AWS applies (booleans lower-cased,
 * RedrivePolicy re-serialised with a numeric maxReceiveCount).
 */
import type { AwsError } from '../../core/errors.js';
import {
  invalidAttributeValue,
  invalidParameterReason,
  sqsError,
  unknownAttribute,
} from './errors.js';
import { displayValue } from './input.js';

export const MAX_MESSAGE_SIZE_BYTES = 1_048_576;
export const MAX_VISIBILITY_TIMEOUT_SECONDS = 43_200;

const INTEGER_RANGES: Readonly<Record<string, readonly [number, number]>> = {
  DelaySeconds: [0, 900],
  MaximumMessageSize: [1024, MAX_MESSAGE_SIZE_BYTES],
  MessageRetentionPeriod: [60, 1_209_600],
  ReceiveMessageWaitTimeSeconds: [0, 20],
  VisibilityTimeout: [0, MAX_VISIBILITY_TIMEOUT_SECONDS],
  KmsDataKeyReusePeriodSeconds: [60, 86_400],
};

const BOOLEANS = new Set(['SqsManagedSseEnabled', 'FifoQueue', 'ContentBasedDeduplication']);
const FIFO_ONLY_UNKNOWN = new Set(['FifoQueue', 'ContentBasedDeduplication']);
const FIFO_ONLY_SPECIFY = new Set(['DeduplicationScope', 'FifoThroughputLimit']);

/** Attributes a client may set, in the order GetQueueAttributes `All` lists them. */
export const SETTABLE_ATTRIBUTES: ReadonlySet<string> = new Set([
  'DelaySeconds',
  'MaximumMessageSize',
  'MessageRetentionPeriod',
  'ReceiveMessageWaitTimeSeconds',
  'VisibilityTimeout',
  'RedrivePolicy',
  'RedriveAllowPolicy',
  'Policy',
  'KmsMasterKeyId',
  'KmsDataKeyReusePeriodSeconds',
  'SqsManagedSseEnabled',
  'FifoQueue',
  'ContentBasedDeduplication',
  'DeduplicationScope',
  'FifoThroughputLimit',
]);

/** Computed attributes: readable, never settable. */
export const READ_ONLY_ATTRIBUTES: ReadonlySet<string> = new Set([
  'QueueArn',
  'CreatedTimestamp',
  'LastModifiedTimestamp',
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesNotVisible',
  'ApproximateNumberOfMessagesDelayed',
]);

/** Attributes removed (back to "unset") by an empty value in SetQueueAttributes. */
const CLEARABLE = new Set(['RedrivePolicy', 'Policy', 'RedriveAllowPolicy', 'KmsMasterKeyId']);

/** The attributes a new queue has before any are given. */
export function defaultAttributes(fifo: boolean): Record<string, string> {
  const base: Record<string, string> = {
    DelaySeconds: '0',
    MaximumMessageSize: String(MAX_MESSAGE_SIZE_BYTES),
    MessageRetentionPeriod: '345600',
    ReceiveMessageWaitTimeSeconds: '0',
    VisibilityTimeout: '30',
    SqsManagedSseEnabled: 'true',
  };
  if (fifo) {
    base['FifoQueue'] = 'true';
    base['ContentBasedDeduplication'] = 'false';
    base['DeduplicationScope'] = 'queue';
    base['FifoThroughputLimit'] = 'perQueue';
  }
  return base;
}

export interface RedrivePolicy {
  deadLetterTargetArn: string;
  maxReceiveCount: number;
}

/** Parses a stored (already validated) RedrivePolicy. */
export function parseRedrivePolicy(text: string | undefined): RedrivePolicy | undefined {
  if (text === undefined || text === '') return undefined;
  try {
    const v = JSON.parse(text) as { deadLetterTargetArn?: unknown; maxReceiveCount?: unknown };
    if (typeof v.deadLetterTargetArn !== 'string') return undefined;
    return {
      deadLetterTargetArn: v.deadLetterTargetArn,
      maxReceiveCount: Number(v.maxReceiveCount),
    };
  } catch {
    return undefined;
  }
}

export interface AttributeCheckContext {
  fifo: boolean;
  mode: 'create' | 'set';
  /** Looks up a queue by ARN (for RedrivePolicy's dead-letter target). */
  queueTypeByArn(arn: string): boolean | undefined;
}

/**
 * Validates attributes from a request and returns them normalised. An empty string for a
 * clearable attribute (Set) comes back as `''`, meaning "remove".
 */
export function normalizeAttributes(
  given: Readonly<Record<string, string>>,
  ctx: AttributeCheckContext,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, raw] of Object.entries(given)) {
    if (!SETTABLE_ATTRIBUTES.has(name)) throw unknownAttribute(name);
    if (!ctx.fifo && FIFO_ONLY_UNKNOWN.has(name)) throw unknownAttribute(name);
    if (!ctx.fifo && FIFO_ONLY_SPECIFY.has(name)) {
      throw sqsError(
        'InvalidAttributeName',
        `You can specify the ${name} only when FifoQueue is set to true.`,
      );
    }
    out[name] = normalizeOne(name, raw, ctx);
  }
  if (
    out['KmsMasterKeyId'] !== undefined &&
    out['KmsMasterKeyId'] !== '' &&
    out['SqsManagedSseEnabled'] === 'true'
  ) {
    throw sqsError(
      'InvalidAttributeName',
      'You can use one type of server-side encryption (SSE) at one time. You can either enable KMS SSE or SQS SSE.',
    );
  }
  if (out['FifoThroughputLimit'] === 'perMessageGroupId' && out['DeduplicationScope'] === 'queue') {
    throw invalidAttributeValue(
      'FifoThroughputLimit',
      'The perMessageGroupId value is allowed only when the value for DeduplicationScope is messageGroup.',
    );
  }
  return out;
}

function normalizeOne(name: string, raw: string, ctx: AttributeCheckContext): string {
  const range = INTEGER_RANGES[name];
  if (range !== undefined) {
    const n = raw.trim() === '' ? NaN : Number(raw);
    if (!Number.isInteger(n) || n < range[0] || n > range[1]) throw invalidAttributeValue(name);
    return String(n);
  }
  if (BOOLEANS.has(name)) {
    const lower = raw.toLowerCase();
    if (lower !== 'true' && lower !== 'false') throw invalidAttributeValue(name);
    if (name === 'FifoQueue' && lower === 'false') {
      if (ctx.mode === 'set')
        throw invalidAttributeValue(name, 'Modifying queue type is not supported.');
      throw unknownAttribute(name);
    }
    return lower;
  }
  switch (name) {
    case 'DeduplicationScope':
      if (raw !== 'messageGroup' && raw !== 'queue') throw invalidAttributeValue(name);
      return raw;
    case 'FifoThroughputLimit':
      if (raw !== 'perQueue' && raw !== 'perMessageGroupId') throw invalidAttributeValue(name);
      return raw;
    case 'RedrivePolicy':
      return raw === '' ? '' : normalizeRedrivePolicy(raw, ctx);
    case 'RedriveAllowPolicy':
      return raw === '' ? '' : normalizeRedriveAllowPolicy(raw);
    case 'Policy':
      if (raw !== '') {
        try {
          JSON.parse(raw);
        } catch {
          throw invalidAttributeValue(name);
        }
      }
      return raw;
    default:
      // KmsMasterKeyId: any key id, ARN or alias; '' clears it.
      return CLEARABLE.has(name) ? raw : raw;
  }
}

function redriveError(policy: string, reason: string): AwsError {
  return invalidParameterReason(policy, 'RedrivePolicy', reason);
}

function normalizeRedrivePolicy(raw: string, ctx: AttributeCheckContext): string {
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    throw redriveError(raw, 'Redrive policy is not a valid JSON map.');
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    throw redriveError(raw, 'Redrive policy is not a valid JSON map.');
  }
  const p = v as Record<string, unknown>;
  for (const key of Object.keys(p)) {
    if (key !== 'deadLetterTargetArn' && key !== 'maxReceiveCount') {
      throw redriveError(
        raw,
        `Only following attributes are supported: [deadLetterTargetArn, maxReceiveCount].`,
      );
    }
  }
  if (p['deadLetterTargetArn'] === undefined) {
    throw redriveError(
      raw,
      'Redrive policy does not contain mandatory attribute: deadLetterTargetArn.',
    );
  }
  if (p['maxReceiveCount'] === undefined) {
    throw redriveError(
      raw,
      'Redrive policy does not contain mandatory attribute: maxReceiveCount.',
    );
  }
  const count = Number(p['maxReceiveCount']);
  if (!Number.isInteger(count) || count < 1 || count > 1000) {
    throw redriveError(
      raw,
      `Invalid value for maxReceiveCount: ${displayValue(p['maxReceiveCount'])}, valid values are from 1 to 1000 both inclusive.`,
    );
  }
  const arn = displayValue(p['deadLetterTargetArn']);
  const dlqFifo = ctx.queueTypeByArn(arn);
  if (dlqFifo === undefined) throw redriveError(raw, 'Dead letter target does not exist.');
  if (dlqFifo !== ctx.fifo) {
    throw redriveError(raw, 'Dead-letter queue must be same type of queue as the source.');
  }
  return JSON.stringify({ deadLetterTargetArn: arn, maxReceiveCount: count });
}

function normalizeRedriveAllowPolicy(raw: string): string {
  const bad = (): AwsError =>
    invalidParameterReason(
      raw,
      'RedriveAllowPolicy',
      "Amazon SQS can't create the redrive allow policy, as it's in an unsupported format.",
    );
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    throw bad();
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw bad();
  const p = v as Record<string, unknown>;
  const permission = p['redrivePermission'];
  if (permission !== 'allowAll' && permission !== 'denyAll' && permission !== 'byQueue')
    throw bad();
  const sources = p['sourceQueueArns'];
  if (permission === 'byQueue') {
    if (!Array.isArray(sources) || sources.length < 1 || sources.length > 10) throw bad();
  } else if (sources !== undefined) {
    throw bad();
  }
  return raw;
}

/** True when the dead-letter queue's RedriveAllowPolicy lets `sourceArn` redrive into it. */
export function redriveAllowed(allowPolicy: string | undefined, sourceArn: string): boolean {
  if (allowPolicy === undefined || allowPolicy === '') return true;
  try {
    const p = JSON.parse(allowPolicy) as { redrivePermission?: string; sourceQueueArns?: unknown };
    if (p.redrivePermission === 'denyAll') return false;
    if (p.redrivePermission === 'byQueue') {
      return Array.isArray(p.sourceQueueArns) && p.sourceQueueArns.includes(sourceArn);
    }
    return true;
  } catch {
    return true;
  }
}

/** Applies normalised changes to a queue's stored attributes (Set semantics, incl. clearing). */
export function applyAttributes(
  current: Record<string, string>,
  changes: Record<string, string>,
): Record<string, string> {
  const next = { ...current };
  for (const [name, value] of Object.entries(changes)) {
    if (value === '' && CLEARABLE.has(name)) {
      delete next[name];
      if (name === 'KmsMasterKeyId') {
        delete next['KmsDataKeyReusePeriodSeconds'];
        next['SqsManagedSseEnabled'] ??= 'true';
      }
      continue;
    }
    next[name] = value;
    if (name === 'KmsMasterKeyId') {
      next['SqsManagedSseEnabled'] = 'false';
      next['KmsDataKeyReusePeriodSeconds'] ??= '300';
    }
  }
  return next;
}

const QUEUE_NAME = /^[A-Za-z0-9_-]{1,80}$/;
const FIFO_QUEUE_NAME = /^[A-Za-z0-9_-]{1,75}\.fifo$/;

/** Validates a queue name for its type (SQS-DG "queue and message identifiers"). */
export function checkQueueName(name: string, fifo: boolean): void {
  if (fifo) {
    if (!FIFO_QUEUE_NAME.test(name)) {
      throw sqsError(
        'InvalidParameterValue',
        'The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length.',
      );
    }
  } else if (!QUEUE_NAME.test(name)) {
    throw sqsError(
      'InvalidParameterValue',
      'Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length',
    );
  }
}
