/**
 * Receipt handles. The store mints a handle per receive (`<messageId>.<nonce>`); SQS's handle
 * wraps it with what SQS semantics need and the store does not keep: the queue it belongs to
 * (handles of other queues are rejected), the message's sequence number (to tell a superseded
 * handle from a deleted message) and the receive time (the 12-hour visibility cap).
 */

export interface ReceiptHandleParts {
  queueName: string;
  seq: number;
  receivedAt: number;
  storeHandle: string;
}

const SEPARATOR = '\n';

/** Encodes a wire receipt handle (base64, like AWS's opaque handles). */
export function encodeReceiptHandle(parts: ReceiptHandleParts): string {
  return Buffer.from(
    `${parts.queueName}${SEPARATOR}${parts.seq}${SEPARATOR}${parts.receivedAt}${SEPARATOR}${parts.storeHandle}`,
    'utf8',
  ).toString('base64');
}

/** Decodes a wire receipt handle; undefined when it is not one Stratus issued. */
export function decodeReceiptHandle(handle: string): ReceiptHandleParts | undefined {
  if (handle.length === 0 || handle.length > 1024 || !/^[A-Za-z0-9+/]+=*$/.test(handle))
    return undefined;
  const parts = Buffer.from(handle, 'base64').toString('utf8').split(SEPARATOR);
  if (parts.length !== 4) return undefined;
  const [queueName, seqText, atText, storeHandle] = parts as [string, string, string, string];
  const seq = Number(seqText);
  const receivedAt = Number(atText);
  if (queueName === '' || !Number.isSafeInteger(seq) || !Number.isSafeInteger(receivedAt))
    return undefined;
  if (!storeHandle.includes('.')) return undefined;
  return { queueName, seq, receivedAt, storeHandle };
}
