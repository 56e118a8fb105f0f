/**
 * TransactWriteItems: up to 100 Put / Update / Delete / ConditionCheck actions, all-or-nothing in
 * one store transaction, with positional cancellation reasons and ClientRequestToken idempotency
 * for 10 minutes (§6.9).
 */
import { createHash } from 'node:crypto';
import { AwsError } from '../../../core/errors.js';
import { CapacityTally, writeUnits, type CapacityMode } from '../capacity.js';
import type { DynamoDbContext } from '../dynamodb-context.js';
import { transactionCanceled, validation, type CancellationReason } from '../errors.js';
import {
  checkUpdateDoesNotTouchKey,
  createExpressionAttributes,
  checkExpressionAttributesAllowed,
  parseUpdateExpression,
  updateTargetPaths,
  type ExpressionParam,
} from '../expressions/index.js';
import {
  checkItem,
  checkKey,
  conditionHolds,
  keyMatchesSchema,
  parseWriteCondition,
  requireTable,
  type WriteCondition,
} from '../item-rules.js';
import { itemKey } from '../storage/item-keys.js';
import type { Table } from '../storage/table-meta.js';
import { checkItemSize, validateAttributeMap, type AttributeMap } from '../values/index.js';
import { computeUpdatedItem, type ParsedUpdate } from './update-item.js';
import { TransactionToken } from '../transaction-token.js';

/** How long a ClientRequestToken is remembered (AWS: 10 minutes). */

type ActionKind = 'ConditionCheck' | 'Put' | 'Delete' | 'Update';
const ACTION_KINDS: readonly ActionKind[] = ['ConditionCheck', 'Put', 'Delete', 'Update'];

interface ParsedAction {
  kind: ActionKind;
  input: Record<string, unknown>;
  key: AttributeMap;
  item: AttributeMap | undefined;
  update: ParsedUpdate | undefined;
  condition: WriteCondition | undefined;
}

interface ResolvedAction extends ParsedAction {
  table: Table;
  /** Set when the action's key does not fit the table (cancellation reason ValidationError). */
  invalid: string | undefined;
}

function parseAction(element: Record<string, unknown>): ParsedAction {
  const kinds = ACTION_KINDS.filter((k) => element[k] !== undefined);
  if (kinds.length !== 1) {
    throw validation('TransactItems can only contain one of Check, Put, Update or Delete');
  }
  const kind = kinds[0]!;
  const input = element[kind] as Record<string, unknown>;
  const present: ExpressionParam[] = [];
  if (input['UpdateExpression'] !== undefined) present.push('UpdateExpression');
  if (input['ConditionExpression'] !== undefined) present.push('ConditionExpression');
  checkExpressionAttributesAllowed({
    names: input['ExpressionAttributeNames'],
    values: input['ExpressionAttributeValues'],
    present,
    valueParams: ['UpdateExpression', 'ConditionExpression'],
  });
  const item = kind === 'Put' ? validateAttributeMap(input['Item']) : undefined;
  const key = item ?? validateAttributeMap(input['Key']);
  if (item !== undefined) checkItemSize(item, 'put');
  const attributes = createExpressionAttributes(
    input['ExpressionAttributeNames'] as Record<string, string> | undefined,
    input['ExpressionAttributeValues'] as Record<string, unknown> | undefined,
  );
  let update: ParsedUpdate | undefined;
  if (kind === 'Update') {
    const parsed = parseUpdateExpression(input['UpdateExpression'] as string, attributes);
    update = { update: parsed, values: attributes.values, targets: updateTargetPaths(parsed) };
  }
  const { condition } = parseWriteCondition(input, { valueParams: [], attributes });
  attributes.checkAllUsed();
  return { kind, input, key, item, update, condition };
}

function requestHash(input: Record<string, unknown>): string {
  return (
    createHash('sha256')
      // What the transaction does; the Return* options may differ on a retry.
      .update(JSON.stringify(input['TransactItems']))
      .digest('hex')
  );
}

/** AWS's cancellation messages end with a period; the plain ValidationException texts do not. */
function reasonMessage(error: AwsError): string {
  return error.message.endsWith('.') ? error.message : `${error.message}.`;
}

