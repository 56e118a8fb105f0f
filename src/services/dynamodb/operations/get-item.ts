/** GetItem: reads one item, with ProjectionExpression or legacy AttributesToGet (§6.3). */
import { CapacityTally, readUnits, type CapacityMode } from '../capacity.js';
import type { DynamoDbContext } from '../dynamodb-context.js';
import {
  checkExpressionAttributesAllowed,
  checkLegacyAndExpressionMix,
  checkNoNestedKeyPaths,
  convertAttributesToGet,
  createExpressionAttributes,
  parseProjectionExpression,
  project,
  type DocumentPath,
} from '../expressions/index.js';
import { checkKey, requireTable } from '../item-rules.js';
import { itemSize, validateAttributeMap } from '../values/index.js';

/** Parses ProjectionExpression / AttributesToGet of a read; undefined means "whole item". */
export function parseReadProjection(input: Record<string, unknown>): {
  paths: DocumentPath[] | undefined;
  checkUsed: () => void;
} {
  checkLegacyAndExpressionMix(input);
  const present =
    input['ProjectionExpression'] === undefined ? [] : (['ProjectionExpression'] as const);
  checkExpressionAttributesAllowed({
    names: input['ExpressionAttributeNames'],
    values: undefined,
    present,
    valueParams: [],
  });
  const attributes = createExpressionAttributes(
    input['ExpressionAttributeNames'] as Record<string, string> | undefined,
    undefined,
  );
  let paths: DocumentPath[] | undefined;
  if (typeof input['ProjectionExpression'] === 'string') {
    paths = parseProjectionExpression(input['ProjectionExpression'], attributes);
  } else if (Array.isArray(input['AttributesToGet'])) {
    paths = convertAttributesToGet(input['AttributesToGet'] as string[]);
  }
  return { paths, checkUsed: () => attributes.checkAllUsed() };
}

export async function getItem(
  ctx: DynamoDbContext,
  input: Record<string, unknown>,
): Promise<object> {
  const key = validateAttributeMap(input['Key']);
  const { paths, checkUsed } = parseReadProjection(input);
  checkUsed();
  const table = await requireTable(ctx, input['TableName']);
  checkKey(table, key);
  if (paths !== undefined) checkNoNestedKeyPaths(paths, table.keyNames);
  const item = await ctx.items.getItem(table, key);
  const out: Record<string, unknown> = {};
  if (item !== undefined) out['Item'] = paths === undefined ? item : project(paths, item);
  const mode = input['ReturnConsumedCapacity'] as CapacityMode | undefined;
  if (mode !== undefined && mode !== 'NONE') {
    const tally = new CapacityTally(input['TableName'] as string);
    tally.table = readUnits(
      item === undefined ? 0 : itemSize(item),
      input['ConsistentRead'] === true,
    );
    out['ConsumedCapacity'] = tally.render(mode);
  }
  return out;
}
