import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError } from '../../../core/errors.js';
import { createExpressionAttributes } from './attribute-names-values.js';
import { parseConditionExpression } from './condition-expression.js';
import type { KeySchema } from './key-condition.js';
import {
  checkFilterHasNoKeyAttributes,
  checkNoNestedKeyPaths,
  checkUpdateDoesNotTouchKey,
  parseKeyConditionExpression,
  rangeConditionMatches,
  resolveKeyCondition,
} from './key-condition.js';

const SCHEMA: KeySchema = { hash: { name: 'pk', type: 'S' }, range: { name: 'sk', type: 'N' } };
const STRING_RANGE: KeySchema = {
  hash: { name: 'pk', type: 'S' },
  range: { name: 'sk', type: 'S' },
};
const HASH_ONLY: KeySchema = { hash: { name: 'pk', type: 'S' } };
const VALUES = {
  ':p': { S: 'user' },
  ':n1': { N: '1' },
  ':n2': { N: '2' },
  ':s': { S: 'pre' },
  ':t': { S: 'z' },
};

function analyze(text: string, schema: KeySchema = SCHEMA) {
  const parsed = parseKeyConditionExpression(
    text,
    createExpressionAttributes({ '#p': 'pk' }, VALUES),
  );
  return resolveKeyCondition(parsed, schema);
}

function rejects(text: string, message: string, schema: KeySchema = SCHEMA): void {
  assert.throws(
    () => analyze(text, schema),
    (e: unknown) =>
      e instanceof AwsError && e.code === 'ValidationException' && e.message === message,
    `${text} → ${message}`,
  );
}

test('partition key alone, and with each sort-key operator, in either order', () => {
  assert.deepEqual(analyze('pk = :p'), { hash: { name: 'pk', value: { S: 'user' } } });
  assert.deepEqual(analyze('#p = :p AND sk < :n2'), {
    hash: { name: 'pk', value: { S: 'user' } },
    range: { name: 'sk', op: '<', values: [{ N: '2' }] },
  });
  assert.deepEqual(analyze('(sk BETWEEN :n1 AND :n2) AND (:p = pk)').range, {
    name: 'sk',
    op: 'BETWEEN',
    values: [{ N: '1' }, { N: '2' }],
  });
  assert.equal(analyze('pk = :p and :n1 < sk').range?.op, '>');
  assert.equal(analyze('pk = :p AND sk >= :n1').range?.op, '>=');
  assert.equal(analyze('pk = :p AND begins_with(sk, :s)', STRING_RANGE).range?.op, 'begins_with');
});

test('schema-independent checks need no table; the schema is applied afterwards', () => {
  const parsed = parseKeyConditionExpression(
    'sk > :n1 AND #p = :p',
    createExpressionAttributes({ '#p': 'pk' }, VALUES),
  );
  assert.deepEqual(
    parsed.terms.map((t) => `${t.name} ${t.op}`),
    ['sk >', 'pk ='],
  );
  assert.deepEqual(resolveKeyCondition(parsed, SCHEMA).range, {
    name: 'sk',
    op: '>',
    values: [{ N: '1' }],
  });
});

