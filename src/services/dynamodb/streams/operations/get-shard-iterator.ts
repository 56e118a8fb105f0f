/** GetShardIterator: a position in the shard, as a self-contained iterator string (§7.4). */
import { parseSequenceNumber } from '../sequence-number.js';
import { encodeShardIterator } from '../shard-iterator.js';
import type { StreamsContext } from '../streams-context.js';
import {
  invalidParameter,
  shardNotFound,
  streamNotFound,
  trimmedDataAccess,
} from '../streams-errors.js';

type IteratorType = 'TRIM_HORIZON' | 'LATEST' | 'AT_SEQUENCE_NUMBER' | 'AFTER_SEQUENCE_NUMBER';

export async function getShardIterator(
  ctx: StreamsContext,
  input: Record<string, unknown>,
): Promise<object> {
  const arn = input['StreamArn'] as string;
  const shardId = input['ShardId'] as string;
  const type = input['ShardIteratorType'] as IteratorType;
  const info = await ctx.streams.stream(arn);
  if (info === undefined) throw streamNotFound(arn);
  if (info.shard.shardId !== shardId) throw shardNotFound(arn, shardId);
  let afterSeq: number;
  if (type === 'TRIM_HORIZON') {
    afterSeq = info.horizon - 1;
  } else if (type === 'LATEST') {
    afterSeq = info.lastSeq;
  } else {
    const text = input['SequenceNumber'] as string | undefined;
    const seq = text === undefined ? undefined : parseSequenceNumber(text);
    if (seq === undefined) throw invalidParameter('Invalid SequenceNumber');
    // A number beyond the newest record was never handed out for this shard.
    if (seq > info.lastSeq) throw invalidParameter('Invalid SequenceNumber');
    afterSeq = type === 'AT_SEQUENCE_NUMBER' ? seq - 1 : seq;
    // The first record the iterator would return is gone (24 h retention).
    if (afterSeq + 1 < info.horizon) throw trimmedDataAccess();
  }
  return {
    ShardIterator: encodeShardIterator({
      streamArn: arn,
      shardId,
      afterSeq: Math.max(0, afterSeq),
      issuedAt: ctx.clock.now(),
    }),
  };
}
