/** PutItem: creates or replaces one item, optionally conditionally (§6.1, §6.2). */
import type { DynamoDbContext } from '../dynamodb-context.js';
import { conditionalCheckFailed, validation } from '../errors.js';
import { checkLegacyAndExpressionMix } from '../expressions/index.js';
import {
  checkItem,
  conditionHolds,
  parseWriteCondition,
  requireTable,
  wantsOldItemOnFailure,
} from '../item-rules.js';
import { checkItemSize, validateAttributeMap } from '../values/index.js';
import { singleWriteOutput } from './write-output.js';

/** PutItem and DeleteItem accept only these ReturnValues (§5.2 #56). */
export function checkPutDeleteReturnValues(value: unknown): void {
  if (value !== undefined && value !== 'NONE' && value !== 'ALL_OLD') {
    throw validation('ReturnValues can only be ALL_OLD or NONE');
  }
}

export async function putItem(
  ctx: DynamoDbContext,
  input: Record<string, unknown>,
): Promise<object> {
  checkLegacyAndExpressionMix(input);
  const item = validateAttributeMap(input['Item']);
  const { condition, attributes } = parseWriteCondition(input, {
    valueParams: ['ConditionExpression'],
  });
  checkPutDeleteReturnValues(input['ReturnValues']);
  checkItemSize(item, 'put');
  attributes.checkAllUsed();
  const table = await requireTable(ctx, input['TableName']);
  checkItem(table, item);
  const withOld = wantsOldItemOnFailure(input);
  const outcome = await ctx.items.write(table, item, (old) => {
    if (!conditionHolds(condition, old)) throw conditionalCheckFailed(withOld ? old : undefined);
    return { action: 'put', item, result: undefined };
  });
  const allOld = input['ReturnValues'] === 'ALL_OLD' ? outcome.old : undefined;
  return singleWriteOutput(table, input, outcome, item, allOld);
}
