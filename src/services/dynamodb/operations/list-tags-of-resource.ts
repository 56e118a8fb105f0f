/** ListTagsOfResource: every tag of a table (one page). */
import type { DynamoDbContext } from '../dynamodb-context.js';
import { taggedTable } from './tag-resource.js';

export async function listTagsOfResource(
  ctx: DynamoDbContext,
  input: Record<string, unknown>,
): Promise<object> {
  const table = await taggedTable(ctx, input['ResourceArn'] as string, 'ListTagsOfResource');
  return { Tags: table.meta.tags };
}
