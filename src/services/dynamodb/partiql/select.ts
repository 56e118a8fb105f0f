/**
 * SELECT: planned as Query(s) when the WHERE fixes the partition key with `=`, `IN` or an OR of
 * equalities (up to 50 keys), else as a Scan; the whole WHERE is the filter either way, so the
 * plan only narrows what is read. Reads go through `TableStore.read` (Limit counted before the
 * filter, 1 MB pages) and resume from a cursor that NextToken carries.
 */
import type { DynamoDbContext } from '../dynamodb-context.js';
import { validation } from '../errors.js';
import {
  evaluateCondition,
  resolvePath,
  type Condition,
  type DocumentPath,
  type RangeKeyCondition,
} from '../expressions/index.js';
import { requireTable } from '../item-rules.js';
import { keyBounds, startKeyBytes } from '../operations/query.js';
import { MAX_PAGE_BYTES } from '../storage/table-store.js';
import {
  pickKey,
  scalarType,
  type Index,
  type KeyAttribute,
  type Table,
} from '../storage/table-meta.js';
import {
  compareScalars,
  valuesEqual,
  type AttributeMap,
  type AttributeValue,
} from '../values/index.js';
import type { Expr, SelectStatement } from './ast.js';
import {
  Binder,
  compileCondition,
  conjuncts,
  equalityOn,
  isValueExpr,
  projectionName,
} from './compile.js';

/** DynamoDB runs a SELECT as Queries for at most this many partition keys. */
export const MAX_QUERY_PARTITIONS = 50;

export interface SelectPlan {
  readonly table: Table;
  readonly index: Index | undefined;
  readonly tableName: string;
  readonly filter: Condition | undefined;
  readonly values: Readonly<Record<string, AttributeValue>>;
  /** Result attribute name and source path per projected path; undefined for `*`. */
  readonly projection: readonly { name: string; path: DocumentPath }[] | undefined;
  /** Partition keys to query, in read order; undefined means a Scan. */
  readonly partitions: readonly AttributeValue[] | undefined;
  readonly range: RangeKeyCondition | undefined;
  readonly reverse: boolean;
}

/** Where a paged SELECT resumes: the partition position and the last key read in it. */
export interface SelectCursor {
  readonly partition: number;
  readonly lastKey: AttributeMap | undefined;
}

export interface SelectPage {
  readonly items: AttributeMap[];
  /** §2.4 bytes read (capacity). */
  readonly bytes: number;
  /** Set when more may follow. */
  readonly next: SelectCursor | undefined;
  readonly lastEvaluatedKey: AttributeMap | undefined;
}

function isKeyPath(expr: Expr, name: string): boolean {
  return (
    expr.kind === 'path' &&
    expr.path.length === 1 &&
    'name' in expr.path[0]! &&
    expr.path[0].name === name
  );
}

/** Partition values a term fixes: `pk = v`, `pk IN [..]`, or an OR of those. */
function partitionValues(term: Expr, name: string, binder: Binder): AttributeValue[] | undefined {
  const equal = equalityOn(term, name);
  if (equal !== undefined) return [binder.value(equal)];
  if (term.kind === 'in' && isKeyPath(term.operand, name) && term.list.every(isValueExpr)) {
    const [only] = term.list;
    if (term.list.length === 1 && only!.kind === 'param') {
      const list = binder.value(only);
      return 'L' in list ? list.L : [list];
    }
    return term.list.map((e) => binder.value(e));
  }
  if (term.kind === 'or') {
    const left = partitionValues(term.left, name, binder);
    const right = left === undefined ? undefined : partitionValues(term.right, name, binder);
    return left === undefined || right === undefined ? undefined : [...left, ...right];
  }
  return undefined;
}

const MIRROR = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '=': '=' } as const;

