import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AttributeMap } from '../values/attribute-value.js';
import { createExpressionAttributes } from './attribute-names-values.js';
import { parseConditionExpression } from './condition-expression.js';
import { evaluateCondition } from './evaluate-condition.js';

const ITEM: AttributeMap = {
  s: { S: 'hello' },
  e: { S: '' },
  n: { N: '10' },
  b: { B: Buffer.from([1, 2, 3]).toString('base64') },
  t: { BOOL: true },
  z: { NULL: true },
  ss: { SS: ['a', 'b'] },
  ns: { NS: ['1', '2.5'] },
  bs: { BS: [Buffer.from([9]).toString('base64')] },
  l: { L: [{ S: 'x' }, { N: '1' }, { M: { k: { S: 'v' } } }] },
  m: { M: { k: { S: 'v' }, deep: { L: [{ N: '7' }] } } },
  emoji: { S: 'é😀' },
};

const VALUES = {
  ':hello': { S: 'hello' },
  ':he': { S: 'he' },
  ':ll': { S: 'll' },
  ':empty': { S: '' },
  ':a': { S: 'a' },
  ':x': { S: 'x' },
  ':v': { S: 'v' },
  ':zz': { S: 'zz' },
  ':n10': { N: '10.0' },
  ':n5': { N: '5' },
  ':n1': { N: '1' },
  ':n2': { N: '2' },
  ':n3': { N: '3' },
  ':n7': { N: '7' },
  ':n20': { N: '20' },
  ':n25': { N: '2.5' },
  ':s10': { S: '10' },
  ':b12': { B: Buffer.from([1, 2]).toString('base64') },
  ':b2': { B: Buffer.from([2]).toString('base64') },
  ':b9': { B: Buffer.from([9]).toString('base64') },
  ':true': { BOOL: true },
  ':null': { NULL: true },
  ':ssab': { SS: ['b', 'a'] },
  ':mk': { M: { k: { S: 'v' } } },
  ':tS': { S: 'S' },
  ':tSS': { S: 'SS' },
  ':tNULL': { S: 'NULL' },
  ':tM': { S: 'M' },
  ':tN': { S: 'N' },
};

function check(expression: string, expected: boolean): void {
  const attrs = createExpressionAttributes({ '#n': 'n', '#dot': 'a.b' }, VALUES);
  const condition = parseConditionExpression(expression, 'FilterExpression', attrs);
  assert.equal(evaluateCondition(condition, ITEM, attrs.values), expected, expression);
}

test('comparators on each type, with DynamoDB typing rules', () => {
  const cases: [string, boolean][] = [
    ['s = :hello', true],
    ['s <> :hello', false],
    ['n = :n10', true],
    ['#n = :n10', true],
    ['n = :s10', false],
    ['n <> :s10', true],
    ['absent = :hello', false],
    ['absent <> :hello', true],
    ['n < :n20', true],
    ['n <= :n10', true],
    ['n > :n5', true],
    ['n >= :n20', false],
    ['s < :zz', true],
    ['s > :zz', false],
    ['b > :b12', true],
    ['b < :b2', true],
    ['s < :n20', false],
    ['NOT s < :n20', true],
    ['absent < :n20', false],
    ['t = :true', true],
    ['z = :null', true],
    ['ss = :ssab', true],
    ['l[2] = :mk', true],
    ['m.k = :v', true],
    ['m.deep[0] = :n7', true],
    ['m.deep[1] = :n7', false],
    ['s.k = :v', false],
    ['l[9] = :x', false],
    ['l[0] = :x', true],
    [':n1 < n', true],
    ['s = s2', false],
  ];
  for (const [text, expected] of cases) check(text, expected);
});

test('BETWEEN is inclusive and false on type mismatch or absent attribute', () => {
  check('n BETWEEN :n5 AND :n20', true);
  check('n BETWEEN :n10 AND :n20', true);
  check('n BETWEEN :n1 AND :n5', false);
  check('s BETWEEN :a AND :zz', true);
  check('s BETWEEN :n1 AND :n20', false);
  check('absent BETWEEN :n1 AND :n20', false);
});

test('IN matches any listed value and is false for a absent attribute', () => {
  check('n IN (:n1, :n10)', true);
  check('n IN (:n1, :n2)', false);
  check('s IN (:x, :hello)', true);
  check('absent IN (:x, :hello)', false);
});

test('attribute_exists / attribute_not_exists / attribute_type', () => {
  check('attribute_exists(z)', true);
  check('attribute_exists(e)', true);
  check('attribute_exists(absent)', false);
  check('attribute_exists(m.k)', true);
  check('attribute_exists(l[5])', false);
  check('attribute_not_exists(absent)', true);
  check('attribute_not_exists(s)', false);
  check('attribute_type(s, :tS)', true);
  check('attribute_type(ss, :tSS)', true);
  check('attribute_type(z, :tNULL)', true);
  check('attribute_type(m, :tM)', true);
  check('attribute_type(s, :tN)', false);
  check('attribute_type(absent, :tS)', false);
});

test('begins_with on strings and binary only', () => {
  check('begins_with(s, :he)', true);
  check('begins_with(s, :ll)', false);
  check('begins_with(s, :empty)', true);
  check('begins_with(b, :b12)', true);
  check('begins_with(b, :b2)', false);
  check('begins_with(ss, :a)', false);
  check('begins_with(absent, :a)', false);
});

test('contains on strings, binary, sets and lists', () => {
  check('contains(s, :ll)', true);
  check('contains(s, :zz)', false);
  check('contains(b, :b2)', true);
  check('contains(ss, :a)', true);
  check('contains(ss, :x)', false);
  check('contains(ns, :n25)', true);
  check('contains(ns, :n3)', false);
  check('contains(bs, :b9)', true);
  check('contains(l, :x)', true);
  check('contains(l, :n1)', true);
  check('contains(l, :mk)', true);
  check('contains(l, :v)', false);
  check('contains(m, :v)', false);
  check('contains(n, :n1)', false);
  check('contains(absent, :a)', false);
});

test('size() of each type; number, boolean, null and absent make the comparison false', () => {
  check('size(s) = :n5', true);
  check('size(e) < :n1', true);
  check('size(b) = :n3', true);
  check('size(ss) = :n2', true);
  check('size(ns) = :n2', true);
  check('size(l) = :n3', true);
  check('size(m) = :n2', true);
  check('size(emoji) = :n3', true);
  check('size(n) = :n2', false);
  check('size(n) <> :n2', true);
  check('size(t) >= :n1', false);
  check('size(z) >= :n1', false);
  check('size(absent) >= :n1', false);
});

test('AND, OR, NOT with precedence', () => {
  check('s = :x OR n = :n10 AND t = :true', true);
  check('(s = :x OR n = :n10) AND t = :null', false);
  check('NOT s = :x AND NOT n = :n1', true);
  check('NOT (s = :hello OR n = :n1)', false);
});

test('an absent item behaves as an item with no attributes', () => {
  const attrs = createExpressionAttributes(undefined, VALUES);
  const c = parseConditionExpression('attribute_not_exists(pk)', 'ConditionExpression', attrs);
  assert.equal(evaluateCondition(c, {}, attrs.values), true);
});
