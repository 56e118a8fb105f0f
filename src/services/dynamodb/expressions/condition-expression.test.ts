import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError } from '../../../core/errors.js';
import { createExpressionAttributes } from './attribute-names-values.js';
import { parseConditionExpression } from './condition-expression.js';

function rejects(fn: () => unknown, message: string): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof AwsError, String(error));
    assert.equal(error.message, message);
    return true;
  });
}

const VALUES = {
  ':s': { S: 'x' },
  ':t': { S: 'y' },
  ':n': { N: '1' },
  ':n2': { N: '2' },
  ':b': { BOOL: true },
  ':ss': { SS: ['a'] },
  ':l': { L: [] },
  ':type': { S: 'SS' },
  ':badtype': { S: 'XX' },
};
const parse = (
  text: string,
  param: 'ConditionExpression' | 'FilterExpression' = 'ConditionExpression',
  names?: Record<string, string>,
) => parseConditionExpression(text, param, createExpressionAttributes(names, VALUES));
const P = 'Invalid ConditionExpression: ';

test('each function and comparator parses into the AST', () => {
  for (const text of [
    'attribute_exists(a)',
    'attribute_not_exists(a.b[1])',
    'attribute_type(a, :type)',
    'begins_with(a, :s)',
    'contains(a, :s)',
    'size(a) > :n',
    'a BETWEEN :n AND :n2',
    'a IN (:s, :t, :n)',
    'a <> :s AND b < :n OR NOT c >= :n',
    ':s = a',
    'a = b',
  ]) {
    assert.doesNotThrow(() => parse(text), text);
  }
  assert.deepEqual(parse('size(#x) <= :n', 'FilterExpression', { '#x': 'a.b' }), {
    kind: 'compare',
    op: '<=',
    left: { kind: 'size', operand: { kind: 'path', path: [{ name: 'a.b' }] } },
    right: { kind: 'value', ref: ':n' },
  });
});

test('semantic errors carry AWS messages', () => {
  const cases: [string, string][] = [
    ['foo(a)', 'Invalid function name; function: foo'],
    ['BEGINS_WITH(a, :s)', 'Invalid function name; function: BEGINS_WITH'],
    [
      'begins_with(a)',
      'Incorrect number of operands for operator or function; operator or function: begins_with, number of operands: 1',
    ],
    [
      'attribute_exists(:s)',
      'Operator or function requires a document path; operator or function: attribute_exists',
    ],
    [
      'begins_with(a, :n)',
      'Incorrect operand type for operator or function; operator or function: begins_with, operand type: N',
    ],
    [
      'a < :b',
      'Incorrect operand type for operator or function; operator or function: <, operand type: BOOL',
    ],
    [
      'a > :ss',
      'Incorrect operand type for operator or function; operator or function: >, operand type: SS',
    ],
    [
      'size(:n) = :n',
      'Incorrect operand type for operator or function; operator or function: size, operand type: N',
    ],
    [
      'attribute_type(a, :n)',
      'Incorrect operand type for operator or function; operator or function: attribute_type, operand type: N',
    ],
    [
      'attribute_type(a, :badtype)',
      'Invalid attribute type name found; type: XX, valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}',
    ],
    ['size(a)', 'The function is not allowed to be used this way in an expression; function: size'],
    [
      'begins_with(a, :s) = :s',
      'The function is not allowed to be used this way in an expression; function: begins_with',
    ],
    [
      'a = a',
      'The first operand must be distinct from the remaining operands for this operator or function; operator: =, first operand: [a]',
    ],
    [
      'contains(m.k[0], m.k[0])',
      'The first operand must be distinct from the remaining operands for this operator or function; operator: contains, first operand: [m, k, [0]]',
    ],
    [
      'a BETWEEN :n AND :s',
      'The BETWEEN operator requires same data type for lower and upper bounds; lower bound operand: AttributeValue: {N:1}, upper bound operand: AttributeValue: {S:x}',
    ],
    [
      'a BETWEEN :n2 AND :n',
      'The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {N:2}, upper bound operand: AttributeValue: {N:1}',
    ],
    ['status = :s', 'Attribute name is a reserved keyword; reserved keyword: status'],
    ['a.Size = :s', 'Attribute name is a reserved keyword; reserved keyword: Size'],
    [
      'a = :nope',
      'An expression attribute value used in expression is not defined; attribute value: :nope',
    ],
    [
      '#nope = :s',
      'An expression attribute name used in the document path is not defined; attribute name: #nope',
    ],
  ];
  for (const [text, detail] of cases) rejects(() => parse(text), P + detail);
  rejects(
    () => parse('#nope = :s', 'FilterExpression'),
    'Invalid FilterExpression: An expression attribute name used in the document path is not defined; attribute name: #nope',
  );
});

test('two identical values are allowed', () => {
  assert.doesNotThrow(() => parse(':s = :s'));
});

test('IN accepts 100 operands and rejects 101', () => {
  const list = (n: number) => Array.from({ length: n }, () => ':s').join(', ');
  assert.doesNotThrow(() => parse(`a IN (${list(100)})`));
  rejects(
    () => parse(`a IN (${list(101)})`),
    P + 'The IN operator is provided with too many operands; number of operands: 101',
  );
});

test('a path deeper than 32 levels is rejected', () => {
  const path = Array.from({ length: 33 }, (_, i) => `p${i}`).join('.');
  rejects(
    () => parse(`${path} = :s`),
    P + 'The document path has too many nesting levels; nesting levels: 33',
  );
});

test('errors follow AWS precedence: parentheses, function, misuse, reserved word, placeholder, operands', () => {
  rejects(() => parse('((status = :nope))'), P + 'The expression has redundant parentheses;');
  rejects(() => parse('status = :nope AND foo(a)'), P + 'Invalid function name; function: foo');
  rejects(
    () => parse('a = :nope AND size(status)'),
    P + 'The function is not allowed to be used this way in an expression; function: size',
  );
  rejects(
    () => parse('a = :nope AND status = :s'),
    P + 'Attribute name is a reserved keyword; reserved keyword: status',
  );
  rejects(
    () => parse('a = a AND b = :nope'),
    P + 'An expression attribute value used in expression is not defined; attribute value: :nope',
  );
});
