/** ListTables: names in ascending byte order, paged by ExclusiveStartTableName / Limit. */
import type { DynamoDbContext } from '../dynamodb-context.js';

const DEFAULT_LIMIT = 100;

export async function listTables(
  ctx: DynamoDbContext,
  input: Record<string, unknown>,
): Promise<object> {
  await ctx.catalog.refresh();
  const start = input['ExclusiveStartTableName'] as string | undefined;
  const limit = (input['Limit'] as number | undefined) ?? DEFAULT_LIMIT;
  const startBytes = start === undefined ? undefined : Buffer.from(start, 'utf8');
  const names = ctx.catalog
    .names()
    .filter(
      (n) => startBytes === undefined || Buffer.compare(Buffer.from(n, 'utf8'), startBytes) > 0,
    );
  const page = names.slice(0, limit);
  const out: Record<string, unknown> = { TableNames: page };
  if (names.length > limit) out['LastEvaluatedTableName'] = page[page.length - 1];
  return out;
}
