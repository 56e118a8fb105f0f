/** Renders a received message as ReceiveMessage returns it (JSON shape). */
import { md5Hex, md5OfMessageAttributes, type MessageAttributeValue } from './md5.js';
import type { ReceivedMessage, ResolvedQueue } from './sqs-engine.js';

/** System attribute names a receive may ask for (`All` means every one present). */
export const SYSTEM_ATTRIBUTE_NAMES: ReadonlySet<string> = new Set([
  'SenderId',
  'SentTimestamp',
  'ApproximateReceiveCount',
  'ApproximateFirstReceiveTimestamp',
  'SequenceNumber',
  'MessageDeduplicationId',
  'MessageGroupId',
  'AWSTraceHeader',
  'DeadLetterQueueSourceArn',
]);

export interface MessageSelection {
  /** System attributes to include; undefined for none. */
  system: ((name: string) => boolean) | undefined;
  /** Message attributes to include; undefined for none. */
  user: ((name: string) => boolean) | undefined;
}

/** The system attributes of a received message (all that apply to it). */
export function systemAttributes(
  received: ReceivedMessage,
  queue: ResolvedQueue,
  senderId: string,
  sequenceNumber: (seq: number) => string,
): Record<string, string> {
  const m = received.message;
  const out: Record<string, string> = {
    SenderId: senderId,
    SentTimestamp: String(m.sentAt),
    ApproximateReceiveCount: String(m.receiveCount),
    ApproximateFirstReceiveTimestamp: String(m.firstReceivedAt ?? m.sentAt),
  };
  const meta = received.meta;
  if (meta?.t !== undefined) out['AWSTraceHeader'] = meta.t;
  if (m.movedFrom !== undefined) out['DeadLetterQueueSourceArn'] = m.movedFrom;
  if (queue.fifo) {
    out['SequenceNumber'] = sequenceNumber(m.seq);
    // A dead-letter move replaces the dedup id by the message id (SQS-DG DLQ note).
    const dedupId = m.movedFrom === undefined ? (meta?.d ?? m.dedupId) : (m.dedupId ?? meta?.d);
    if (dedupId !== undefined) out['MessageDeduplicationId'] = dedupId;
    if (m.groupId !== undefined) out['MessageGroupId'] = m.groupId;
  } else if (meta?.g !== undefined) {
    out['MessageGroupId'] = meta.g;
  }
  return out;
}

/** One entry of ReceiveMessage's `Messages`. */
export function formatMessage(
  received: ReceivedMessage,
  queue: ResolvedQueue,
  selection: MessageSelection,
  senderId: string,
  sequenceNumber: (seq: number) => string,
): Record<string, unknown> {
  const m = received.message;
  const body = m.body.toString('utf8');
  const out: Record<string, unknown> = {
    MessageId: m.messageId,
    ReceiptHandle: received.receiptHandle,
    MD5OfBody: md5Hex(m.body),
    Body: body,
  };
  if (selection.system !== undefined) {
    const all = systemAttributes(received, queue, senderId, sequenceNumber);
    const picked: Record<string, string> = {};
    for (const [name, value] of Object.entries(all))
      if (selection.system(name)) picked[name] = value;
    if (Object.keys(picked).length > 0) out['Attributes'] = picked;
  }
  const attrs = received.meta?.a;
  if (selection.user !== undefined && attrs !== undefined) {
    const picked: Record<string, MessageAttributeValue> = {};
    let count = 0;
    let total = 0;
    for (const [name, value] of Object.entries(attrs)) {
      total += 1;
      if (selection.user(name)) {
        picked[name] = value;
        count += 1;
      }
    }
    if (count > 0) {
      out['MD5OfMessageAttributes'] =
        count === total && received.meta?.m !== undefined
          ? received.meta.m
          : md5OfMessageAttributes(picked);
      out['MessageAttributes'] = picked;
    }
  }
  return out;
}
