/**
 * What Query and Scan share: parsing FilterExpression / ProjectionExpression / Select (and their
 * legacy forms), checking them against the index read, and turning a page of items read into the
 * response (filter after Limit, then projection; Count, ScannedCount, LastEvaluatedKey) (§6.4–6.6).
 */
import { CapacityTally, pageReadUnits, type CapacityMode } from './capacity.js';
import type { DynamoDbContext } from './dynamodb-context.js';
import { validation } from './errors.js';
import {
  checkExpressionAttributesAllowed,
  checkLegacyAndExpressionMix,
  checkNoNestedKeyPaths,
  conditionPaths,
  convertAttributesToGet,
  convertFilter,
  createExpressionAttributes,
  evaluateCondition,
  parseConditionExpression,
  parseProjectionExpression,
  project,
  type Condition,
  type ConditionalOperator,
  type DocumentPath,
  type ExpressionAttributes,
  type ExpressionParam,
  type LegacyCondition,
} from './expressions/index.js';
import type { ReadPage } from './storage/table-store.js';
import {
  indexProjects,
  pickKey,
  scalarType,
  type Index,
  type Table,
} from './storage/table-meta.js';
import { validateAttributeMap, type AttributeMap, type AttributeValue } from './values/index.js';

export type SelectMode =
  'ALL_ATTRIBUTES' | 'ALL_PROJECTED_ATTRIBUTES' | 'SPECIFIC_ATTRIBUTES' | 'COUNT';

/** The schema-independent part of a Query or Scan request, parsed once. */
export interface ParsedRead {
  attributes: ExpressionAttributes;
  filter:
    | {
        condition: Condition;
        values: Readonly<Record<string, AttributeValue>>;
        param: 'FilterExpression' | 'QueryFilter' | 'ScanFilter';
      }
    | undefined;
  projection: DocumentPath[] | undefined;
  select: SelectMode | undefined;
  exclusiveStartKey: AttributeMap | undefined;
}

/** Parses the parts Query and Scan share; `keyCondition` parses the Query-only part in order. */
export function parseRead(
  input: Record<string, unknown>,
  operation: 'Query' | 'Scan',
  keyCondition?: (attributes: ExpressionAttributes) => void,
): ParsedRead {
  checkLegacyAndExpressionMix(input);
  const present: ExpressionParam[] = [];
  for (const p of ['KeyConditionExpression', 'FilterExpression', 'ProjectionExpression'] as const) {
    if (input[p] !== undefined) present.push(p);
  }
  checkExpressionAttributesAllowed({
    names: input['ExpressionAttributeNames'],
    values: input['ExpressionAttributeValues'],
    present,
    valueParams:
      operation === 'Query' ? ['KeyConditionExpression', 'FilterExpression'] : ['FilterExpression'],
  });
  const exclusiveStartKey =
    input['ExclusiveStartKey'] === undefined
      ? undefined
      : validateAttributeMap(input['ExclusiveStartKey']);
  const attributes = createExpressionAttributes(
    input['ExpressionAttributeNames'] as Record<string, string> | undefined,
    input['ExpressionAttributeValues'] as Record<string, unknown> | undefined,
  );
  const select = input['Select'] as SelectMode | undefined;
  checkSelect(input, select, operation);
  keyCondition?.(attributes);
  let filter: ParsedRead['filter'];
  if (typeof input['FilterExpression'] === 'string') {
    filter = {
      condition: parseConditionExpression(
        input['FilterExpression'],
        'FilterExpression',
        attributes,
      ),
      values: attributes.values,
      param: 'FilterExpression',
    };
  } else {
    const legacyParam = operation === 'Query' ? 'QueryFilter' : 'ScanFilter';
    const legacy = input[legacyParam];
    if (legacy !== undefined) {
      const converted = convertFilter(
        legacy as Record<string, LegacyCondition>,
        input['ConditionalOperator'] as ConditionalOperator | undefined,
      );
      if (converted !== undefined) {
        filter = { condition: converted.condition, values: converted.values, param: legacyParam };
      }
    }
  }
  let projection: DocumentPath[] | undefined;
  if (typeof input['ProjectionExpression'] === 'string') {
    projection = parseProjectionExpression(input['ProjectionExpression'], attributes);
  } else if (Array.isArray(input['AttributesToGet'])) {
    projection = convertAttributesToGet(input['AttributesToGet'] as string[]);
  }
  attributes.checkAllUsed();
  return { attributes, filter, projection, select, exclusiveStartKey };
}

function checkSelect(
  input: Record<string, unknown>,
  select: SelectMode | undefined,
  operation: 'Query' | 'Scan',
): void {
  if (select === undefined) return;
  const projectionParam =
    input['ProjectionExpression'] !== undefined
      ? 'ProjectionExpression'
      : input['AttributesToGet'] !== undefined
        ? 'AttributesToGet'
        : undefined;
  if (select === 'SPECIFIC_ATTRIBUTES') {
    if (projectionParam === undefined) {
      throw validation(
        'Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES',
      );
    }
    return;
  }
  if (projectionParam !== undefined) {
    throw validation(
      `Cannot specify the ${projectionParam} when choosing to get ${select === 'COUNT' ? 'only the Count' : select}`,
    );
  }
  if (select === 'ALL_PROJECTED_ATTRIBUTES' && input['IndexName'] === undefined) {
    throw validation(
      `ALL_PROJECTED_ATTRIBUTES can be used only when ${operation === 'Query' ? 'Querying' : 'Scanning'} using an IndexName`,
    );
  }
}

