/** DeleteTable: answers the description with DELETING; items, indexes and tags are gone. */
import type { DynamoDbContext } from '../dynamodb-context.js';
import { tableNotFound, validation } from '../errors.js';
import { tableNameOf } from '../item-rules.js';
import { disableStream } from '../storage/stream-catalog.js';
import { describeTable, tableStats } from '../table-definition.js';

export async function deleteTable(
  ctx: DynamoDbContext,
  input: Record<string, unknown>,
): Promise<object> {
  const name = tableNameOf(input['TableName'] as string);
  const table = await ctx.catalog.lookup(name);
  if (table === undefined) throw tableNotFound(name);
  if (table.meta.deletionProtection) {
    throw validation(
      'Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.',
    );
  }
  const description = describeTable(table, 'DELETING', await tableStats(ctx, table));
  await ctx.store.transaction(async (tx) => {
    await tx.kv.delete(ctx.catalog.collection, Buffer.from(name, 'utf8'));
    if (table.meta.stream !== undefined && table.meta.streamEnabled) {
      await disableStream(tx.kv, ctx.scope, table.meta.stream.arn, ctx.clock.now());
    }
  });
  ctx.catalog.forget(name);
  await ctx.items.drop(table);
  return { TableDescription: description };
}
