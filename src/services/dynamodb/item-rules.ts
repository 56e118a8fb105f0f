/**
 * Rules shared by the item operations: resolving a table by name or ARN, checking keys and items
 * against the key schema and indexes (§2.6, §5.2 #15–#24), conditions (expression or legacy),
 * and the ReturnValues / ItemCollectionMetrics outputs.
 */
import type { AwsError } from '../../core/errors.js';
import type { DynamoDbContext } from './dynamodb-context.js';
import { resourceNotFound, validation } from './errors.js';
import {
  checkExpressionAttributesAllowed,
  checkLegacyAndExpressionMix,
  convertExpected,
  createExpressionAttributes,
  evaluateCondition,
  parseConditionExpression,
  type Condition,
  type ConditionalOperator,
  type ExpectedAttributeValue,
  type ExpressionAttributes,
  type ExpressionParam,
} from './expressions/index.js';
import { scalarType, type Table } from './storage/table-meta.js';
import {
  INVALID_PARAMETER_PREFIX,
  utf8Length,
  base64ByteLength,
  type AttributeMap,
  type AttributeValue,
} from './values/index.js';

const MAX_HASH_KEY_BYTES = 2048;
const MAX_RANGE_KEY_BYTES = 1024;

/** The table name of a `TableName` member that may be an ARN. */
export function tableNameOf(nameOrArn: string): string {
  if (!nameOrArn.startsWith('arn:')) return nameOrArn;
  const slash = nameOrArn.indexOf(':table/');
  if (slash === -1) return nameOrArn;
  const rest = nameOrArn.slice(slash + 7);
  const end = rest.indexOf('/');
  return end === -1 ? rest : rest.slice(0, end);
}

/** The table for a data-plane request, or `Requested resource not found`. */
export async function requireTable(ctx: DynamoDbContext, nameOrArn: unknown): Promise<Table> {
  const table = await ctx.catalog.lookup(tableNameOf(nameOrArn as string));
  if (table === undefined) throw resourceNotFound();
  return table;
}

function keyValueBytes(value: AttributeValue): number {
  if ('S' in value) return utf8Length(value.S);
  if ('B' in value) return base64ByteLength(value.B);
  return 0;
}

function checkKeyValue(name: string, value: AttributeValue, isRange: boolean): void {
  const bytes = keyValueBytes(value);
  if (bytes === 0 && !('N' in value)) {
    throw validation(
      `One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty ${'S' in value ? 'string' : 'binary'} value. Key: ${name}`,
    );
  }
  if (!isRange && bytes > MAX_HASH_KEY_BYTES) {
    throw validation(
      `${INVALID_PARAMETER_PREFIX}Size of hashkey has exceeded the maximum size limit of2048 bytes`,
    );
  }
  if (isRange && bytes > MAX_RANGE_KEY_BYTES) {
    throw validation(
      `${INVALID_PARAMETER_PREFIX}Aggregated size of all range keys has exceeded the size limit of 1024 bytes`,
    );
  }
}

/**
 * True when `map` holds the table's key attributes with their types; `exact` also requires that
 * it holds nothing else (a `Key`, as opposed to an item).
 */
export function keyMatchesSchema(table: Table, map: AttributeMap, exact: boolean): boolean {
  if (exact && Object.keys(map).length !== table.keyNames.length) return false;
  for (const attr of table.range === undefined ? [table.hash] : [table.hash, table.range]) {
    const value = map[attr.name];
    if (value === undefined || scalarType(value) !== attr.type) return false;
  }
  return true;
}

/** Checks a `Key` member against the table's key schema (exact attributes, types, sizes). */
export function checkKey(
  table: Table,
  key: AttributeMap,
  mismatch = 'The provided key element does not match the schema',
): void {
  const names = Object.keys(key);
  if (names.length !== table.keyNames.length) throw validation(mismatch);
  for (const attr of table.range === undefined ? [table.hash] : [table.hash, table.range]) {
    const value = key[attr.name];
    if (value === undefined || scalarType(value) !== attr.type) throw validation(mismatch);
  }
  checkKeyValue(table.hash.name, key[table.hash.name]!, false);
  if (table.range !== undefined) checkKeyValue(table.range.name, key[table.range.name]!, true);
}

/** Checks an item's key attributes (PutItem's messages) and index key attributes. */
export function checkItem(table: Table, item: AttributeMap, batch = false): void {
  for (const attr of table.range === undefined ? [table.hash] : [table.hash, table.range]) {
    const value = item[attr.name];
    if (value === undefined) {
      throw validation(
        batch
          ? 'The provided key element does not match the schema'
          : `${INVALID_PARAMETER_PREFIX}Missing the key ${attr.name} in the item`,
      );
    }
    const type = scalarType(value);
    if (type !== attr.type) {
      throw validation(
        batch
          ? 'The provided key element does not match the schema'
          : `${INVALID_PARAMETER_PREFIX}Type mismatch for key ${attr.name} expected: ${attr.type} actual: ${Object.keys(value)[0] ?? ''}`,
      );
    }
  }
  checkKeyValue(table.hash.name, item[table.hash.name]!, false);
  if (table.range !== undefined) checkKeyValue(table.range.name, item[table.range.name]!, true);
  checkIndexKeys(table, item, false);
}

