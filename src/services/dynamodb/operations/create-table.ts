/** CreateTable: the table is ACTIVE at once (by design: no CREATING phase locally). */
import type { DynamoDbContext } from '../dynamodb-context.js';
import { resourceInUse } from '../errors.js';
import { saveStream } from '../storage/stream-catalog.js';
import type { TableMeta } from '../storage/table-meta.js';
import { createTableMeta, describeTable } from '../table-definition.js';

/** Stores a new table description and its stream entry in one transaction. */
export async function storeNewTable(ctx: DynamoDbContext, meta: TableMeta): Promise<void> {
  await ctx.store.transaction(async (tx) => {
    const existing = await tx.kv.get(ctx.catalog.collection, Buffer.from(meta.name, 'utf8'), {
      forUpdate: true,
    });
    if (existing !== undefined) throw resourceInUse(`Table already exists: ${meta.name}`);
    await tx.kv.put(
      ctx.catalog.collection,
      Buffer.from(meta.name, 'utf8'),
      Buffer.from(JSON.stringify(meta)),
    );
    if (meta.stream !== undefined) {
      await saveStream(tx.kv, ctx.scope, {
        arn: meta.stream.arn,
        label: meta.stream.label,
        tableName: meta.name,
        viewType: meta.stream.viewType,
        keySchema: meta.keySchema,
        createdAt: meta.stream.createdAt,
      });
    }
  });
}

export async function createTable(
  ctx: DynamoDbContext,
  input: Record<string, unknown>,
): Promise<object> {
  const meta = createTableMeta(ctx, input);
  if ((await ctx.catalog.lookup(meta.name)) !== undefined) {
    throw resourceInUse(`Table already exists: ${meta.name}`);
  }
  await storeNewTable(ctx, meta);
  const table = ctx.catalog.cache(meta);
  return { TableDescription: describeTable(table, 'ACTIVE', undefined) };
}
