/** DescribeTable: the full TableDescription with live item counts and sizes. */
import type { DynamoDbContext } from '../dynamodb-context.js';
import { tableNotFound } from '../errors.js';
import { tableNameOf } from '../item-rules.js';
import { describeTable as describe, tableStats } from '../table-definition.js';

export async function describeTable(
  ctx: DynamoDbContext,
  input: Record<string, unknown>,
): Promise<object> {
  const name = tableNameOf(input['TableName'] as string);
  const table = await ctx.catalog.lookup(name);
  if (table === undefined) throw tableNotFound(name);
  return { Table: describe(table, 'ACTIVE', await tableStats(ctx, table)) };
}
