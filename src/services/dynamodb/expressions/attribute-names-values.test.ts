import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError } from '../../../core/errors.js';
import {
  checkExpressionAttributesAllowed,
  createExpressionAttributes,
} from './attribute-names-values.js';
import { parseConditionExpression } from './condition-expression.js';
import { parseProjectionExpression } from './projection.js';
import { parseUpdateExpression } from './update-expression.js';

function rejects(fn: () => unknown, message: string): void {
  assert.throws(
    fn,
    (e: unknown) =>
      e instanceof AwsError && e.code === 'ValidationException' && e.message === message,
    message,
  );
}

test('ExpressionAttributeNames / Values are validated in AWS order with AWS messages', () => {
  rejects(
    () => createExpressionAttributes({}, undefined),
    'ExpressionAttributeNames must not be empty',
  );
  rejects(
    () => createExpressionAttributes({ n: 'a' }, undefined),
    'ExpressionAttributeNames contains invalid key: Syntax error; key: "n"',
  );
  const long = `#${'a'.repeat(255)}`;
  rejects(
    () => createExpressionAttributes({ [long]: 'a' }, undefined),
    'ExpressionAttributeNames contains invalid key: The expression attribute map contains a key that is too long; size of key: 256',
  );
  rejects(
    () => createExpressionAttributes(undefined, {}),
    'ExpressionAttributeValues must not be empty',
  );
  rejects(
    () => createExpressionAttributes(undefined, { loc: { S: 'a' } }),
    'ExpressionAttributeValues contains invalid key: Syntax error; key: "loc"',
  );
  rejects(
    () => createExpressionAttributes(undefined, { ':v': { SS: [] } }),
    'ExpressionAttributeValues contains invalid value: One or more parameter values were invalid: An string set  may not be empty for key :v',
  );
  rejects(
    () => createExpressionAttributes(undefined, { ':v': { N: 'x' } }),
    'ExpressionAttributeValues contains invalid value: The parameter cannot be converted to a numeric value: x for key :v',
  );
  assert.deepEqual(createExpressionAttributes(undefined, { ':v': { N: '1.50' } }).values, {
    ':v': { N: '1.5' },
  });
});

test('names and values used by any expression of the request count as used', () => {
  const attrs = createExpressionAttributes(
    { '#a': 'a', '#b': 'b', '#unused': 'u' },
    { ':v': { S: 'x' }, ':unused': { S: 'y' }, ':w': { S: 'z' } },
  );
  parseUpdateExpression('SET #a = :v', attrs);
  parseConditionExpression('#b = :w', 'ConditionExpression', attrs);
  rejects(
    () => attrs.checkAllUsed(),
    'Value provided in ExpressionAttributeNames unused in expressions: keys: {#unused}',
  );
  const values = createExpressionAttributes(
    { '#a': 'a' },
    { ':v': { S: 'x' }, ':u1': { S: 'y' }, ':u2': { S: 'y' } },
  );
  parseUpdateExpression('SET #a = :v', values);
  rejects(
    () => values.checkAllUsed(),
    'Value provided in ExpressionAttributeValues unused in expressions: keys: {:u1, :u2}',
  );
  const all = createExpressionAttributes({ '#p': 'p' }, undefined);
  parseProjectionExpression('#p', all);
  assert.doesNotThrow(() => all.checkAllUsed());
});

test('names/values without an expression that can use them are rejected', () => {
  rejects(
    () =>
      checkExpressionAttributesAllowed({
        names: { '#a': 'a' },
        values: undefined,
        present: [],
        valueParams: ['ConditionExpression'],
      }),
    'ExpressionAttributeNames can only be specified when using expressions',
  );
  rejects(
    () =>
      checkExpressionAttributesAllowed({
        names: undefined,
        values: { ':v': {} },
        present: [],
        valueParams: ['ConditionExpression'],
      }),
    'ExpressionAttributeValues can only be specified when using expressions: ConditionExpression is null',
  );
  rejects(
    () =>
      checkExpressionAttributesAllowed({
        names: undefined,
        values: { ':v': {} },
        present: ['ProjectionExpression'],
        valueParams: ['UpdateExpression', 'ConditionExpression'],
      }),
    'ExpressionAttributeValues can only be specified when using expressions: UpdateExpression and ConditionExpression are null',
  );
  assert.doesNotThrow(() =>
    checkExpressionAttributesAllowed({
      names: { '#a': 'a' },
      values: { ':v': {} },
      present: ['FilterExpression'],
      valueParams: ['FilterExpression', 'KeyConditionExpression'],
    }),
  );
});
