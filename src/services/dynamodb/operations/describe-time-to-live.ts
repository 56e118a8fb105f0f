/** DescribeTimeToLive: ENABLED with the attribute, or DISABLED. */
import type { DynamoDbContext } from '../dynamodb-context.js';
import { tableNotFound } from '../errors.js';
import { tableNameOf } from '../item-rules.js';

export async function describeTimeToLive(
  ctx: DynamoDbContext,
  input: Record<string, unknown>,
): Promise<object> {
  const name = tableNameOf(input['TableName'] as string);
  const table = await ctx.catalog.lookup(name);
  if (table === undefined) throw tableNotFound(name);
  const ttl = table.meta.ttl;
  return {
    TimeToLiveDescription:
      ttl?.enabled === true
        ? { TimeToLiveStatus: 'ENABLED', AttributeName: ttl.attributeName }
        : { TimeToLiveStatus: 'DISABLED' },
  };
}
