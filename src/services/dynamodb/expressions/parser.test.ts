import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError } from '../../../core/errors.js';
import { createExpressionAttributes } from './attribute-names-values.js';
import { parseConditionExpression } from './condition-expression.js';
import { tokenize } from './lexer.js';
import { parseProjectionExpression } from './projection.js';
import { parseUpdateExpression } from './update-expression.js';

function rejects(fn: () => unknown, message: string): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof AwsError, String(error));
    assert.equal(error.code, 'ValidationException');
    assert.equal(error.message, message);
    return true;
  });
}

const V = { ':v': { S: 'x' }, ':w': { S: 'y' } };
const condition = (
  text: string,
  values: Record<string, unknown> = V,
  names?: Record<string, string>,
) =>
  parseConditionExpression(text, 'ConditionExpression', createExpressionAttributes(names, values));

test('the lexer splits tokens and keeps keywords case-insensitive', () => {
  const tokens = tokenize('a.b[12] <= :v and #n <> x');
  assert.deepEqual(
    tokens.map((t) => `${t.type}:${t.value}`),
    [
      'name:a',
      'punct:.',
      'name:b',
      'punct:[',
      'number:12',
      'punct:]',
      'punct:<=',
      'valueRef::v',
      'keyword:AND',
      'nameRef:#n',
      'punct:<>',
      'name:x',
      'eof:<EOF>',
    ],
  );
});

test('syntax errors report the token and the text around it', () => {
  const cases: [() => unknown, string][] = [
    [
      () => condition('pk = '),
      'Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "= "',
    ],
    [
      () =>
        parseProjectionExpression(
          '!!! INVALID !!!',
          createExpressionAttributes(undefined, undefined),
        ),
      'Invalid ProjectionExpression: Syntax error; token: "!", near: "!!"',
    ],
    [
      () =>
        parseUpdateExpression('INVALID SYNTAX', createExpressionAttributes(undefined, undefined)),
      'Invalid UpdateExpression: Syntax error; token: "INVALID", near: "INVALID SYNTAX"',
    ],
    [
      () => parseUpdateExpression('SET a = :v,', createExpressionAttributes(undefined, V)),
      'Invalid UpdateExpression: Syntax error; token: "<EOF>", near: ","',
    ],
    [
      () =>
        parseUpdateExpression(
          'SET a = b - c - d',
          createExpressionAttributes(undefined, undefined),
        ),
      'Invalid UpdateExpression: Syntax error; token: "-", near: "c - d"',
    ],
    [
      () => parseUpdateExpression('SET a :v', createExpressionAttributes(undefined, V)),
      'Invalid UpdateExpression: Syntax error; token: ":v", near: "a :v"',
    ],
    [
      () =>
        parseUpdateExpression(
          'SET  REMOVE #o',
          createExpressionAttributes({ '#o': 'o' }, undefined),
        ),
      'Invalid UpdateExpression: Syntax error; token: "REMOVE", near: "SET  REMOVE #o"',
    ],
    [() => condition('a'), 'Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "a"'],
    [
      () => condition('a = 5'),
      'Invalid ConditionExpression: Syntax error; token: "5", near: "= 5"',
    ],
    [
      () => condition('_a = :v'),
      'Invalid ConditionExpression: Syntax error; token: "_", near: "_a"',
    ],
    [
      () => condition('a-b = :v'),
      'Invalid ConditionExpression: Syntax error; token: "-", near: "a-b"',
    ],
    [
      () => condition('set = :v'),
      'Invalid ConditionExpression: Syntax error; token: "set", near: "set ="',
    ],
    [
      () => condition('a[01] = :v'),
      'Invalid ConditionExpression: Syntax error; token: "01", near: "[01]"',
    ],
    [
      () => condition('a[-1] = :v'),
      'Invalid ConditionExpression: Syntax error; token: "-", near: "[-1"',
    ],
    [
      () => condition('a = :v AND'),
      'Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "AND"',
    ],
    [
      () => condition('ä = :v'),
      'Invalid ConditionExpression: Syntax error; token: "ä", near: "ä ="',
    ],
  ];
  for (const [fn, message] of cases) rejects(fn, message);
});

test('whitespace is insignificant between tokens', () => {
  assert.deepEqual(condition('a . b [ 0 ]\t=\n:v'), {
    kind: 'compare',
    op: '=',
    left: { kind: 'path', path: [{ name: 'a' }, { name: 'b' }, { index: 0 }] },
    right: { kind: 'value', ref: ':v' },
  });
});

test('AND binds tighter than OR, NOT tighter than AND; parentheses group', () => {
  const c = condition('a = :v OR b = :v AND NOT c = :v');
  assert.equal(c.kind, 'or');
  assert.ok(c.kind === 'or' && c.right.kind === 'and' && c.right.right.kind === 'not');
  const g = condition('(a = :v OR b = :v) AND c = :v');
  assert.ok(g.kind === 'and' && g.left.kind === 'or');
  const lower = condition('a = :v or b = :v and c = :v');
  assert.ok(lower.kind === 'or');
});

test('a parenthesized operand and nested distinct parentheses are fine; double ones are not', () => {
  assert.equal(condition('(a) = :v').kind, 'compare');
  assert.equal(condition('((a = :v) AND (b = :w))').kind, 'and');
  rejects(
    () => condition('((a = :v))'),
    'Invalid ConditionExpression: The expression has redundant parentheses;',
  );
  rejects(
    () => condition('((a)) = :v'),
    'Invalid ConditionExpression: The expression has redundant parentheses;',
  );
});

test('an expression over 4 KB or empty is rejected', () => {
  rejects(() => condition(''), 'Invalid ConditionExpression: The expression can not be empty;');
  const long = `a = :v${' '.repeat(4100)}`;
  rejects(
    () => condition(long),
    `Invalid ConditionExpression: Expression size has exceeded the maximum allowed size; expression size: ${long.length}`,
  );
});
