/** DeleteItem: deletes one item, optionally conditionally; a missing item is not an error. */
import type { DynamoDbContext } from '../dynamodb-context.js';
import { conditionalCheckFailed } from '../errors.js';
import { checkLegacyAndExpressionMix } from '../expressions/index.js';
import {
  checkKey,
  conditionHolds,
  parseWriteCondition,
  requireTable,
  wantsOldItemOnFailure,
} from '../item-rules.js';
import { validateAttributeMap } from '../values/index.js';
import { checkPutDeleteReturnValues } from './put-item.js';
import { singleWriteOutput } from './write-output.js';

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
  const allOld = input['ReturnValues'] === 'ALL_OLD' ? outcome.old : undefined;
  return singleWriteOutput(table, input, outcome, key, allOld);
}
