import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError } from '../../../core/errors.js';
import type { AttributeMap } from '../values/attribute-value.js';
import { applyUpdate } from './apply-update.js';
import { evaluateCondition } from './evaluate-condition.js';
import {
  checkLegacyAndExpressionMix,
  convertAttributeUpdates,
  convertAttributesToGet,
  convertExpected,
  convertFilter,
  convertKeyConditions,
} from './legacy.js';
import { resolveKeyCondition } from './key-condition.js';
import { project } from './projection.js';

function rejects(fn: () => unknown, message: string): void {
  assert.throws(
    fn,
    (e: unknown) =>
      e instanceof AwsError && e.code === 'ValidationException' && e.message === message,
    message,
  );
}

const ITEM: AttributeMap = {
  a: { S: 'abc' },
  n: { N: '5' },
  ss: { SS: ['x'] },
  l: { L: [{ N: '1' }] },
};

test('mixing legacy and expression parameters is rejected, naming both groups', () => {
  rejects(
    () =>
      checkLegacyAndExpressionMix({
        AttributeUpdates: {},
        Expected: {},
        UpdateExpression: 'SET a = :v',
        ConditionExpression: 'x',
      }),
    'Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {AttributeUpdates, Expected} Expression parameters: {UpdateExpression, ConditionExpression}',
  );
  rejects(
    () =>
      checkLegacyAndExpressionMix({
        KeyConditions: {},
        AttributesToGet: ['a'],
        QueryFilter: {},
        ConditionalOperator: 'AND',
        KeyConditionExpression: 'x',
        FilterExpression: 'y',
        ProjectionExpression: 'z',
      }),
    'Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {AttributesToGet, QueryFilter, ConditionalOperator, KeyConditions} Expression parameters: {ProjectionExpression, FilterExpression, KeyConditionExpression}',
  );
  assert.doesNotThrow(() => checkLegacyAndExpressionMix({ Expected: {}, TableName: 't' }));
});

test('Expected converts Value / Exists / ComparisonOperator and combines with ConditionalOperator', () => {
  const eq = convertExpected({ a: { Value: { S: 'abc' } } })!;
  assert.equal(evaluateCondition(eq.condition, ITEM, eq.values), true);
  const notExists = convertExpected({ zz: { Exists: false } })!;
  assert.equal(evaluateCondition(notExists.condition, ITEM, notExists.values), true);
  const gt = convertExpected({
    n: { ComparisonOperator: 'GT', AttributeValueList: [{ N: '4.0' }] },
  })!;
  assert.equal(evaluateCondition(gt.condition, ITEM, gt.values), true);
  const both = convertExpected({ a: { Value: { S: 'nope' } }, n: { Value: { N: '5' } } })!;
  assert.equal(evaluateCondition(both.condition, ITEM, both.values), false);
  const either = convertExpected({ a: { Value: { S: 'nope' } }, n: { Value: { N: '5' } } }, 'OR')!;
  assert.equal(evaluateCondition(either.condition, ITEM, either.values), true);
  assert.equal(convertExpected({}), undefined);
});

test('Expected validation messages', () => {
  rejects(
    () => convertExpected({ a: { Exists: true } }),
    'One or more parameter values were invalid: Value must be provided when Exists is true for Attribute: a',
  );
  rejects(
    () => convertExpected({ a: {} }),
    'One or more parameter values were invalid: Value must be provided when Exists is true for Attribute: a',
  );
  rejects(
    () => convertExpected({ a: { Exists: false, Value: { S: 'x' } } }),
    'One or more parameter values were invalid: Value cannot be used when Exists is false for Attribute: a',
  );
  rejects(
    () =>
      convertExpected({ a: { ComparisonOperator: 'BETWEEN', AttributeValueList: [{ N: '1' }] } }),
    'One or more parameter values were invalid: Invalid number of argument(s) for the BETWEEN ComparisonOperator',
  );
  rejects(
    () =>
      convertExpected({
        a: { ComparisonOperator: 'BETWEEN', AttributeValueList: [{ N: '1' }, { S: '2' }] },
      }),
    'One or more parameter values were invalid: AttributeValues inside AttributeValueList must be of same type',
  );
  rejects(
    () =>
      convertExpected({
        a: { ComparisonOperator: 'BETWEEN', AttributeValueList: [{ N: '2' }, { N: '1' }] },
      }),
    'The BETWEEN condition was provided a range where the lower bound is greater than the upper bound',
  );
  rejects(
    () => convertExpected({ a: { ComparisonOperator: 'NULL', AttributeValueList: [{ N: '2' }] } }),
    'One or more parameter values were invalid: Invalid number of argument(s) for the NULL ComparisonOperator',
  );
});

