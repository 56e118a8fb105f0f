import type { AttributeType, AttributeValue } from '../values/attribute-value.js';
import { typeOf, validateAttributeValue } from '../values/attribute-value.js';
import { compareScalars } from '../values/compare.js';
import { INVALID_PARAMETER_PREFIX, validationError } from '../values/validation-error.js';
import type {
  AddDeleteAction,
  Condition,
  ConditionOperand,
  DocumentPath,
  SetAction,
  UpdateExpression,
} from './ast.js';
import type { KeyConditionTerm, ParsedKeyCondition, RangeOperator } from './key-condition.js';
import { checkOneTermPerKey } from './key-condition.js';

/**
 * The pre-expression parameters (§4.11) — Expected, ConditionalOperator, AttributeUpdates,
 * AttributesToGet, KeyConditions, QueryFilter, ScanFilter — converted into the same ASTs the
 * expressions produce. The values they carry become synthetic `:<prefix><n>` references returned
 * alongside the AST, so evaluation is the same code for both.
 */

export type ComparisonOperator =
  | 'EQ'
  | 'NE'
  | 'LE'
  | 'LT'
  | 'GE'
  | 'GT'
  | 'NOT_NULL'
  | 'NULL'
  | 'CONTAINS'
  | 'NOT_CONTAINS'
  | 'BEGINS_WITH'
  | 'IN'
  | 'BETWEEN';

/** One entry of QueryFilter, ScanFilter or KeyConditions. */
export interface LegacyCondition {
  readonly ComparisonOperator: ComparisonOperator;
  readonly AttributeValueList?: readonly unknown[];
}

/** One entry of Expected. */
export interface ExpectedAttributeValue {
  readonly Value?: unknown;
  readonly Exists?: boolean;
  readonly ComparisonOperator?: ComparisonOperator;
  readonly AttributeValueList?: readonly unknown[];
}

/** One entry of AttributeUpdates. */
export interface AttributeValueUpdate {
  readonly Action?: 'PUT' | 'ADD' | 'DELETE';
  readonly Value?: unknown;
}

export type ConditionalOperator = 'AND' | 'OR';

/** A converted condition and the values its synthetic references point at. */
export interface LegacyConditionResult {
  readonly condition: Condition;
  readonly values: Record<string, AttributeValue>;
}

/** A converted AttributeUpdates and the values its synthetic references point at. */
export interface LegacyUpdateResult {
  readonly update: UpdateExpression;
  readonly values: Record<string, AttributeValue>;
}

const NON_EXPRESSION_PARAMETERS = [
  'AttributesToGet',
  'AttributeUpdates',
  'QueryFilter',
  'ScanFilter',
  'ConditionalOperator',
  'Expected',
  'KeyConditions',
] as const;

const EXPRESSION_PARAMETERS = [
  'UpdateExpression',
  'ConditionExpression',
  'ProjectionExpression',
  'FilterExpression',
  'KeyConditionExpression',
] as const;

/**
 * Rejects a request that mixes legacy and expression parameters (§4.3 row 1), naming both groups
 * as AWS does: `Non-expression parameters: {Expected} Expression parameters: {ConditionExpression}`.
 */
export function checkLegacyAndExpressionMix(request: Readonly<Record<string, unknown>>): void {
  const legacy = NON_EXPRESSION_PARAMETERS.filter((p) => request[p] !== undefined);
  const expressions = EXPRESSION_PARAMETERS.filter((p) => request[p] !== undefined);
  if (legacy.length > 0 && expressions.length > 0) {
    throw validationError(
      `Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {${legacy.join(', ')}} Expression parameters: {${expressions.join(', ')}}`,
    );
  }
}

const ARGUMENT_COUNTS: Record<ComparisonOperator, number | 'many'> = {
  EQ: 1,
  NE: 1,
  LE: 1,
  LT: 1,
  GE: 1,
  GT: 1,
  NOT_NULL: 0,
  NULL: 0,
  CONTAINS: 1,
  NOT_CONTAINS: 1,
  BEGINS_WITH: 1,
  IN: 'many',
  BETWEEN: 2,
};

// Types each operator accepts in AttributeValueList (API reference, "Condition").
const SCALARS: readonly AttributeType[] = ['S', 'N', 'B'];
const ALLOWED_TYPES: Partial<Record<ComparisonOperator, readonly AttributeType[]>> = {
  LE: SCALARS,
  LT: SCALARS,
  GE: SCALARS,
  GT: SCALARS,
  // CONTAINS also takes BOOL and NULL (only sets, lists and maps are refused) [DYN].
  CONTAINS: ['S', 'N', 'B', 'BOOL', 'NULL'],
  NOT_CONTAINS: ['S', 'N', 'B', 'BOOL', 'NULL'],
  BEGINS_WITH: ['S', 'B'],
  IN: SCALARS,
  BETWEEN: SCALARS,
};