test('wrong key conditions get AWS messages', () => {
  rejects('sk = :n1', 'Query condition missed key schema element: pk');
  rejects('foo = :p', 'Query condition missed key schema element: pk');
  rejects('pk = :p AND foo = :n1', 'Query condition missed key schema element: sk');
  rejects('pk = :p AND foo = :n1', 'Query key condition not supported', HASH_ONLY);
  rejects('pk = :p AND sk = :n1', 'Query key condition not supported', HASH_ONLY);
  rejects('pk > :p', 'Query key condition not supported');
  rejects('begins_with(pk, :s)', 'Query key condition not supported');
  rejects('pk = :p OR sk = :n1', 'Invalid operator used in KeyConditionExpression: OR');
  rejects('pk = :p or sk = :n1', 'Invalid operator used in KeyConditionExpression: or');
  rejects('NOT pk = :p', 'Invalid operator used in KeyConditionExpression: NOT');
  rejects('pk <> :p', 'Invalid operator used in KeyConditionExpression: <>');
  rejects('pk IN (:p)', 'Invalid operator used in KeyConditionExpression: IN');
  rejects('pk in (:p)', 'Invalid operator used in KeyConditionExpression: in');
  rejects(
    'pk = :p AND attribute_exists(sk)',
    'Invalid operator used in KeyConditionExpression: attribute_exists',
  );
  rejects(
    'pk = :p AND contains(sk, :n1)',
    'Invalid operator used in KeyConditionExpression: contains',
  );
  rejects('pk = :p AND size(sk) = :n1', 'KeyConditionExpressions cannot contain nested operations');
  rejects('pk = :p AND pk = :p', 'KeyConditionExpressions must only contain one condition per key');
  rejects('pk.a = :p', 'KeyConditionExpressions cannot have conditions on nested attributes');
  rejects(
    'b.d > :p AND c.d > :p',
    'KeyConditionExpressions cannot have conditions on nested attributes',
  );
  rejects(
    'b > a.b',
    'Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition',
  );
  rejects(
    'begins_with(a, b)',
    'Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition',
  );
  rejects(
    'a BETWEEN b AND size(a)',
    'Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition',
  );
  rejects(
    'a BETWEEN size(b) AND size(a)',
    'KeyConditionExpressions cannot contain nested operations',
  );
  rejects(
    ':p BETWEEN size(b) AND size(a) AND b > :p',
    'Invalid condition in KeyConditionExpression: BETWEEN operator must have the key attribute as its first operand',
  );
  rejects(
    'begins_with(:s, b) AND a > :p',
    'Invalid condition in KeyConditionExpression: begins_with operator must have the key attribute as its first operand',
  );
  rejects(
    ':p > :p AND a < :p',
    'Invalid condition in KeyConditionExpression: No key attribute specified',
  );
  rejects(
    'b > :n1 AND b < :n1 AND c = :n1 AND d = :n1',
    'KeyConditionExpressions must only contain one condition per key',
  );
  rejects('a > :p AND size(b) > c OR a > c', 'Invalid operator used in KeyConditionExpression: OR');
  rejects('a IN (b, size(c), d)', 'Invalid operator used in KeyConditionExpression: IN');
  rejects(
    'attribute_type(a, :s)',
    'Invalid KeyConditionExpression: Invalid attribute type name found; type: pre, valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}',
  );
  rejects(
    'pk = sk',
    'Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition',
  );
  rejects(':p = :p', 'Invalid condition in KeyConditionExpression: No key attribute specified');
  rejects(
    'pk = :p AND :n1 BETWEEN sk AND :n2',
    'Invalid condition in KeyConditionExpression: BETWEEN operator must have the key attribute as its first operand',
  );
  rejects(
    'pk = :n1',
    'One or more parameter values were invalid: Condition parameter type does not match schema type',
  );
  rejects(
    'pk = :p AND sk = :s',
    'One or more parameter values were invalid: Condition parameter type does not match schema type',
  );
  rejects(
    'pk = :p AND begins_with(sk, :s)',
    'Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N',
  );
  rejects(
    'pk = :p AND sk BETWEEN :n2 AND :n1',
    'Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {N:2}, upper bound operand: AttributeValue: {N:1}',
  );
  rejects('pk = ', 'Invalid KeyConditionExpression: Syntax error; token: "<EOF>", near: "= "');
});

test('rangeConditionMatches applies each operator with DynamoDB ordering', () => {
  const m = (
    op: '=' | '<' | '<=' | '>' | '>=' | 'BETWEEN' | 'begins_with',
    values: { N?: string; S?: string }[],
    v: { N?: string; S?: string },
  ) => rangeConditionMatches({ name: 'sk', op, values: values as never }, v as never);
  assert.ok(m('=', [{ N: '1' }], { N: '1.0' }));
  assert.ok(m('<', [{ N: '10' }], { N: '9' }));
  assert.ok(!m('<', [{ N: '10' }], { N: '10' }));
  assert.ok(m('<=', [{ N: '10' }], { N: '10' }));
  assert.ok(m('>', [{ S: 'a' }], { S: 'é' }));
  assert.ok(m('>=', [{ S: 'b' }], { S: 'b' }));
  assert.ok(m('BETWEEN', [{ N: '1' }, { N: '3' }], { N: '3' }));
  assert.ok(!m('BETWEEN', [{ N: '1' }, { N: '3' }], { N: '3.1' }));
  assert.ok(m('begins_with', [{ S: 'pre' }], { S: 'prefix' }));
  assert.ok(!m('begins_with', [{ S: 'pre' }], { S: 'pr' }));
  assert.ok(!m('=', [{ N: '1' }], { S: '1' }));
});

test('Query filters may not read key attributes; nested key paths and key updates are rejected', () => {
  const attrs = createExpressionAttributes(undefined, VALUES);
  const filter = parseConditionExpression('a = :p AND sk > :n1', 'FilterExpression', attrs);
  assert.throws(
    () => checkFilterHasNoKeyAttributes(filter, ['pk', 'sk']),
    (e: unknown) =>
      e instanceof AwsError &&
      e.message ===
        'Filter Expression can only contain non-primary key attributes: Primary key attribute: sk',
  );
  assert.doesNotThrow(() => checkFilterHasNoKeyAttributes(filter, ['pk']));
  assert.throws(
    () => checkNoNestedKeyPaths([[{ name: 'pk' }, { name: 'a' }]], ['pk']),
    (e: unknown) =>
      e instanceof AwsError &&
      e.message ===
        "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: Key: pk",
  );
  assert.throws(
    () => checkNoNestedKeyPaths([[{ name: 'g' }, { index: 0 }]], ['pk'], ['g']),
    (e: unknown) =>
      e instanceof AwsError &&
      e.message ===
        "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: IndexKey: g",
  );
  assert.throws(
    () => checkUpdateDoesNotTouchKey([[{ name: 'a' }], [{ name: 'pk' }]], ['pk', 'sk']),
    (e: unknown) =>
      e instanceof AwsError &&
      e.message ===
        'One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key',
  );
});
