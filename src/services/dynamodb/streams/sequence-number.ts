/**
 * DynamoDB Streams sequence numbers: the store log's `seq` offset by 10^20, so every number has 21
 * digits (the shortest AWS allows), compares the same as a string or as a number, and looks like
 * the ones AWS hands out (`100000000000000000001`).
 */

const BASE = 10n ** 20n;
/** The log seq of the largest sequence number we can hand out (far beyond any real log). */
const MAX_SEQ = BigInt(Number.MAX_SAFE_INTEGER);

/** The Streams `SequenceNumber` of a log record. */
export function formatSequenceNumber(seq: number): string {
  return (BASE + BigInt(seq)).toString();
}

/**
 * The log seq a `SequenceNumber` denotes: undefined when it is not a decimal number, 0 or less
 * when it lies before the first record any of our logs can have, `Number.MAX_SAFE_INTEGER` when
 * it lies beyond the last.
 */
export function parseSequenceNumber(text: string): number | undefined {
  if (!/^[0-9]{1,40}$/.test(text)) return undefined;
  const seq = BigInt(text) - BASE;
  if (seq > MAX_SEQ) return Number.MAX_SAFE_INTEGER;
  if (seq < 0n) return 0;
  return Number(seq);
}
