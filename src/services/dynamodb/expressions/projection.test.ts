import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError } from '../../../core/errors.js';
import type { AttributeMap } from '../values/attribute-value.js';
import { createExpressionAttributes } from './attribute-names-values.js';
import { parseProjectionExpression, project } from './projection.js';

const ITEM: AttributeMap = {
  a: { S: 'a' },
  l: { L: [{ S: 'l0' }, { S: 'l1' }, { M: { x: { N: '1' }, y: { N: '2' } } }] },
  m: { M: { k: { S: 'v' }, j: { S: 'w' } } },
  'a.b': { S: 'dotted' },
};

function projectText(text: string, names?: Record<string, string>): AttributeMap {
  return project(
    parseProjectionExpression(text, createExpressionAttributes(names, undefined)),
    ITEM,
  );
}

test('top-level and nested paths keep their nesting; maps keep only requested keys', () => {
  assert.deepEqual(projectText('a, m.k'), { a: { S: 'a' }, m: { M: { k: { S: 'v' } } } });
  assert.deepEqual(projectText('#d', { '#d': 'a.b' }), { 'a.b': { S: 'dotted' } });
  assert.deepEqual(projectText('l[2].y'), { l: { L: [{ M: { y: { N: '2' } } }] } });
});

test('list elements selected by index are compacted in index order', () => {
  assert.deepEqual(projectText('l[1], l[0]'), { l: { L: [{ S: 'l0' }, { S: 'l1' }] } });
  assert.deepEqual(projectText('#l[1]', { '#l': 'l' }), { l: { L: [{ S: 'l1' }] } });
});

test('paths that do not resolve are omitted; none resolving gives {}', () => {
  assert.deepEqual(projectText('a, nope, m.nope, l[9], l[0].x'), { a: { S: 'a' } });
  assert.deepEqual(projectText('nope'), {});
});

test('overlapping, conflicting and syntactically bad projections are rejected', () => {
  const cases: [string, string][] = [
    [
      'a, a',
      'Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]',
    ],
    [
      'm, m.k',
      'Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [m], path two: [m, k]',
    ],
    [
      'm.k, m[0]',
      'Invalid ProjectionExpression: Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [m, k], path two: [m, [0]]',
    ],
    ['a,', 'Invalid ProjectionExpression: Syntax error; token: "<EOF>", near: ","'],
    [
      'name',
      'Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: name',
    ],
    [
      '#x',
      'Invalid ProjectionExpression: An expression attribute name used in the document path is not defined; attribute name: #x',
    ],
  ];
  for (const [text, message] of cases) {
    assert.throws(
      () => projectText(text),
      (e: unknown) => e instanceof AwsError && e.message === message,
      text,
    );
  }
});
