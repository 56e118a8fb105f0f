/** DescribeStream: status, view type, key schema and the stream's one shard (§7.3). */
import type { StreamsContext } from '../streams-context.js';
import { streamNotFound } from '../streams-errors.js';

export async function describeStream(
  ctx: StreamsContext,
  input: Record<string, unknown>,
): Promise<object> {
  const arn = input['StreamArn'] as string;
  const info = await ctx.streams.stream(arn);
  if (info === undefined) throw streamNotFound(arn);
  const { entry, shard } = info;
  const filter = input['ShardFilter'] as { Type?: string; ShardId?: string } | undefined;
  const exclusiveStart = input['ExclusiveStartShardId'] as string | undefined;
  // One shard and no children: a child-shard filter or a start after our shard leaves nothing.
  const listShard =
    filter?.Type !== 'CHILD_SHARDS' &&
    (exclusiveStart === undefined ||
      Buffer.compare(Buffer.from(shard.shardId), Buffer.from(exclusiveStart)) > 0);
  const range: Record<string, string> = { StartingSequenceNumber: shard.startingSequenceNumber };
  if (shard.endingSequenceNumber !== undefined) {
    range['EndingSequenceNumber'] = shard.endingSequenceNumber;
  }
  return {
    StreamDescription: {
      StreamArn: entry.arn,
      StreamLabel: entry.label,
      StreamStatus: info.status,
      StreamViewType: entry.viewType,
      CreationRequestDateTime: entry.createdAt / 1000,
      TableName: entry.tableName,
      KeySchema: entry.keySchema,
      Shards: listShard ? [{ ShardId: shard.shardId, SequenceNumberRange: range }] : [],
    },
  };
}
