import type { AttributeValue } from '../values/attribute-value.js';
import { binaryBytes, typeOf } from '../values/attribute-value.js';
import { compareScalars } from '../values/compare.js';
import { INVALID_PARAMETER_PREFIX, validationError } from '../values/validation-error.js';
import type { Comparator, Condition, ConditionOperand, DocumentPath } from './ast.js';
import type { ExpressionAttributes } from './attribute-names-values.js';
import { checkExpressionText } from './attribute-names-values.js';
import { conditionPaths, resolveCondition } from './condition-expression.js';
import type { RawCondition } from './parser.js';
import { parseConditionSyntax } from './parser.js';
import { parseOrThrow } from './semantic-checker.js';

/** Scalar type of a key attribute. */
export type KeyAttributeType = 'S' | 'N' | 'B';

/** The key schema a Query runs against (the table's or an index's). */
export interface KeySchema {
  readonly hash: { readonly name: string; readonly type: KeyAttributeType };
  readonly range?: { readonly name: string; readonly type: KeyAttributeType };
}

export type RangeOperator = '=' | '<' | '<=' | '>' | '>=' | 'BETWEEN' | 'begins_with';

/** One condition on one attribute; `values` has two entries for BETWEEN, one otherwise. */
export interface KeyConditionTerm {
  readonly name: string;
  readonly op: RangeOperator;
  readonly values: readonly AttributeValue[];
  /** False for a legacy KeyConditions operator a Query cannot serve (NE, IN, NULL…). */
  readonly indexable: boolean;
}

/**
 * A key condition checked without the key schema — what can be rejected before the table is
 * looked up (§5.1 step 4). resolveKeyCondition applies the schema afterwards.
 */
export interface ParsedKeyCondition {
  readonly terms: readonly KeyConditionTerm[];
}

/** A condition on the sort key. */
export interface RangeKeyCondition {
  readonly name: string;
  readonly op: RangeOperator;
  readonly values: readonly AttributeValue[];
}

/** What a Query reads: one partition, optionally narrowed by a sort-key condition. */
export interface KeyCondition {
  readonly hash: { readonly name: string; readonly value: AttributeValue };
  readonly range?: RangeKeyCondition;
}

const MIRRORED: Record<Comparator, Comparator> = {
  '=': '=',
  '<>': '<>',
  '<': '>',
  '<=': '>=',
  '>': '<',
  '>=': '<=',
};

function invalidCondition(detail: string): never {
  throw validationError(`Invalid condition in KeyConditionExpression: ${detail}`);
}

// Operators a key condition may not use, reported with the token as written.
function checkKeyOperators(raw: RawCondition): void {
  switch (raw.kind) {
    case 'or':
    case 'not':
      throw validationError(`Invalid operator used in KeyConditionExpression: ${raw.keyword}`);
    case 'and':
      checkKeyOperators(raw.left);
      checkKeyOperators(raw.right);
      return;
    case 'in':
      throw validationError(`Invalid operator used in KeyConditionExpression: ${raw.keyword}`);
    case 'compare':
      if (raw.op === '<>') {
        throw validationError('Invalid operator used in KeyConditionExpression: <>');
      }
      return;
    case 'between':
      return;
    case 'call':
      if (raw.call.name !== 'begins_with') {
        throw validationError(`Invalid operator used in KeyConditionExpression: ${raw.call.name}`);
      }
      return;
  }
}

function flatten(condition: Condition, out: Condition[]): Condition[] {
  if (condition.kind === 'and') {
    flatten(condition.left, out);
    flatten(condition.right, out);
  } else {
    out.push(condition);
  }
  return out;
}

