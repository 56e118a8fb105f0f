/** GetRecords: up to 1000 records / 1 MB from an iterator's position, and the next iterator (§7.5). */
import type { DynamoDbStreamRecord } from '../dynamodb-streams.js';
import {
  decodeShardIterator,
  encodeShardIterator,
  ITERATOR_MAX_AGE_MS,
} from '../shard-iterator.js';
import type { StreamsContext } from '../streams-context.js';
import {
  expiredIterator,
  invalidParameter,
  shardNotFound,
  streamNotFound,
  trimmedDataAccess,
} from '../streams-errors.js';

const MAX_LIMIT = 1000;

export async function getRecords(
  ctx: StreamsContext,
  input: Record<string, unknown>,
): Promise<object> {
  const limit = (input['Limit'] as number | undefined) ?? MAX_LIMIT;
  // The model puts no maximum on Limit; the service refuses more than 1000 (text as DynamoDB Local).
  if (limit > MAX_LIMIT) throw invalidParameter('Limit should be less than or equal to 1000');
  const iterator = decodeShardIterator(input['ShardIterator'] as string);
  if (iterator === undefined) throw invalidParameter('Invalid ShardIterator');
  const now = ctx.clock.now();
  if (now - iterator.issuedAt > ITERATOR_MAX_AGE_MS) throw expiredIterator();
  const info = await ctx.streams.stream(iterator.streamArn);
  if (info === undefined) throw streamNotFound(iterator.streamArn);
  if (info.shard.shardId !== iterator.shardId) {
    throw shardNotFound(iterator.streamArn, iterator.shardId);
  }
  if (iterator.afterSeq + 1 < info.horizon) throw trimmedDataAccess();
  const { records, drained } = await ctx.streams.read(info, {
    afterSeq: iterator.afterSeq,
    limit,
  });
  const output: Record<string, unknown> = { Records: records.map((r) => apiRecord(r.record)) };
  if (!drained) {
    output['NextShardIterator'] = encodeShardIterator({
      ...iterator,
      afterSeq: records.length > 0 ? records[records.length - 1]!.seq : iterator.afterSeq,
      issuedAt: now,
    });
  }
  return output;
}

/** The Streams API spells `userIdentity` members `PrincipalId` / `Type` (the Lambda event does not). */
function apiRecord(record: DynamoDbStreamRecord): object {
  if (record.userIdentity === undefined) return record;
  const { userIdentity, ...rest } = record;
  return {
    ...rest,
    userIdentity: { PrincipalId: userIdentity.principalId, Type: userIdentity.type },
  };
}