test('QueryFilter / ScanFilter operators map onto the expression semantics', () => {
  const cases: [Parameters<typeof convertFilter>[0], boolean][] = [
    [{ a: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'abc' }] } }, true],
    [{ a: { ComparisonOperator: 'NE', AttributeValueList: [{ S: 'abc' }] } }, false],
    [{ zz: { ComparisonOperator: 'NE', AttributeValueList: [{ S: 'abc' }] } }, true],
    [{ n: { ComparisonOperator: 'LE', AttributeValueList: [{ N: '5' }] } }, true],
    [{ n: { ComparisonOperator: 'LT', AttributeValueList: [{ N: '5' }] } }, false],
    [{ n: { ComparisonOperator: 'GE', AttributeValueList: [{ N: '5' }] } }, true],
    [{ a: { ComparisonOperator: 'NOT_NULL' } }, true],
    [{ a: { ComparisonOperator: 'NULL' } }, false],
    [{ a: { ComparisonOperator: 'CONTAINS', AttributeValueList: [{ S: 'b' }] } }, true],
    [{ ss: { ComparisonOperator: 'NOT_CONTAINS', AttributeValueList: [{ S: 'x' }] } }, false],
    [{ a: { ComparisonOperator: 'BEGINS_WITH', AttributeValueList: [{ S: 'ab' }] } }, true],
    [{ n: { ComparisonOperator: 'IN', AttributeValueList: [{ N: '1' }, { N: '5' }] } }, true],
    [{ n: { ComparisonOperator: 'BETWEEN', AttributeValueList: [{ N: '1' }, { N: '5' }] } }, true],
  ];
  for (const [filter, expected] of cases) {
    const result = convertFilter(filter)!;
    assert.equal(
      evaluateCondition(result.condition, ITEM, result.values),
      expected,
      JSON.stringify(filter),
    );
  }
  const boolContains = convertFilter({
    t: { ComparisonOperator: 'CONTAINS', AttributeValueList: [{ BOOL: true }] },
  })!;
  assert.equal(
    evaluateCondition(boolContains.condition, { t: { L: [{ BOOL: true }] } }, boolContains.values),
    true,
  );
  rejects(
    () =>
      convertFilter({ a: { ComparisonOperator: 'CONTAINS', AttributeValueList: [{ SS: ['a'] }] } }),
    'One or more parameter values were invalid: ComparisonOperator CONTAINS is not valid for SS AttributeValue type',
  );
  rejects(
    () =>
      convertFilter({ a: { ComparisonOperator: 'BEGINS_WITH', AttributeValueList: [{ N: '1' }] } }),
    'One or more parameter values were invalid: ComparisonOperator BEGINS_WITH is not valid for N AttributeValue type',
  );
});

test('KeyConditions convert to the same key condition', () => {
  const schema = {
    hash: { name: 'pk', type: 'S' as const },
    range: { name: 'sk', type: 'N' as const },
  };
  const resolve = (kc: Parameters<typeof convertKeyConditions>[0]) =>
    resolveKeyCondition(convertKeyConditions(kc), schema);
  assert.deepEqual(
    resolve({
      pk: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'u' }] },
      sk: { ComparisonOperator: 'BETWEEN', AttributeValueList: [{ N: '1' }, { N: '2' }] },
    }),
    {
      hash: { name: 'pk', value: { S: 'u' } },
      range: { name: 'sk', op: 'BETWEEN', values: [{ N: '1' }, { N: '2' }] },
    },
  );
  rejects(
    () => resolve({ pk: { ComparisonOperator: 'NE', AttributeValueList: [{ S: 'u' }] } }),
    'Attempted conditional constraint is not an indexable operation',
  );
  // The missing partition key is reported before the operator that cannot be indexed.
  rejects(
    () => resolve({ z: { ComparisonOperator: 'NULL' } }),
    'Query condition missed key schema element: pk',
  );
  rejects(
    () =>
      convertKeyConditions({
        a: { ComparisonOperator: 'IN', AttributeValueList: [{ BOOL: true }] },
      }),
    'One or more parameter values were invalid: ComparisonOperator IN is not valid for BOOL AttributeValue type',
  );
  rejects(
    () =>
      convertKeyConditions({
        pk: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'u' }] },
        sk: { ComparisonOperator: 'EQ', AttributeValueList: [{ N: '1' }] },
        x: { ComparisonOperator: 'EQ', AttributeValueList: [{ N: '1' }] },
      }),
    'Conditions can be of length 1 or 2 only',
  );
});

test('AttributeUpdates: PUT, DELETE without value, ADD (numbers, sets, lists), DELETE from a set', () => {
  const { update, values } = convertAttributeUpdates({
    a: { Value: { S: 'new' } },
    n: { Action: 'ADD', Value: { N: '1.5' } },
    ss: { Action: 'DELETE', Value: { SS: ['x'] } },
    l: { Action: 'ADD', Value: { L: [{ N: '2' }] } },
    gone: { Action: 'DELETE' },
  });
  assert.deepEqual(applyUpdate(update, { ...ITEM, gone: { S: 'x' } }, values), {
    a: { S: 'new' },
    n: { N: '6.5' },
    l: { L: [{ N: '1' }, { N: '2' }] },
  });
  const wrong = convertAttributeUpdates({ a: { Action: 'ADD', Value: { N: '1' } } });
  rejects(
    () => applyUpdate(wrong.update, ITEM, wrong.values),
    'Type mismatch for attribute to update',
  );
  rejects(
    () => convertAttributeUpdates({ a: { Action: 'PUT' } }),
    'One or more parameter values were invalid: Only DELETE action is allowed when no attribute value is specified',
  );
  rejects(
    () => convertAttributeUpdates({ a: { Action: 'ADD', Value: { B: 'AQ==' } } }),
    'One or more parameter values were invalid: ADD action is not supported for the type B',
  );
});

test('AttributesToGet projects top-level names and rejects duplicates', () => {
  assert.deepEqual(project(convertAttributesToGet(['a', 'zz']), ITEM), { a: { S: 'abc' } });
  rejects(
    () => convertAttributesToGet(['a', 'a']),
    'One or more parameter values were invalid: Duplicate value in attribute name: a',
  );
});