/** A sort-key condition a term states, usable to narrow each partition read. */
function rangeCondition(
  term: Expr,
  attr: KeyAttribute,
  binder: Binder,
): RangeKeyCondition | undefined {
  const typed = (v: AttributeValue): boolean => scalarType(v) === attr.type;
  if (term.kind === 'compare' && term.op !== '<>') {
    const [value, op] = isKeyPath(term.left, attr.name)
      ? [term.right, term.op]
      : isKeyPath(term.right, attr.name)
        ? [term.left, MIRROR[term.op]]
        : [undefined, term.op];
    if (value === undefined || !isValueExpr(value)) return undefined;
    const v = binder.value(value);
    return typed(v) ? { name: attr.name, op, values: [v] } : undefined;
  }
  if (term.kind === 'between' && isKeyPath(term.operand, attr.name)) {
    if (!isValueExpr(term.low) || !isValueExpr(term.high)) return undefined;
    const low = binder.value(term.low);
    const high = binder.value(term.high);
    if (!typed(low) || !typed(high)) return undefined;
    const order = compareScalars(low, high);
    // An empty range: let the filter reject everything rather than build inverted bounds.
    if (order === undefined || order > 0) return undefined;
    return { name: attr.name, op: 'BETWEEN', values: [low, high] };
  }
  if (term.kind === 'call' && term.name === 'begins_with' && term.args.length === 2) {
    const [path, prefix] = term.args;
    if (!isKeyPath(path!, attr.name) || !isValueExpr(prefix!) || attr.type === 'N')
      return undefined;
    const v = binder.value(prefix!);
    return typed(v) ? { name: attr.name, op: 'begins_with', values: [v] } : undefined;
  }
  return undefined;
}

/** Plans a SELECT against its table or index. */
export async function planSelect(
  ctx: DynamoDbContext,
  statement: SelectStatement,
  params: readonly AttributeValue[],
  consistentRead: boolean,
): Promise<SelectPlan> {
  const binder = new Binder(params);
  const filter =
    statement.where === undefined ? undefined : compileCondition(statement.where, binder);
  const table = await requireTable(ctx, statement.from.table);
  let index: Index | undefined;
  if (statement.from.index !== undefined) {
    index = table.indexByName.get(statement.from.index);
    if (index === undefined) throw validation('The table does not have the specified index');
    if (index.kind === 'global' && consistentRead) {
      throw validation('Consistent reads are not supported on global secondary indexes');
    }
  }
  const schema = index ?? table;
  const terms = conjuncts(statement.where);
  let partitions: AttributeValue[] | undefined;
  for (const term of terms) {
    partitions = partitionValues(term, schema.hash.name, binder);
    if (partitions !== undefined) break;
  }
  if (partitions !== undefined) {
    // A key of the wrong type matches nothing; repeated keys are read once.
    const unique: AttributeValue[] = [];
    for (const v of partitions) {
      if (scalarType(v) === schema.hash.type && !unique.some((u) => valuesEqual(u, v)))
        unique.push(v);
    }
    partitions = unique.length > MAX_QUERY_PARTITIONS ? undefined : unique;
  }
  let range: RangeKeyCondition | undefined;
  if (partitions !== undefined && schema.range !== undefined) {
    for (const term of terms) {
      range = rangeCondition(term, schema.range, binder);
      if (range !== undefined) break;
    }
  }
  let reverse = false;
  if (statement.orderBy.length > 0) {
    if (partitions === undefined) {
      throw validation(
        'Must have at least one non-optional hash key condition in WHERE clause when using ORDER BY clause.',
      );
    }
    for (const order of statement.orderBy) {
      const name = order.path.path.length === 1 ? order.path.path[0]! : undefined;
      const keyName = name !== undefined && 'name' in name ? name.name : undefined;
      if (keyName !== schema.hash.name && keyName !== schema.range?.name) {
        throw validation('Order by is only supported on the partition key and sort key');
      }
    }
    const first = statement.orderBy[0]!;
    reverse = first.descending;
    const byHash = statement.orderBy.find((o) => isKeyPath(o.path, schema.hash.name));
    if (byHash !== undefined) {
      partitions.sort((a, b) => (compareScalars(a, b) ?? 0) * (byHash.descending ? -1 : 1));
    }
    const byRange =
      schema.range === undefined
        ? undefined
        : statement.orderBy.find((o) => isKeyPath(o.path, schema.range!.name));
    if (byRange !== undefined) reverse = byRange.descending;
  }
  return {
    table,
    index,
    tableName: statement.from.table,
    filter,
    values: binder.values,
    projection:
      statement.projection === '*'
        ? undefined
        : statement.projection.map((p, i) => ({ name: projectionName(p, i), path: p.path })),
    partitions,
    range,
    reverse,
  };
}

