/**
 * INSERT, UPDATE, DELETE and EXISTS as single-item writes: the table, the full key, the compiled
 * update and condition, and the decision each makes given the current item. ExecuteStatement runs
 * the decision inside `TableStore.write`; ExecuteTransaction inside its own store transaction.
 */
import { AwsError } from '../../../core/errors.js';
import type { DynamoDbContext } from '../dynamodb-context.js';
import { validation } from '../errors.js';
import { checkUpdateDoesNotTouchKey, updateTargetPaths } from '../expressions/index.js';
import {
  checkItem,
  checkKey,
  conditionHolds,
  requireTable,
  type WriteCondition,
} from '../item-rules.js';
import { computeUpdatedItem, type ParsedUpdate } from '../operations/update-item.js';
import type { Table } from '../storage/table-meta.js';
import { checkItemSize, type AttributeMap, type AttributeValue } from '../values/index.js';
import type { ReturningMode, Statement } from './ast.js';
import { Binder, compileUpdate, splitKey } from './compile.js';

export type WriteKind = 'insert' | 'update' | 'delete' | 'exists';

/** A write statement ready to run against one item. */
export interface WritePlan {
  readonly kind: WriteKind;
  readonly table: Table;
  /** The table name as the statement wrote it (echoed in responses). */
  readonly tableName: string;
  readonly key: AttributeMap;
  /** INSERT: the new item. */
  readonly item: AttributeMap | undefined;
  /** UPDATE: the update and its values. */
  readonly update: ParsedUpdate | undefined;
  /** The WHERE terms beyond the key (UPDATE, DELETE, EXISTS). */
  readonly condition: WriteCondition | undefined;
  readonly returning: ReturningMode | undefined;
}

/** Why a write did not happen (a cancellation reason in a transaction). */
export type WriteFailure = 'ConditionalCheckFailed' | 'DuplicateItem';

/** The outcome of a write decision against the current item. */
export interface WriteResult {
  readonly next: AttributeMap | undefined;
  readonly failure: WriteFailure | undefined;
}

/** DuplicateItemException: INSERT of a key that exists (§8.1). */
export function duplicateItem(): AwsError {
  return new AwsError('DuplicateItemException', 'Duplicate primary key exists in table', {
    status: 400,
  });
}

/** Prepares a write statement: resolves the table and checks the key and item against it. */
export async function planWrite(
  ctx: DynamoDbContext,
  statement: Statement,
  params: readonly AttributeValue[],
): Promise<WritePlan> {
  if (statement.kind === 'select') throw validation('Unsupported operation: SELECT is not a write');
  const binder = new Binder(params);
  if (statement.kind === 'insert') {
    const value = binder.value(statement.value);
    if (!('M' in value)) throw validation('Unsupported operation: INSERT needs a tuple value');
    const table = await requireTable(ctx, statement.table);
    const item = value.M;
    checkItem(table, item);
    checkItemSize(item, 'put');
    const key: AttributeMap = {};
    for (const name of table.keyNames) key[name] = item[name]!;
    return {
      kind: 'insert',
      table,
      tableName: statement.table,
      key,
      item,
      update: undefined,
      condition: undefined,
      returning: undefined,
    };
  }
  const tableName = statement.kind === 'exists' ? statement.select.from.table : statement.table;
  if (statement.kind === 'exists' && statement.select.from.index !== undefined) {
    throw validation('Unsupported operation: EXISTS on an index');
  }
  const where = statement.kind === 'exists' ? statement.select.where : statement.where;
  if (where === undefined) {
    throw validation('Where clause does not contain a mandatory equality on all key attributes');
  }
  let update: ParsedUpdate | undefined;
  if (statement.kind === 'update') {
    const compiled = compileUpdate(statement.actions, binder);
    update = { update: compiled, values: binder.values, targets: updateTargetPaths(compiled) };
  }
  const table = await requireTable(ctx, tableName);
  const { key, condition } = splitKey(where, table.keyNames, binder);
  checkKey(table, key);
  if (update !== undefined) checkUpdateDoesNotTouchKey(update.targets, table.keyNames);
  return {
    kind: statement.kind,
    table,
    tableName,
    key,
    item: undefined,
    update,
    condition: condition === undefined ? undefined : { condition, values: binder.values },
    returning: statement.kind === 'exists' ? undefined : statement.returning,
  };
}

/**
 * What a write does to the current item. UPDATE and EXISTS need the item to exist; DELETE of a
 * missing item is a no-op; INSERT never overwrites. Throws ValidationException for run-time
 * update errors (a transaction turns them into ValidationError reasons).
 */
export function decideWrite(plan: WritePlan, old: AttributeMap | undefined): WriteResult {
  switch (plan.kind) {
    case 'insert':
      return old === undefined
        ? { next: plan.item, failure: undefined }
        : { next: old, failure: 'DuplicateItem' };
    case 'delete':
      if (old === undefined) return { next: undefined, failure: undefined };
      return conditionHolds(plan.condition, old)
        ? { next: undefined, failure: undefined }
        : { next: old, failure: 'ConditionalCheckFailed' };
    case 'update':
      if (old === undefined || !conditionHolds(plan.condition, old)) {
        return { next: old, failure: 'ConditionalCheckFailed' };
      }
      return {
        next: computeUpdatedItem(plan.table, plan.update!, plan.key, old),
        failure: undefined,
      };
    case 'exists':
      return old !== undefined && conditionHolds(plan.condition, old)
        ? { next: old, failure: undefined }
        : { next: old, failure: 'ConditionalCheckFailed' };
  }
}
