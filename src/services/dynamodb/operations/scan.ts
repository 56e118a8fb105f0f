/** Scan: every item of a table or index in a stable order, optionally one parallel segment (§6.5). */
import type { DynamoDbContext } from '../dynamodb-context.js';
import { validation } from '../errors.js';
import { requireTable } from '../item-rules.js';
import {
  buildReadResponse,
  checkReadAgainstIndex,
  checkStartKey,
  parseRead,
  resolveIndex,
} from '../read-pipeline.js';
import { segmentOf } from '../storage/item-keys.js';
import type { ReadOptions } from '../storage/table-store.js';
import { startKeyBytes } from './query.js';

export async function scan(ctx: DynamoDbContext, input: Record<string, unknown>): Promise<object> {
  const segment = input['Segment'] as number | undefined;
  const total = input['TotalSegments'] as number | undefined;
  if (segment !== undefined && total === undefined) {
    throw validation(
      'The TotalSegments parameter is required but was not present in the request when Segment parameter is present',
    );
  }
  if (total !== undefined && segment === undefined) {
    throw validation(
      'The Segment parameter is required but was not present in the request when parameter TotalSegments is present',
    );
  }
  if (segment !== undefined && total !== undefined && segment >= total) {
    throw validation(
      `The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: ${segment} is not less than TotalSegments: ${total}`,
    );
  }
  const parsed = parseRead(input, 'Scan');
  const table = await requireTable(ctx, input['TableName']);
  const index = resolveIndex(table, input);
  checkReadAgainstIndex(table, index, parsed);
  let after: Buffer | undefined;
  if (parsed.exclusiveStartKey !== undefined) {
    checkStartKey(table, index, parsed.exclusiveStartKey);
    if (
      segment !== undefined &&
      total !== undefined &&
      total > 1 &&
      segmentOf(parsed.exclusiveStartKey[table.hash.name]!, total) !== segment
    ) {
      throw validation(
        `The provided starting key is invalid: Invalid ExclusiveStartKey. Please use ExclusiveStartKey with correct Segment. TotalSegments: ${total} Segment: ${segment}`,
      );
    }
    after = startKeyBytes(table, index, parsed.exclusiveStartKey);
  }
  const options: ReadOptions = {
    bounds: {},
    ...(after === undefined ? {} : { after }),
    ...(typeof input['Limit'] === 'number' ? { limit: input['Limit'] } : {}),
    ...(segment !== undefined && total !== undefined && total > 1
      ? { segment: { segment, total } }
      : {}),
  };
  const page = await ctx.items.read(table, index, options);
  return buildReadResponse(ctx, table, index, parsed, page, input);
}
