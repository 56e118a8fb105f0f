/**
 * UpdateItem: edits one item (upserting it), with UpdateExpression or legacy AttributeUpdates,
 * an optional condition and every ReturnValues variant (§4.6, §6.1).
 */
import type { DynamoDbContext } from '../dynamodb-context.js';
import { conditionalCheckFailed } from '../errors.js';
import {
  applyUpdate,
  checkExpressionAttributesAllowed,
  checkLegacyAndExpressionMix,
  checkUpdateDoesNotTouchKey,
  convertAttributeUpdates,
  createExpressionAttributes,
  parseUpdateExpression,
  project,
  updateTargetPaths,
  type AttributeValueUpdate,
  type DocumentPath,
  type ExpressionParam,
  type UpdateExpression,
} from '../expressions/index.js';
import {
  checkIndexKeys,
  checkKey,
  conditionHolds,
  parseWriteCondition,
  requireTable,
  wantsOldItemOnFailure,
} from '../item-rules.js';
import type { Table } from '../storage/table-meta.js';
import {
  checkItemSize,
  validateAttributeMap,
  type AttributeMap,
  type AttributeValue,
} from '../values/index.js';
import { singleWriteOutput } from './write-output.js';

const EMPTY_UPDATE: UpdateExpression = { set: [], remove: [], add: [], delete: [] };

/** A parsed update: what to apply, with the values it reads, and its target paths. */
export interface ParsedUpdate {
  update: UpdateExpression;
  values: Readonly<Record<string, AttributeValue>>;
  targets: DocumentPath[];
}

/** Applies an update to the current item (or the key when absent) and checks the result. */
export function computeUpdatedItem(
  table: Table,
  parsed: ParsedUpdate,
  key: AttributeMap,
  old: AttributeMap | undefined,
): AttributeMap {
  const next = applyUpdate(parsed.update, old ?? key, parsed.values);
  checkItemSize(next, 'update');
  checkIndexKeys(table, next, true);
  return next;
}

export async function updateItem(
  ctx: DynamoDbContext,
  input: Record<string, unknown>,
): Promise<object> {
  checkLegacyAndExpressionMix(input);
  const key = validateAttributeMap(input['Key']);
  const present: ExpressionParam[] = [];
  if (input['UpdateExpression'] !== undefined) present.push('UpdateExpression');
  if (input['ConditionExpression'] !== undefined) present.push('ConditionExpression');
  checkExpressionAttributesAllowed({
    names: input['ExpressionAttributeNames'],
    values: input['ExpressionAttributeValues'],
    present,
    valueParams: ['UpdateExpression', 'ConditionExpression'],
  });
  const attributes = createExpressionAttributes(
    input['ExpressionAttributeNames'] as Record<string, string> | undefined,
    input['ExpressionAttributeValues'] as Record<string, unknown> | undefined,
  );
  let parsed: ParsedUpdate;
  if (typeof input['UpdateExpression'] === 'string') {
    const update = parseUpdateExpression(input['UpdateExpression'], attributes);
    parsed = { update, values: attributes.values, targets: updateTargetPaths(update) };
  } else if (input['AttributeUpdates'] !== undefined) {
    const legacy = convertAttributeUpdates(
      input['AttributeUpdates'] as Record<string, AttributeValueUpdate>,
    );
    parsed = {
      update: legacy.update,
      values: legacy.values,
      targets: updateTargetPaths(legacy.update),
    };
  } else {
    parsed = { update: EMPTY_UPDATE, values: {}, targets: [] };
  }
  const { condition } = parseWriteCondition(input, { valueParams: [], attributes });
  attributes.checkAllUsed();
  const table = await requireTable(ctx, input['TableName']);
  checkKey(table, key);
  checkUpdateDoesNotTouchKey(parsed.targets, table.keyNames);
  const withOld = wantsOldItemOnFailure(input);
  const outcome = await ctx.items.write(table, key, (old) => {
    if (!conditionHolds(condition, old)) throw conditionalCheckFailed(withOld ? old : undefined);
    return { action: 'put', item: computeUpdatedItem(table, parsed, key, old), result: undefined };
  });
  const attributesOut = returnedAttributes(
    input['ReturnValues'] as string | undefined,
    parsed.targets,
    outcome.old,
    outcome.next,
  );
  return singleWriteOutput(table, input, outcome, key, attributesOut);
}

/** The `Attributes` member for a ReturnValues setting; undefined when it is omitted. */
export function returnedAttributes(
  returnValues: string | undefined,
  targets: readonly DocumentPath[],
  old: AttributeMap | undefined,
  next: AttributeMap | undefined,
): AttributeMap | undefined {
  let result: AttributeMap | undefined;
  switch (returnValues) {
    case 'ALL_OLD':
      result = old;
      break;
    case 'ALL_NEW':
      result = next;
      break;
    case 'UPDATED_OLD':
      result = old === undefined ? undefined : project(targets, old);
      break;
    case 'UPDATED_NEW':
      result = next === undefined ? undefined : project(targets, next);
      break;
    default:
      return undefined;
  }
  if (result === undefined || Object.keys(result).length === 0) return undefined;
  return result;
}
