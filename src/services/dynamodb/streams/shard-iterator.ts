/**
 * Shard iterators: opaque, self-contained strings (nothing is kept on the server, so an iterator
 * works on every node of a cluster and after a restart). The shape follows DynamoDB's
 * `<StreamArn>|1|<blob>`; the blob is base64url JSON of the shard, the position and the issue time.
 */

/** Iterators expire 15 minutes after they are issued (API GetRecords). */
export const ITERATOR_MAX_AGE_MS = 15 * 60 * 1000;

export interface ShardIteratorState {
  streamArn: string;
  shardId: string;
  /** Records with a log seq greater than this are next. */
  afterSeq: number;
  /** Epoch ms when the iterator was issued. */
  issuedAt: number;
}

interface Blob {
  s: string;
  p: number;
  t: number;
}

/** Encodes an iterator. */
export function encodeShardIterator(state: ShardIteratorState): string {
  const blob: Blob = { s: state.shardId, p: state.afterSeq, t: state.issuedAt };
  return `${state.streamArn}|1|${Buffer.from(JSON.stringify(blob)).toString('base64url')}`;
}

/** Decodes an iterator; undefined when it is not one of ours. */
export function decodeShardIterator(text: string): ShardIteratorState | undefined {
  const last = text.lastIndexOf('|');
  const middle = text.lastIndexOf('|', last - 1);
  if (middle <= 0 || text.slice(middle + 1, last) !== '1') return undefined;
  let blob: unknown;
  try {
    blob = JSON.parse(Buffer.from(text.slice(last + 1), 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof blob !== 'object' || blob === null) return undefined;
  const { s, p, t } = blob as Partial<Blob>;
  if (typeof s !== 'string' || !Number.isSafeInteger(p) || !Number.isSafeInteger(t)) {
    return undefined;
  }
  if ((p as number) < 0) return undefined;
  return { streamArn: text.slice(0, middle), shardId: s, afterSeq: p!, issuedAt: t! };
}
