import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError } from '../../../core/errors.js';
import type { AttributeMap } from '../values/attribute-value.js';
import { applyUpdate } from './apply-update.js';
import { createExpressionAttributes } from './attribute-names-values.js';
import { parseUpdateExpression } from './update-expression.js';

const VALUES = {
  ':s': { S: 'x' },
  ':n': { N: '1.5' },
  ':one': { N: '1' },
  ':big': { N: '9.9999999999999999999999999999999999999E+125' },
  ':l': { L: [{ S: 'new' }] },
  ':empty': { L: [] },
  ':ss': { SS: ['a', 'c'] },
  ':ns': { NS: ['2'] },
  ':bs': { BS: ['AQ=='] },
};

function run(expression: string, item: AttributeMap, names?: Record<string, string>): AttributeMap {
  const attrs = createExpressionAttributes(names, VALUES);
  return applyUpdate(parseUpdateExpression(expression, attrs), item, attrs.values);
}

function rejects(expression: string, item: AttributeMap, message: string): void {
  assert.throws(
    () => run(expression, item),
    (error: unknown) =>
      error instanceof AwsError &&
      error.code === 'ValidationException' &&
      error.message === message,
    `${expression} → ${message}`,
  );
}

const BASE: AttributeMap = {
  pk: { S: 'k' },
  n: { N: '10' },
  s: { S: 'str' },
  l: { L: [{ S: 'a' }, { S: 'b' }, { S: 'c' }] },
  m: { M: { k: { S: 'v' }, nest: { M: {} } } },
  ss: { SS: ['a', 'b'] },
  ns: { NS: ['1', '2'] },
};

test('SET creates, replaces and works through nested maps and lists', () => {
  assert.deepEqual(run('SET a = :s', {}), { a: { S: 'x' } });
  assert.deepEqual(run('SET s = :s', BASE).s, { S: 'x' });
  assert.deepEqual(run('SET m.k2 = :s', BASE).m, {
    M: { k: { S: 'v' }, nest: { M: {} }, k2: { S: 'x' } },
  });
  assert.deepEqual(run('SET m.nest.z = :s', BASE).m, {
    M: { k: { S: 'v' }, nest: { M: { z: { S: 'x' } } } },
  });
  assert.deepEqual(run('SET l[1] = :s', BASE).l, { L: [{ S: 'a' }, { S: 'x' }, { S: 'c' }] });
  assert.deepEqual(run('SET #a = :s', {}, { '#a': 'a.b' }), { 'a.b': { S: 'x' } });
});

test('SET past the end of a list appends without padding', () => {
  assert.deepEqual(run('SET l[10] = :s', BASE).l, {
    L: [{ S: 'a' }, { S: 'b' }, { S: 'c' }, { S: 'x' }],
  });
});

test('arithmetic, if_not_exists and list_append', () => {
  assert.deepEqual(run('SET n = n + :n', BASE).n, { N: '11.5' });
  assert.deepEqual(run('SET n = n - :n', BASE).n, { N: '8.5' });
  assert.deepEqual(run('SET c = if_not_exists(c, :one) + :one', BASE).c, { N: '2' });
  assert.deepEqual(run('SET n = if_not_exists(n, :one)', BASE).n, { N: '10' });
  assert.deepEqual(run('SET l = list_append(l, :l)', BASE).l, {
    L: [{ S: 'a' }, { S: 'b' }, { S: 'c' }, { S: 'new' }],
  });
  assert.deepEqual(run('SET l = list_append(:l, l)', BASE).l, {
    L: [{ S: 'new' }, { S: 'a' }, { S: 'b' }, { S: 'c' }],
  });
  assert.deepEqual(run('SET x = list_append(if_not_exists(x, :empty), :l)', BASE).x, {
    L: [{ S: 'new' }],
  });
});

test('right-hand sides read the old item', () => {
  const result = run('SET a = n, n = :one', BASE);
  assert.deepEqual(result.a, { N: '10' });
  assert.deepEqual(result.n, { N: '1' });
});

test('REMOVE deletes attributes, map keys and list elements by original index; missing is a no-op', () => {
  const result = run('REMOVE s, m.k, l[0], l[1], nope, m.nope, l[9]', BASE);
  assert.equal(result.s, undefined);
  assert.deepEqual(result.m, { M: { nest: { M: {} } } });
  assert.deepEqual(result.l, { L: [{ S: 'c' }] });
  assert.deepEqual(run('REMOVE a', {}), {});
});

test('ADD adds numbers (missing counts as 0) and unions sets', () => {
  assert.deepEqual(run('ADD n :n', BASE).n, { N: '11.5' });
  assert.deepEqual(run('ADD c :n', BASE).c, { N: '1.5' });
  assert.deepEqual(run('ADD ss :ss', BASE).ss, { SS: ['a', 'b', 'c'] });
  assert.deepEqual(run('ADD ns :ns', BASE).ns, { NS: ['1', '2'] });
  assert.deepEqual(run('ADD newset :bs', BASE).newset, { BS: ['AQ=='] });
  assert.deepEqual(run('ADD m.tally :one', BASE).m, {
    M: { k: { S: 'v' }, nest: { M: {} }, tally: { N: '1' } },
  });
});

test('DELETE removes set elements and the attribute when the set becomes empty', () => {
  assert.deepEqual(run('DELETE ss :ss', BASE).ss, { SS: ['b'] });
  assert.equal(run('DELETE ns :ns', { ns: { NS: ['2'] } }).ns, undefined);
  assert.deepEqual(run('DELETE nope :ss', BASE), BASE);
});

test('the input item is not modified', () => {
  const copy = structuredClone(BASE);
  run('SET m.k = :s, l[0] = :s ADD ss :ss REMOVE s', BASE);
  assert.deepEqual(BASE, copy);
});

test('run-time errors carry AWS messages', () => {
  rejects(
    'SET a = b + :one',
    BASE,
    'The provided expression refers to an attribute that does not exist in the item',
  );
  rejects(
    'SET a = nope',
    BASE,
    'The provided expression refers to an attribute that does not exist in the item',
  );
  rejects(
    'SET a = list_append(nope, :l)',
    BASE,
    'The provided expression refers to an attribute that does not exist in the item',
  );
  rejects(
    'SET a = s + :one',
    BASE,
    'An operand in the update expression has an incorrect data type',
  );
  rejects(
    'SET a = list_append(s, :l)',
    BASE,
    'An operand in the update expression has an incorrect data type',
  );
  rejects('ADD s :one', BASE, 'An operand in the update expression has an incorrect data type');
  rejects('ADD ss :ns', BASE, 'An operand in the update expression has an incorrect data type');
  rejects('DELETE s :ss', BASE, 'An operand in the update expression has an incorrect data type');
  rejects(
    'SET nope.x = :s',
    BASE,
    'The document path provided in the update expression is invalid for update',
  );
  rejects(
    'SET m[0] = :s',
    BASE,
    'The document path provided in the update expression is invalid for update',
  );
  rejects(
    'SET s[0] = :s',
    BASE,
    'The document path provided in the update expression is invalid for update',
  );
  rejects(
    'SET l.x = :s',
    BASE,
    'The document path provided in the update expression is invalid for update',
  );
  rejects(
    'ADD nope.x :one',
    BASE,
    'The document path provided in the update expression is invalid for update',
  );
  rejects(
    'SET n = n + :big',
    { n: { N: '1E+125' } },
    'Number overflow. Attempting to store a number with magnitude larger than supported range',
  );
});