// Operands are checked in order, as AWS does: `b > a.b` is about two names, `b.d > a` about nesting.
function toTerm(
  condition: Condition,
  values: Readonly<Record<string, AttributeValue>>,
): KeyConditionTerm {
  let operands: readonly ConditionOperand[];
  let op: RangeOperator;
  switch (condition.kind) {
    case 'compare':
      operands = [condition.left, condition.right];
      op = condition.op as RangeOperator;
      break;
    case 'between':
      if (condition.operand.kind !== 'path') {
        invalidCondition('BETWEEN operator must have the key attribute as its first operand');
      }
      operands = [condition.operand, condition.low, condition.high];
      op = 'BETWEEN';
      break;
    case 'function':
      if (condition.args[0]?.kind !== 'path') {
        invalidCondition('begins_with operator must have the key attribute as its first operand');
      }
      operands = condition.args;
      op = 'begins_with';
      break;
    default:
      throw validationError('Query key condition not supported');
  }
  let key: { path: DocumentPath; position: number } | undefined;
  const termValues: AttributeValue[] = [];
  operands.forEach((operand, position) => {
    if (operand.kind === 'size') {
      throw validationError('KeyConditionExpressions cannot contain nested operations');
    }
    if (operand.kind === 'value') {
      termValues.push(values[operand.ref]!);
      return;
    }
    if (key !== undefined) invalidCondition('Multiple attribute names used in one condition');
    if (operand.path.length > 1) {
      throw validationError('KeyConditionExpressions cannot have conditions on nested attributes');
    }
    key = { path: operand.path, position };
  });
  if (key === undefined) invalidCondition('No key attribute specified');
  const first = key.path[0]!;
  // `:v < sk` is `sk > :v`.
  if (condition.kind === 'compare' && key.position === 1)
    op = MIRRORED[condition.op] as RangeOperator;
  return { name: 'name' in first ? first.name : '', op, values: termValues, indexable: true };
}

/**
 * Checks the shape of a (parsed, resolved) key condition without the schema: each condition names
 * one top-level attribute against values, at most one condition per attribute (§4.5).
 */
export function analyzeKeyCondition(
  condition: Condition,
  values: Readonly<Record<string, AttributeValue>>,
): ParsedKeyCondition {
  return checkOneTermPerKey(flatten(condition, []).map((c) => toTerm(c, values)));
}

/** Rejects two conditions on one attribute. */
export function checkOneTermPerKey(terms: KeyConditionTerm[]): ParsedKeyCondition {
  const names = new Set<string>();
  for (const term of terms) {
    if (names.has(term.name)) {
      throw validationError('KeyConditionExpressions must only contain one condition per key');
    }
    names.add(term.name);
  }
  return { terms };
}

/**
 * Applies a key schema to a checked key condition: the partition key needs `=`, the sort key one
 * supported operator, values must match the key types (§4.5 messages).
 */
export function resolveKeyCondition(parsed: ParsedKeyCondition, schema: KeySchema): KeyCondition {
  const hash = parsed.terms.find((t) => t.name === schema.hash.name);
  if (hash === undefined) {
    throw validationError(`Query condition missed key schema element: ${schema.hash.name}`);
  }
  if (parsed.terms.some((t) => !t.indexable)) {
    throw validationError('Attempted conditional constraint is not an indexable operation');
  }
  const range =
    schema.range === undefined
      ? undefined
      : parsed.terms.find((t) => t.name === schema.range?.name);
  const others = parsed.terms.filter((t) => t !== hash && t !== range);
  if (others.length > 0) {
    if (schema.range !== undefined && range === undefined) {
      throw validationError(`Query condition missed key schema element: ${schema.range.name}`);
    }
    throw validationError('Query key condition not supported');
  }
  if (hash.op !== '=') throw validationError('Query key condition not supported');
  checkValueTypes(hash, schema.hash.type);
  const hashValue = { name: schema.hash.name, value: hash.values[0]! };
  if (range === undefined || schema.range === undefined) return { hash: hashValue };
  if (range.op === 'begins_with' && schema.range.type === 'N') {
    throw validationError(
      'Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N',
    );
  }
  checkValueTypes(range, schema.range.type);
  return { hash: hashValue, range: { name: range.name, op: range.op, values: range.values } };
}