/** Projects an item as SELECT names its paths (§8.1: a nested path is named by its last step). */
export function projectSelect(plan: SelectPlan, item: AttributeMap): AttributeMap {
  if (plan.projection === undefined) return item;
  const out: AttributeMap = {};
  for (const { name, path } of plan.projection) {
    const value = resolvePath(item, path);
    if (value !== undefined) out[name] = value;
  }
  return out;
}

function keyOf(plan: SelectPlan, item: AttributeMap): AttributeMap {
  const names = plan.index === undefined ? plan.table.keyNames : plan.index.keyNames;
  const key: AttributeMap = {};
  for (const name of names) {
    const value = item[name];
    if (value !== undefined) key[name] = value;
  }
  return key;
}

/** Reads one page of a planned SELECT from `cursor`. */
export async function runSelect(
  ctx: DynamoDbContext,
  plan: SelectPlan,
  cursor: SelectCursor,
  limit: number | undefined,
): Promise<SelectPage> {
  const items: AttributeMap[] = [];
  let bytes = 0;
  let read = 0;
  let lastRead: AttributeMap | undefined;
  const schema = plan.index ?? plan.table;
  const partitionCount = plan.partitions === undefined ? 1 : plan.partitions.length;
  const fetchFromTable = plan.index?.kind === 'local' && plan.index.projectionType !== 'ALL';
  let partition = cursor.partition;
  let after = cursor.lastKey;
  while (partition < partitionCount) {
    const hash = plan.partitions?.[partition];
    const remaining = limit === undefined ? undefined : limit - read;
    const page = await ctx.items.read(plan.table, plan.index, {
      bounds:
        hash === undefined
          ? {}
          : keyBounds({
              hash: { name: schema.hash.name, value: hash },
              ...(plan.range === undefined ? {} : { range: plan.range }),
            }),
      ...(after === undefined ? {} : { after: startKeyBytes(plan.table, plan.index, after) }),
      ...(plan.reverse ? { reverse: true } : {}),
      ...(remaining === undefined ? {} : { limit: remaining }),
    });
    read += page.items.length;
    bytes += page.bytes;
    for (const read of page.items) {
      lastRead = read;
      // An LSI fetches the attributes it does not project from the table, as Query does.
      const item = fetchFromTable
        ? ((await ctx.items.getItem(plan.table, pickKey(plan.table, read))) ?? read)
        : read;
      if (plan.filter !== undefined && !evaluateCondition(plan.filter, item, plan.values)) continue;
      items.push(projectSelect(plan, item));
    }
    if (page.last !== undefined) {
      const lastKey = keyOf(plan, page.last);
      return { items, bytes, next: { partition, lastKey }, lastEvaluatedKey: lastKey };
    }
    partition++;
    after = undefined;
    const full = (limit !== undefined && read >= limit) || bytes >= MAX_PAGE_BYTES;
    if (full && partition < partitionCount) {
      return {
        items,
        bytes,
        next: { partition, lastKey: undefined },
        lastEvaluatedKey: lastRead === undefined ? undefined : keyOf(plan, lastRead),
      };
    }
  }
  return { items, bytes, next: undefined, lastEvaluatedKey: undefined };
}

/**
 * The single item a SELECT names by its full primary key (BatchExecuteStatement and
 * ExecuteTransaction reads); the rest of the WHERE must hold for the item to be returned.
 */
export async function planKeyRead(
  ctx: DynamoDbContext,
  statement: SelectStatement,
  params: readonly AttributeValue[],
): Promise<{ plan: SelectPlan; key: AttributeMap }> {
  const plan = await planSelect(ctx, statement, params, false);
  if (plan.index !== undefined) {
    throw validation('Unsupported operation: reading an index by key');
  }
  const binder = new Binder(params);
  const key: AttributeMap = {};
  for (const name of plan.table.keyNames) {
    for (const term of conjuncts(statement.where)) {
      const value = equalityOn(term, name);
      if (value !== undefined) {
        key[name] = binder.value(value);
        break;
      }
    }
  }
  if (plan.table.keyNames.some((n) => key[n] === undefined)) {
    throw validation('Where clause does not contain a mandatory equality on all key attributes');
  }
  return { plan, key };
}