/** Rejects index key attributes of the wrong type or empty (sparse when absent). */
export function checkIndexKeys(table: Table, item: AttributeMap, update: boolean): void {
  for (const index of table.indexes) {
    for (const attr of index.range === undefined ? [index.hash] : [index.hash, index.range]) {
      if (table.keyNames.includes(attr.name)) continue;
      const value = item[attr.name];
      if (value === undefined) continue;
      const type = Object.keys(value)[0] ?? '';
      if (type !== attr.type) {
        // The same text for PutItem and UpdateItem (§5.2 #22; DynamoDB Local skips the update case).
        throw validation(
          `${INVALID_PARAMETER_PREFIX}Type mismatch for Index Key ${attr.name} Expected: ${attr.type} Actual: ${type} IndexName: ${index.name}`,
        );
      }
      if (keyValueBytes(value) === 0 && type !== 'N') {
        throw validation(
          update
            ? `One or more parameter values are not valid. The update expression attempted to update a secondary index key to a value that is not supported. The AttributeValue for a key attribute cannot contain an empty ${type === 'S' ? 'string' : 'binary'} value.`
            : `One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty ${type === 'S' ? 'string' : 'binary'} value. IndexName: ${index.name}, IndexKey: ${attr.name}`,
        );
      }
    }
  }
}

/** A parsed write condition: the AST and the values it reads. */
export interface WriteCondition {
  condition: Condition;
  values: Readonly<Record<string, AttributeValue>>;
}

/**
 * Parses the ConditionExpression (or legacy Expected) of a write; `extra` lists other expression
 * members of the request that count as "expressions" for the EAN/EAV presence rules.
 */
export function parseWriteCondition(
  input: Record<string, unknown>,
  options: {
    valueParams: readonly ExpressionParam[];
    present?: readonly ExpressionParam[];
    attributes?: ExpressionAttributes;
    check?: boolean;
  },
): { condition: WriteCondition | undefined; attributes: ExpressionAttributes } {
  checkLegacyAndExpressionMix(input);
  const present: ExpressionParam[] = [...(options.present ?? [])];
  if (input['ConditionExpression'] !== undefined) present.push('ConditionExpression');
  if (options.attributes === undefined) {
    checkExpressionAttributesAllowed({
      names: input['ExpressionAttributeNames'],
      values: input['ExpressionAttributeValues'],
      present,
      valueParams: options.valueParams,
    });
  }
  const attributes =
    options.attributes ??
    createExpressionAttributes(
      input['ExpressionAttributeNames'] as Record<string, string> | undefined,
      input['ExpressionAttributeValues'] as Record<string, unknown> | undefined,
    );
  let condition: WriteCondition | undefined;
  if (typeof input['ConditionExpression'] === 'string') {
    condition = {
      condition: parseConditionExpression(
        input['ConditionExpression'],
        'ConditionExpression',
        attributes,
      ),
      values: attributes.values,
    };
  } else if (input['Expected'] !== undefined) {
    const legacy = convertExpected(
      input['Expected'] as Record<string, ExpectedAttributeValue>,
      input['ConditionalOperator'] as ConditionalOperator | undefined,
    );
    if (legacy !== undefined) condition = { condition: legacy.condition, values: legacy.values };
  }
  return { condition, attributes };
}

/** True when the condition holds for the current item (a missing item is an empty one). */
export function conditionHolds(
  condition: WriteCondition | undefined,
  old: AttributeMap | undefined,
): boolean {
  return (
    condition === undefined || evaluateCondition(condition.condition, old ?? {}, condition.values)
  );
}

/** Whether a write's ConditionalCheckFailedException carries the old item. */
export function wantsOldItemOnFailure(input: Record<string, unknown>): boolean {
  return input['ReturnValuesOnConditionCheckFailure'] === 'ALL_OLD';
}

/** ItemCollectionMetrics of a write on a table with LSIs, when SIZE was asked for. */
export function itemCollectionMetrics(
  table: Table,
  input: Record<string, unknown>,
  item: AttributeMap,
): Record<string, unknown> | undefined {
  if (input['ReturnItemCollectionMetrics'] !== 'SIZE') return undefined;
  if (!table.indexes.some((i) => i.kind === 'local')) return undefined;
  return {
    ItemCollectionKey: { [table.hash.name]: item[table.hash.name] },
    SizeEstimateRangeGB: [0, 1],
  };
}

/** Rethrows `error` unless it is an AwsError (helper for typed catch blocks). */
export function isAwsErrorWithCode(error: unknown, code: string): error is AwsError {
  return typeof error === 'object' && error !== null && (error as AwsError).code === code;
}