function checkValueTypes(term: KeyConditionTerm, type: KeyAttributeType): void {
  if (term.values.some((v) => typeOf(v) !== type)) {
    throw validationError(
      `${INVALID_PARAMETER_PREFIX}Condition parameter type does not match schema type`,
    );
  }
}

/**
 * Parses a KeyConditionExpression and checks everything that does not need the key schema,
 * marking the names and values it uses in `attributes`. Pass the result to resolveKeyCondition
 * once the table (or index) is known.
 */
export function parseKeyConditionExpression(
  text: string,
  attributes: ExpressionAttributes,
): ParsedKeyCondition {
  checkExpressionText(text, 'KeyConditionExpression');
  const raw = parseOrThrow('KeyConditionExpression', () => parseConditionSyntax(text));
  const condition = resolveCondition(raw, 'KeyConditionExpression', attributes, {
    keyCondition: true,
  });
  checkKeyOperators(raw);
  return analyzeKeyCondition(condition, attributes.values);
}

/** True when a sort-key value satisfies a range condition (same type required). */
export function rangeConditionMatches(range: RangeKeyCondition, value: AttributeValue): boolean {
  const [first, second] = range.values;
  if (first === undefined) return false;
  if (range.op === 'begins_with') {
    if ('S' in value && 'S' in first) return value.S.startsWith(first.S);
    if ('B' in value && 'B' in first) {
      const bytes = binaryBytes(value.B);
      const prefix = binaryBytes(first.B);
      return prefix.length <= bytes.length && bytes.subarray(0, prefix.length).equals(prefix);
    }
    return false;
  }
  const order = compareScalars(value, first);
  if (order === undefined) return false;
  switch (range.op) {
    case '=':
      return order === 0;
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
    case '>':
      return order > 0;
    case '>=':
      return order >= 0;
    case 'BETWEEN': {
      const upper = second === undefined ? undefined : compareScalars(value, second);
      return order >= 0 && upper !== undefined && upper <= 0;
    }
  }
}

/**
 * Rejects a Query FilterExpression (or legacy QueryFilter) that reads a key attribute of the
 * table or index queried.
 */
export function checkFilterHasNoKeyAttributes(
  condition: Condition,
  keyNames: readonly string[],
  parameter: 'FilterExpression' | 'QueryFilter' = 'FilterExpression',
): void {
  for (const path of conditionPaths(condition)) {
    const first = path[0];
    if (first !== undefined && 'name' in first && keyNames.includes(first.name)) {
      throw validationError(
        parameter === 'FilterExpression'
          ? `Filter Expression can only contain non-primary key attributes: Primary key attribute: ${first.name}`
          : `QueryFilter can only contain non-primary key attributes: Primary key attribute: ${first.name}`,
      );
    }
  }
}

/**
 * Rejects nested paths into key attributes (`pk.a`, `pk[0]`) in projections, filters and
 * updates: `Key attributes must be scalars; …`.
 */
export function checkNoNestedKeyPaths(
  paths: readonly DocumentPath[],
  keyNames: readonly string[],
  indexKeyNames: readonly string[] = [],
): void {
  for (const path of paths) {
    const first = path[0];
    if (path.length < 2 || first === undefined || !('name' in first)) continue;
    const label = keyNames.includes(first.name)
      ? 'Key'
      : indexKeyNames.includes(first.name)
        ? 'IndexKey'
        : undefined;
    if (label !== undefined) {
      throw validationError(
        `Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: ${label}: ${first.name}`,
      );
    }
  }
}

/** Rejects an update whose target paths touch a key attribute of the table. */
export function checkUpdateDoesNotTouchKey(
  targets: readonly DocumentPath[],
  keyNames: readonly string[],
): void {
  for (const path of targets) {
    const first = path[0];
    if (first !== undefined && 'name' in first && keyNames.includes(first.name)) {
      throw validationError(
        `${INVALID_PARAMETER_PREFIX}Cannot update attribute ${first.name}. This attribute is part of the key`,
      );
    }
  }
}