function invalid(detail: string): never {
  throw validationError(`${INVALID_PARAMETER_PREFIX}${detail}`);
}

/** Allocates synthetic value references for one legacy parameter. */
class ValueSink {
  readonly values: Record<string, AttributeValue> = {};
  private count = 0;

  constructor(private readonly prefix: string) {}

  add(value: AttributeValue): ConditionOperand & { kind: 'value' } {
    const ref = `:${this.prefix}${this.count++}`;
    this.values[ref] = value;
    return { kind: 'value', ref };
  }
}

function validateList(
  operator: ComparisonOperator,
  list: readonly unknown[] | undefined,
): AttributeValue[] {
  const values = (list ?? []).map((v) => validateAttributeValue(v));
  const expected = ARGUMENT_COUNTS[operator];
  if (expected === undefined) {
    invalid(`Unsupported ComparisonOperator: ${String(operator)}`);
  }
  if (expected === 'many' ? values.length === 0 : values.length !== expected) {
    invalid(`Invalid number of argument(s) for the ${operator} ComparisonOperator`);
  }
  const allowed = ALLOWED_TYPES[operator];
  for (const value of values) {
    const type = typeOf(value);
    if (allowed !== undefined && !allowed.includes(type)) {
      invalid(`ComparisonOperator ${operator} is not valid for ${type} AttributeValue type`);
    }
  }
  if ((operator === 'IN' || operator === 'BETWEEN') && new Set(values.map(typeOf)).size > 1) {
    invalid('AttributeValues inside AttributeValueList must be of same type');
  }
  if (operator === 'BETWEEN' && (compareScalars(values[0]!, values[1]!) ?? 0) > 0) {
    throw validationError(
      'The BETWEEN condition was provided a range where the lower bound is greater than the upper bound',
    );
  }
  return values;
}

function conditionFor(
  name: string,
  operator: ComparisonOperator,
  list: AttributeValue[],
  sink: ValueSink,
): Condition {
  const path: ConditionOperand = { kind: 'path', path: [{ name }] };
  const refs = list.map((v) => sink.add(v));
  const [first, second] = refs;
  switch (operator) {
    case 'EQ':
      return { kind: 'compare', op: '=', left: path, right: first! };
    case 'NE':
      return { kind: 'compare', op: '<>', left: path, right: first! };
    case 'LE':
      return { kind: 'compare', op: '<=', left: path, right: first! };
    case 'LT':
      return { kind: 'compare', op: '<', left: path, right: first! };
    case 'GE':
      return { kind: 'compare', op: '>=', left: path, right: first! };
    case 'GT':
      return { kind: 'compare', op: '>', left: path, right: first! };
    case 'NOT_NULL':
      return { kind: 'function', name: 'attribute_exists', args: [path] };
    case 'NULL':
      return { kind: 'function', name: 'attribute_not_exists', args: [path] };
    case 'CONTAINS':
      return { kind: 'function', name: 'contains', args: [path, first!] };
    case 'NOT_CONTAINS':
      return { kind: 'not', operand: { kind: 'function', name: 'contains', args: [path, first!] } };
    case 'BEGINS_WITH':
      return { kind: 'function', name: 'begins_with', args: [path, first!] };
    case 'IN':
      return { kind: 'in', operand: path, list: refs };
    case 'BETWEEN':
      return { kind: 'between', operand: path, low: first!, high: second! };
  }
}

function combine(
  conditions: Condition[],
  operator: ConditionalOperator | undefined,
): Condition | undefined {
  const kind = operator === 'OR' ? 'or' : 'and';
  return conditions.reduce<Condition | undefined>(
    (left, right) => (left === undefined ? right : { kind, left, right }),
    undefined,
  );
}

/**
 * Converts `Expected` (with `ConditionalOperator`) into a condition; undefined when there is no
 * entry. Exists/Value rules and their messages follow §4.11.
 */
