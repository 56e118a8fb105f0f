/** UpdateTimeToLive: stores the TTL specification (the sweeper deletes expired items) (§6.14). */
import type { DynamoDbContext } from '../dynamodb-context.js';
import { tableNotFound, validation } from '../errors.js';
import { tableNameOf } from '../item-rules.js';

export async function updateTimeToLive(
  ctx: DynamoDbContext,
  input: Record<string, unknown>,
): Promise<object> {
  const name = tableNameOf(input['TableName'] as string);
  const spec = input['TimeToLiveSpecification'] as { Enabled: boolean; AttributeName: string };
  const table = await ctx.catalog.lookup(name);
  if (table === undefined) throw tableNotFound(name);
  const current = table.meta.ttl;
  if (spec.Enabled && current?.enabled === true) {
    throw validation(
      current.attributeName === spec.AttributeName
        ? 'TimeToLive is already enabled'
        : 'TimeToLive is active on a different AttributeName',
    );
  }
  if (!spec.Enabled && current?.enabled !== true)
    throw validation('TimeToLive is already disabled');
  const meta = structuredClone(table.meta);
  meta.ttl = {
    attributeName: spec.AttributeName,
    enabled: spec.Enabled,
    updatedAt: ctx.clock.now(),
  };
  await ctx.catalog.save(meta);
  return { TimeToLiveSpecification: { Enabled: spec.Enabled, AttributeName: spec.AttributeName } };
}