export async function transactWriteItems(
  ctx: DynamoDbContext,
  input: Record<string, unknown>,
): Promise<object> {
  const actions = (input['TransactItems'] as Record<string, unknown>[]).map(parseAction);
  const resolved: ResolvedAction[] = [];
  for (const action of actions) {
    const table = await requireTable(ctx, action.input['TableName']);
    resolved.push({ ...action, table, invalid: undefined });
  }
  const seen = new Set<string>();
  for (const action of resolved) {
    // A key that does not fit the schema cancels the transaction; other key problems (empty
    // values, sizes, updates of key attributes) reject the request (§6.9).
    if (!keyMatchesSchema(action.table, action.key, action.kind !== 'Put')) {
      action.invalid = 'One or more parameter values were invalid.';
      continue;
    }
    if (action.kind === 'Put') checkItem(action.table, action.item!);
    else checkKey(action.table, action.key);
    if (action.update !== undefined) {
      checkUpdateDoesNotTouchKey(action.update.targets, action.table.keyNames);
    }
    const id = `${action.table.name}\u0000${itemKey(action.table, action.key).toString('latin1')}`;
    if (seen.has(id))
      throw validation('Transaction request cannot include multiple operations on one item');
    seen.add(id);
  }
  if (resolved.some((a) => a.invalid !== undefined)) {
    throw transactionCanceled(
      resolved.map((a) =>
        a.invalid === undefined
          ? { Code: 'None' }
          : { Code: 'ValidationError', Message: a.invalid },
      ),
    );
  }
  const token = input['ClientRequestToken'] as string | undefined;
  const hash = token === undefined ? '' : requestHash(input);
  const idempotency = new TransactionToken(token, hash);
  const tallies = new Map<string, CapacityTally>();
  const replayed = await ctx.store.transaction(async (tx) => {
    tallies.clear();
    const now = ctx.clock.now();
    if (await idempotency.replayed(tx, ctx, now)) return true;
    const olds: (AttributeMap | undefined)[] = [];
    const nexts: (AttributeMap | undefined)[] = [];
    const reasons: CancellationReason[] = [];
    let failed = false;
    for (const action of resolved) {
      action.table = await ctx.items.freshTable(tx, action.table);
      const old = await ctx.items.getItemForUpdate(tx, action.table, action.key);
      olds.push(old);
      let next: AttributeMap | undefined = old;
      let reason: CancellationReason = { Code: 'None' };
      if (!conditionHolds(action.condition, old)) {
        reason = { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' };
        if (
          action.input['ReturnValuesOnConditionCheckFailure'] === 'ALL_OLD' &&
          old !== undefined
        ) {
          reason.Item = old;
        }
      } else if (action.kind === 'Put') {
        next = action.item;
      } else if (action.kind === 'Delete') {
        next = undefined;
      } else if (action.kind === 'Update') {
        try {
          next = computeUpdatedItem(action.table, action.update!, action.key, old);
        } catch (e) {
          if (!(e instanceof AwsError) || e.code !== 'ValidationException') throw e;
          reason = { Code: 'ValidationError', Message: reasonMessage(e) };
        }
      }
      if (reason.Code !== 'None') failed = true;
      reasons.push(reason);
      nexts.push(next);
    }
    if (failed) throw transactionCanceled(reasons);
    for (const [i, action] of resolved.entries()) {
      let tally = tallies.get(action.input['TableName'] as string);
      if (tally === undefined) {
        tally = new CapacityTally(action.input['TableName'] as string);
        tallies.set(action.input['TableName'] as string, tally);
      }
      const units =
        2 * writeUnits(olds[i], action.kind === 'ConditionCheck' ? undefined : nexts[i]);
      tally.table += units;
      tally.write += units;
      if (action.kind === 'ConditionCheck') continue;
      const writes = await ctx.items.applyInTransaction(tx, action.table, olds[i], nexts[i]);
      tally.addIndexUnits(action.table, writes.units);
    }
    await idempotency.remember(tx, ctx, now);
    return false;
  });
  const out: Record<string, unknown> = {};
  const mode = input['ReturnConsumedCapacity'] as CapacityMode | undefined;
  if (mode !== undefined && mode !== 'NONE') {
    if (replayed) {
      // A replay reports read units instead of write units (§6.9).
      const byTable = new Map<string, number>();
      for (const action of resolved) {
        const name = action.input['TableName'] as string;
        byTable.set(name, (byTable.get(name) ?? 0) + 1);
      }
      out['ConsumedCapacity'] = [...byTable].map(([name, n]) => {
        const tally = new CapacityTally(name);
        tally.table = n;
        tally.read = n;
        return tally.render(mode, true);
      });
    } else {
      out['ConsumedCapacity'] = [...tallies.values()].map((t) => t.render(mode, true));
    }
  }
  return out;
}