export function convertExpected(
  expected: Readonly<Record<string, ExpectedAttributeValue>>,
  conditionalOperator?: ConditionalOperator,
): LegacyConditionResult | undefined {
  const sink = new ValueSink('expected');
  const conditions: Condition[] = [];
  for (const [name, entry] of Object.entries(expected)) {
    if (entry.ComparisonOperator !== undefined) {
      // Message text unverified against the service: it rejects Value/Exists next to an operator.
      if (entry.Value !== undefined || entry.Exists !== undefined) {
        invalid(
          `${entry.Value !== undefined ? 'Value' : 'Exists'} and ComparisonOperator cannot be used together for Attribute: ${name}`,
        );
      }
      const list = validateList(entry.ComparisonOperator, entry.AttributeValueList);
      conditions.push(conditionFor(name, entry.ComparisonOperator, list, sink));
      continue;
    }
    const exists = entry.Exists ?? true;
    if (exists && entry.Value === undefined) {
      invalid(`Value must be provided when Exists is true for Attribute: ${name}`);
    }
    if (!exists && entry.Value !== undefined) {
      invalid(`Value cannot be used when Exists is false for Attribute: ${name}`);
    }
    conditions.push(
      exists
        ? conditionFor(name, 'EQ', [validateAttributeValue(entry.Value)], sink)
        : conditionFor(name, 'NULL', [], sink),
    );
  }
  const condition = combine(conditions, conditionalOperator);
  return condition === undefined ? undefined : { condition, values: sink.values };
}

/** Converts a QueryFilter or ScanFilter (with `ConditionalOperator`) into a condition. */
export function convertFilter(
  filter: Readonly<Record<string, LegacyCondition>>,
  conditionalOperator?: ConditionalOperator,
): LegacyConditionResult | undefined {
  const sink = new ValueSink('filter');
  const conditions = Object.entries(filter).map(([name, entry]) =>
    conditionFor(
      name,
      entry.ComparisonOperator,
      validateList(entry.ComparisonOperator, entry.AttributeValueList),
      sink,
    ),
  );
  const condition = combine(conditions, conditionalOperator);
  return condition === undefined ? undefined : { condition, values: sink.values };
}

const KEY_OPERATORS: Partial<Record<ComparisonOperator, RangeOperator>> = {
  EQ: '=',
  LE: '<=',
  LT: '<',
  GE: '>=',
  GT: '>',
  BEGINS_WITH: 'begins_with',
  BETWEEN: 'BETWEEN',
};

/**
 * Converts legacy `KeyConditions` into the schema-independent key condition a
 * KeyConditionExpression gives; resolveKeyCondition applies the schema (and rejects operators a
 * Query cannot serve, after checking the partition key is there, as AWS does).
 */
export function convertKeyConditions(
  keyConditions: Readonly<Record<string, LegacyCondition>>,
): ParsedKeyCondition {
  const entries = Object.entries(keyConditions);
  if (entries.length === 0 || entries.length > 2) {
    throw validationError('Conditions can be of length 1 or 2 only');
  }
  const terms: KeyConditionTerm[] = entries.map(([name, entry]) => {
    const values = validateList(entry.ComparisonOperator, entry.AttributeValueList);
    const op = KEY_OPERATORS[entry.ComparisonOperator];
    return { name, op: op ?? '=', values, indexable: op !== undefined };
  });
  return checkOneTermPerKey(terms);
}

/**
 * Converts `AttributeUpdates` into an update: PUT → SET, DELETE without a value → REMOVE,
 * ADD → ADD (which, unlike the expression form, also appends lists), DELETE with a value → DELETE.
 */
export function convertAttributeUpdates(
  updates: Readonly<Record<string, AttributeValueUpdate>>,
): LegacyUpdateResult {
  const sink = new ValueSink('update');
  const set: SetAction[] = [];
  const remove: DocumentPath[] = [];
  const add: AddDeleteAction[] = [];
  const del: AddDeleteAction[] = [];
  for (const [name, entry] of Object.entries(updates)) {
    const action = entry.Action ?? 'PUT';
    const path: DocumentPath = [{ name }];
    if (entry.Value === undefined) {
      if (action !== 'DELETE')
        invalid('Only DELETE action is allowed when no attribute value is specified');
      remove.push(path);
      continue;
    }
    const value = validateAttributeValue(entry.Value);
    const type = typeOf(value);
    switch (action) {
      case 'PUT':
        set.push({ path, value: sink.add(value) });
        break;
      case 'ADD':
        if (!['N', 'SS', 'NS', 'BS', 'L'].includes(type)) {
          invalid(`ADD action is not supported for the type ${type}`);
        }
        add.push({ path, value: sink.add(value) });
        break;
      case 'DELETE':
        // Service text unverified; DynamoDB rejects DELETE with a non-set value.
        if (!['SS', 'NS', 'BS'].includes(type)) {
          invalid(`DELETE action with value is not supported for the type ${type}`);
        }
        del.push({ path, value: sink.add(value) });
        break;
    }
  }
  return { update: { set, remove, add, delete: del, legacy: true }, values: sink.values };
}

/** Converts `AttributesToGet` into projection paths, rejecting duplicate names. */
export function convertAttributesToGet(names: readonly string[]): DocumentPath[] {
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) invalid(`Duplicate value in attribute name: ${name}`);
    seen.add(name);
  }
  return names.map((name) => [{ name }]);
}
