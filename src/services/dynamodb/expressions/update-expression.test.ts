import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError } from '../../../core/errors.js';
import { createExpressionAttributes } from './attribute-names-values.js';
import { parseUpdateExpression, updateTargetPaths } from './update-expression.js';

function rejects(fn: () => unknown, message: string): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof AwsError, String(error));
    assert.equal(error.message, message);
    return true;
  });
}

const VALUES = {
  ':s': { S: 'x' },
  ':n': { N: '1' },
  ':l': { L: [] },
  ':ss': { SS: ['a'] },
  ':b': { BOOL: true },
  ':m': { M: {} },
};
const parse = (text: string, names?: Record<string, string>) =>
  parseUpdateExpression(text, createExpressionAttributes(names, VALUES));
const P = 'Invalid UpdateExpression: ';

test('all four clauses parse, in any order, with functions and arithmetic', () => {
  const update = parse(
    'remove r, l[1] ADD c :n, s :ss SET a = :s, b = b + :n, #c.d = if_not_exists(e, :n) - :n, f = list_append(if_not_exists(f, :l), :l) DELETE ss :ss',
    { '#c': 'cc' },
  );
  assert.equal(update.set.length, 4);
  assert.deepEqual(update.remove, [[{ name: 'r' }], [{ name: 'l' }, { index: 1 }]]);
  assert.equal(update.add.length, 2);
  assert.equal(update.delete.length, 1);
  assert.deepEqual(update.set[2], {
    path: [{ name: 'cc' }, { name: 'd' }],
    value: {
      kind: 'minus',
      left: {
        kind: 'if_not_exists',
        path: [{ name: 'e' }],
        fallback: { kind: 'value', ref: ':n' },
      },
      right: { kind: 'value', ref: ':n' },
    },
  });
  assert.deepEqual(
    updateTargetPaths(update).map((p) => p.map((e) => ('name' in e ? e.name : e.index)).join('.')),
    ['a', 'b', 'cc.d', 'f', 'r', 'l.1', 'c', 's', 'ss'],
  );
});

test('parse-time errors carry AWS messages', () => {
  const cases: [string, string][] = [
    ['SET a = :s SET b = :s', 'The "SET" section can only be used once in an update expression;'],
    ['REMOVE a REMOVE b', 'The "REMOVE" section can only be used once in an update expression;'],
    ['SET a = foo(b)', 'Invalid function name; function: foo'],
    ['SET a = size(b)', 'Invalid function name; function: size'],
    [
      'SET a = list_append(:l, :l, :l)',
      'Incorrect number of operands for operator or function; operator or function: list_append, number of operands: 3',
    ],
    [
      'SET a = if_not_exists(:s, :s)',
      'Operator or function requires a document path; operator or function: if_not_exists',
    ],
    [
      'SET a = b + :s',
      'Incorrect operand type for operator or function; operator or function: +, operand type: S',
    ],
    [
      'SET a = :n - :l',
      'Incorrect operand type for operator or function; operator or function: -, operand type: L',
    ],
    [
      'SET a = list_append(b, :s)',
      'Incorrect operand type for operator or function; operator or function: list_append, operand type: S',
    ],
    [
      'ADD a :s',
      'Incorrect operand type for operator or function; operator: ADD, operand type: STRING, typeSet: ALLOWED_FOR_ADD_OPERAND',
    ],
    [
      'ADD a :b',
      'Incorrect operand type for operator or function; operator: ADD, operand type: BOOLEAN, typeSet: ALLOWED_FOR_ADD_OPERAND',
    ],
    [
      'ADD a :l',
      'Incorrect operand type for operator or function; operator: ADD, operand type: LIST, typeSet: ALLOWED_FOR_ADD_OPERAND',
    ],
    [
      'DELETE a :n',
      'Incorrect operand type for operator or function; operator: DELETE, operand type: NUMBER, typeSet: ALLOWED_FOR_DELETE_OPERAND',
    ],
    [
      'DELETE a :m',
      'Incorrect operand type for operator or function; operator: DELETE, operand type: MAP, typeSet: ALLOWED_FOR_DELETE_OPERAND',
    ],
    [
      'SET a = :s, a = :s',
      'Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]',
    ],
    [
      'SET m.a = :s REMOVE m',
      'Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [m, a], path two: [m]',
    ],
    [
      'SET m.a = :s REMOVE m[0]',
      'Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [m, a], path two: [m, [0]]',
    ],
    [
      'SET #s = :s',
      'An expression attribute name used in the document path is not defined; attribute name: #s',
    ],
    [
      'SET a = :nope',
      'An expression attribute value used in expression is not defined; attribute value: :nope',
    ],
    ['SET status = :s', 'Attribute name is a reserved keyword; reserved keyword: status'],
    ['SET a = ((b))', 'The expression has redundant parentheses;'],
  ];
  for (const [text, detail] of cases) rejects(() => parse(text), P + detail);
});

test('a parenthesized operand is accepted once', () => {
  assert.deepEqual(parse('SET a = (b) + (:n)').set[0]?.value, {
    kind: 'plus',
    left: { kind: 'path', path: [{ name: 'b' }] },
    right: { kind: 'value', ref: ':n' },
  });
});

test('update precedence: reserved word, function, section, name, value, overlap, operand type, arity', () => {
  rejects(
    () => parse('SET status = foo(a) SET b = :s'),
    P + 'Attribute name is a reserved keyword; reserved keyword: status',
  );
  rejects(() => parse('SET a = foo(b) SET b = :s'), P + 'Invalid function name; function: foo');
  rejects(
    () => parse('SET a = #x SET b = :s'),
    P + 'The "SET" section can only be used once in an update expression;',
  );
  rejects(
    () => parse('SET a = :nope, b = #x'),
    P + 'An expression attribute name used in the document path is not defined; attribute name: #x',
  );
  rejects(
    () => parse('SET a = :nope, a = :s'),
    P + 'An expression attribute value used in expression is not defined; attribute value: :nope',
  );
  rejects(
    () => parse('SET a = b + :s, a = :s'),
    P +
      'Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]',
  );
  rejects(
    () => parse('SET a = list_append(:l), b = c + :s'),
    P + 'Incorrect operand type for operator or function; operator or function: +, operand type: S',
  );
});
