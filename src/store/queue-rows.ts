/**
 * What both engines share about stored queue messages: the row shape of the `queue_messages`
 * table (same columns in SQLite and PostgreSQL), its mapping to a QueueMessage, receipt handles,
 * and turning caller bytes into Buffers.
 */
import type { Bytes, QueueMessage } from './types.js';

export interface MessageRow {
  seq: number;
  queue: string;
  id: string;
  body: Buffer;
  attributes: string | null;
  group_id: string | null;
  dedup_id: string | null;
  sent_at: number;
  enqueued_at: number;
  visible_at: number;
  receive_count: number;
  first_received_at: number | null;
  receipt: string | null;
  moved_from: string | null;
}

/** Caller bytes (or text) as a Buffer, without copying a Buffer or a view. */
export const toBuffer = (b: Bytes | string): Buffer =>
  typeof b === 'string'
    ? Buffer.from(b, 'utf8')
    : Buffer.isBuffer(b)
      ? b
      : Buffer.from(b.buffer, b.byteOffset, b.byteLength);

export function rowToMessage(r: MessageRow): QueueMessage {
  return {
    messageId: r.id,
    seq: r.seq,
    body: r.body,
    attributes: r.attributes ?? undefined,
    groupId: r.group_id ?? undefined,
    dedupId: r.dedup_id ?? undefined,
    sentAt: r.sent_at,
    enqueuedAt: r.enqueued_at,
    receiveCount: r.receive_count,
    firstReceivedAt: r.first_received_at ?? undefined,
    receiptHandle: r.receipt ?? '',
    movedFrom: r.moved_from ?? undefined,
  };
}

/** Splits a receipt handle into the message id it names; handles are `<messageId>.<nonce>`. */
export function handleMessageId(handle: string): string | undefined {
  const dot = handle.lastIndexOf('.');
  return dot > 0 ? handle.slice(0, dot) : undefined;
}
