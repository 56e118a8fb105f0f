/** UntagResource: removes tags by key. */
import type { DynamoDbContext } from '../dynamodb-context.js';
import { taggedTable } from './tag-resource.js';

export async function untagResource(
  ctx: DynamoDbContext,
  input: Record<string, unknown>,
): Promise<object> {
  const table = await taggedTable(ctx, input['ResourceArn'] as string, 'UntagResource');
  const keys = new Set(input['TagKeys'] as string[]);
  const meta = structuredClone(table.meta);
  meta.tags = meta.tags.filter((t) => !keys.has(t.Key));
  await ctx.catalog.save(meta);
  return {};
}
