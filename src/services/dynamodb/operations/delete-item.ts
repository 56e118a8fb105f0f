/** DeleteItem: deletes one item, optionally conditionally; a missing item is not an error. */
import { CapacityTally, writeUnits, type CapacityMode } from '../capacity.js';
import type { DynamoDbContext } from '../dynamodb-context.js';
import { conditionalCheckFailed } from '../errors.js';
import { checkLegacyAndExpressionMix } from '../expressions/index.js';
import {
  checkKey,
  conditionHolds,
  itemCollectionMetrics,
  parseWriteCondition,
  requireTable,
  wantsOldItemOnFailure,
} from '../item-rules.js';
import { validateAttributeMap } from '../values/index.js';
import { checkPutDeleteReturnValues } from './put-item.js';

export async function deleteItem(
  ctx: DynamoDbContext,
  input: Record<string, unknown>,
): Promise<object> {
  checkLegacyAndExpressionMix(input);
  const key = validateAttributeMap(input['Key']);
  const { condition, attributes } = parseWriteCondition(input, {
    valueParams: ['ConditionExpression'],
  });
  checkPutDeleteReturnValues(input['ReturnValues']);
  attributes.checkAllUsed();
  const table = await requireTable(ctx, input['TableName']);
  checkKey(table, key);
  const withOld = wantsOldItemOnFailure(input);
  const outcome = await ctx.items.write(table, key, (old) => {
    if (!conditionHolds(condition, old)) throw conditionalCheckFailed(withOld ? old : undefined);
    return old === undefined
      ? { action: 'none', result: undefined }
      : { action: 'delete', result: undefined };
  });
  const out: Record<string, unknown> = {};
  if (input['ReturnValues'] === 'ALL_OLD' && outcome.old !== undefined)
    out['Attributes'] = outcome.old;
  const mode = input['ReturnConsumedCapacity'] as CapacityMode | undefined;
  if (mode !== undefined && mode !== 'NONE') {
    const tally = new CapacityTally(input['TableName'] as string);
    tally.table = writeUnits(outcome.old, undefined);
    tally.addIndexUnits(table, outcome.indexWrites.units);
    out['ConsumedCapacity'] = tally.render(mode);
  }
  const metrics = itemCollectionMetrics(table, input, key);
  if (metrics !== undefined) out['ItemCollectionMetrics'] = metrics;
  return out;
}