/** The index named by IndexName, or AWS's error. */
export function resolveIndex(table: Table, input: Record<string, unknown>): Index | undefined {
  const name = input['IndexName'];
  if (name === undefined) return undefined;
  const index = table.indexByName.get(name as string);
  if (index === undefined) {
    throw validation(`The table does not have the specified index: ${name as string}`);
  }
  if (index.kind === 'global' && input['ConsistentRead'] === true) {
    throw validation('Consistent reads are not supported on global secondary indexes');
  }
  return index;
}

/** Schema-dependent checks of the projection and Select against the index read. */
export function checkReadAgainstIndex(
  table: Table,
  index: Index | undefined,
  parsed: ParsedRead,
): void {
  const indexKeys =
    index === undefined ? [] : index.keyNames.filter((n) => !table.keyNames.includes(n));
  if (parsed.projection !== undefined)
    checkNoNestedKeyPaths(parsed.projection, table.keyNames, indexKeys);
  if (parsed.filter !== undefined) {
    checkNoNestedKeyPaths(conditionPaths(parsed.filter.condition), table.keyNames, indexKeys);
  }
  if (index === undefined || index.kind !== 'global' || index.projectionType === 'ALL') return;
  if (parsed.select === 'ALL_ATTRIBUTES') {
    throw validation(
      `One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary index ${index.name} because its projection type is not ALL`,
    );
  }
  const missing = (parsed.projection ?? [])
    .map((p) => p[0])
    .filter(
      (e): e is { name: string } => e !== undefined && 'name' in e && !indexProjects(index, e.name),
    )
    .map((e) => e.name);
  if (missing.length > 0) {
    throw validation(
      `One or more parameter values were invalid: Global secondary index ${index.name} does not project [${missing.join(', ')}]`,
    );
  }
}

/**
 * Checks an ExclusiveStartKey: exactly the table key (plus the index key for an index read),
 * with the key types.
 */
export function checkStartKey(table: Table, index: Index | undefined, key: AttributeMap): void {
  const names = index === undefined ? table.keyNames : index.keyNames;
  const message =
    index === undefined
      ? 'The provided starting key is invalid: The provided key element does not match the schema'
      : 'The provided starting key is invalid';
  if (Object.keys(key).length !== names.length) throw validation(message);
  const attrs = [table.hash, table.range, index?.hash, index?.range];
  for (const attr of attrs) {
    if (attr === undefined) continue;
    const value = key[attr.name];
    if (value === undefined || scalarType(value) !== attr.type) throw validation(message);
  }
}

/** Turns a page read into the Query/Scan response. */
export async function buildReadResponse(
  ctx: DynamoDbContext,
  table: Table,
  index: Index | undefined,
  parsed: ParsedRead,
  page: ReadPage,
  input: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const select: SelectMode =
    parsed.select ??
    (parsed.projection !== undefined
      ? 'SPECIFIC_ATTRIBUTES'
      : index === undefined
        ? 'ALL_ATTRIBUTES'
        : 'ALL_PROJECTED_ATTRIBUTES');
  // An LSI fetches attributes it does not project from the table.
  const fetchFromTable =
    index !== undefined &&
    index.kind === 'local' &&
    index.projectionType !== 'ALL' &&
    (select === 'ALL_ATTRIBUTES' ||
      (parsed.projection !== undefined &&
        parsed.projection.some((p) => {
          const first = p[0];
          return first !== undefined && 'name' in first && !indexProjects(index, first.name);
        })) ||
      (parsed.filter !== undefined &&
        conditionPaths(parsed.filter.condition).some((p) => {
          const first = p[0];
          return first !== undefined && 'name' in first && !indexProjects(index, first.name);
        })));
  const items: AttributeMap[] = [];
  let count = 0;
  for (const read of page.items) {
    let item = read;
    if (fetchFromTable) item = (await ctx.items.getItem(table, pickKey(table, read))) ?? read;
    if (
      parsed.filter !== undefined &&
      !evaluateCondition(parsed.filter.condition, item, parsed.filter.values)
    ) {
      continue;
    }
    count++;
    if (select === 'COUNT') continue;
    items.push(parsed.projection === undefined ? item : project(parsed.projection, item));
  }
  const out: Record<string, unknown> = {};
  if (select !== 'COUNT') out['Items'] = items;
  out['Count'] = count;
  out['ScannedCount'] = page.items.length;
  if (page.last !== undefined) {
    const names = index === undefined ? table.keyNames : index.keyNames;
    const lek: AttributeMap = {};
    for (const name of names) lek[name] = page.last[name]!;
    out['LastEvaluatedKey'] = lek;
  }
  const mode = input['ReturnConsumedCapacity'] as CapacityMode | undefined;
  if (mode !== undefined && mode !== 'NONE') {
    const tally = new CapacityTally(input['TableName'] as string);
    const units = pageReadUnits(page.bytes, input['ConsistentRead'] === true);
    if (index === undefined) tally.table = units;
    else (index.kind === 'global' ? tally.gsi : tally.lsi).set(index.name, units);
    out['ConsumedCapacity'] = tally.render(mode);
  }
  return out;
}
