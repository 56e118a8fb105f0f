/** Query: one partition of a table or index in sort-key order (§4.5, §6.4). */
import type { DynamoDbContext } from '../dynamodb-context.js';
import { validation } from '../errors.js';
import {
  checkFilterHasNoKeyAttributes,
  convertKeyConditions,
  parseKeyConditionExpression,
  rangeConditionMatches,
  resolveKeyCondition,
  type KeyCondition,
  type LegacyCondition,
  type ParsedKeyCondition,
} from '../expressions/index.js';
import { requireTable } from '../item-rules.js';
import {
  buildReadResponse,
  checkReadAgainstIndex,
  checkStartKey,
  parseRead,
  resolveIndex,
} from '../read-pipeline.js';
import { encodeValue, indexEntryKey, itemKey } from '../storage/item-keys.js';
import type { Index, Table } from '../storage/table-meta.js';
import type { ReadOptions } from '../storage/table-store.js';
import { prefixUpperBound, encodeKeyPrefix } from '../../../store/key-codec.js';
import { toKeyValue } from '../storage/item-keys.js';
import { valuesEqual, type AttributeMap } from '../values/index.js';

export async function query(ctx: DynamoDbContext, input: Record<string, unknown>): Promise<object> {
  let parsedKey: ParsedKeyCondition | undefined;
  const parsed = parseRead(input, 'Query', (attributes) => {
    if (typeof input['KeyConditionExpression'] === 'string') {
      parsedKey = parseKeyConditionExpression(input['KeyConditionExpression'], attributes);
    } else if (input['KeyConditions'] !== undefined) {
      parsedKey = convertKeyConditions(input['KeyConditions'] as Record<string, LegacyCondition>);
    } else {
      throw validation(
        'Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.',
      );
    }
  });
  const table = await requireTable(ctx, input['TableName']);
  const index = resolveIndex(table, input);
  const schema = index ?? table;
  const keyCondition = resolveKeyCondition(parsedKey!, {
    hash: schema.hash,
    ...(schema.range === undefined ? {} : { range: schema.range }),
  });
  if (parsed.filter !== undefined) {
    const keyNames = [schema.hash.name, ...(schema.range === undefined ? [] : [schema.range.name])];
    checkFilterHasNoKeyAttributes(
      parsed.filter.condition,
      keyNames,
      parsed.filter.param === 'QueryFilter' ? 'QueryFilter' : 'FilterExpression',
    );
  }
  checkReadAgainstIndex(table, index, parsed);
  let after: Buffer | undefined;
  if (parsed.exclusiveStartKey !== undefined) {
    checkStartKey(table, index, parsed.exclusiveStartKey);
    checkStartKeyInCondition(schema, keyCondition, parsed.exclusiveStartKey);
    after = startKeyBytes(table, index, parsed.exclusiveStartKey);
  }
  const options: ReadOptions = {
    bounds: keyBounds(keyCondition),
    ...(input['ScanIndexForward'] === false ? { reverse: true } : {}),
    ...(after === undefined ? {} : { after }),
    ...(typeof input['Limit'] === 'number' ? { limit: input['Limit'] } : {}),
  };
  const page = await ctx.items.read(table, index, options);
  return buildReadResponse(ctx, table, index, parsed, page, input);
}

/** The store key an ExclusiveStartKey denotes. */
export function startKeyBytes(table: Table, index: Index | undefined, key: AttributeMap): Buffer {
  return index === undefined ? itemKey(table, key) : indexEntryKey(table, index, key)!;
}

function checkStartKeyInCondition(
  schema: Table | Index,
  condition: KeyCondition,
  key: AttributeMap,
): void {
  if (!valuesEqual(key[schema.hash.name]!, condition.hash.value)) {
    throw validation(
      'The provided starting key is outside query boundaries based on provided conditions',
    );
  }
  if (condition.range !== undefined && schema.range !== undefined) {
    if (!rangeConditionMatches(condition.range, key[schema.range.name]!)) {
      throw validation('The provided starting key does not match the range key predicate');
    }
  }
}

/** Store key bounds of one partition narrowed by the sort-key condition (Query, PartiQL). */
export function keyBounds(condition: KeyCondition): ReadOptions['bounds'] {
  const hash = encodeValue(condition.hash.value);
  const range = condition.range;
  if (range === undefined) return { prefix: hash };
  const [a, b] = range.values;
  const at = (v: typeof a): Buffer => Buffer.concat([hash, encodeValue(v!)]);
  const above = (v: typeof a): Buffer => prefixUpperBound(at(v))!;
  switch (range.op) {
    case '=':
      return { prefix: at(a) };
    case '<':
      return { prefix: hash, lt: at(a) };
    case '<=':
      return { prefix: hash, lt: above(a) };
    case '>':
      return { prefix: hash, gte: above(a) };
    case '>=':
      return { prefix: hash, gte: at(a) };
    case 'BETWEEN':
      return { prefix: hash, gte: at(a), lt: above(b) };
    case 'begins_with': {
      const kv = toKeyValue(a!);
      const last = 'N' in kv ? { S: kv.N } : kv;
      return { prefix: encodeKeyPrefix([toKeyValue(condition.hash.value)], last) };
    }
  }
}
