/** TagResource: adds or overwrites tags on a table (§6.13). */
import type { DynamoDbContext } from '../dynamodb-context.js';
import { accessDenied, validation } from '../errors.js';
import type { Table } from '../storage/table-meta.js';

const MAX_TAGS = 50;
const TABLE_ARN = /^arn:aws[a-zA-Z-]*:dynamodb:[a-z0-9-]+:\d{12}:table\/([a-zA-Z0-9_.-]{3,255})$/;

/** The table a tagging call names, or AWS's errors (malformed ARN / unknown table). */
export async function taggedTable(
  ctx: DynamoDbContext,
  arn: string,
  operation: string,
): Promise<Table> {
  const m = TABLE_ARN.exec(arn);
  if (m === null)
    throw validation(`Invalid TableArn: Invalid ResourceArn provided as input ${arn}`);
  const table = await ctx.catalog.lookup(m[1]!);
  // IAM answers before DynamoDB looks for the table (§6.13).
  if (table === undefined || table.meta.arn !== arn) {
    throw accessDenied(
      `User: arn:aws:iam::${ctx.accountId}:user/stratus is not authorized to perform: dynamodb:${operation} on resource: ${arn}`,
    );
  }
  return table;
}

export async function tagResource(
  ctx: DynamoDbContext,
  input: Record<string, unknown>,
): Promise<object> {
  const tags = input['Tags'] as { Key: string; Value: string }[];
  if (tags.length === 0) throw validation('Atleast one Tag needs to be provided as Input.');
  const table = await taggedTable(ctx, input['ResourceArn'] as string, 'TagResource');
  const meta = structuredClone(table.meta);
  for (const tag of tags) {
    const existing = meta.tags.find((t) => t.Key === tag.Key);
    if (existing !== undefined) existing.Value = tag.Value;
    else meta.tags.push({ Key: tag.Key, Value: tag.Value });
  }
  if (meta.tags.length > MAX_TAGS) {
    throw validation(
      `One or more parameter values were invalid: The number of tags exceeds the limit of ${MAX_TAGS}`,
    );
  }
  await ctx.catalog.save(meta);
  return {};
}
