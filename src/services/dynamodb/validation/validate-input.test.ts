import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { INPUT_SCHEMAS } from './input-schema.js';
import { validateInput } from './validate-input.js';

function message(
  op: string,
  input: Record<string, unknown>,
): { code: string; message: string } | undefined {
  try {
    validateInput(input, INPUT_SCHEMAS[op]!);
    return undefined;
  } catch (e) {
    const err = e as { code: string; message: string };
    return { code: err.code, message: err.message };
  }
}

describe('validateInput', () => {
  test('type errors are SerializationExceptions with the JSON kind', () => {
    assert.deepEqual(message('Query', { TableName: 'T', Limit: '5' }), {
      code: 'SerializationException',
      message: 'STRING_VALUE cannot be converted to Integer',
    });
    assert.deepEqual(message('GetItem', { TableName: 5, Key: {} }), {
      code: 'SerializationException',
      message: 'NUMBER_VALUE cannot be converted to String',
    });
    assert.deepEqual(message('GetItem', { TableName: true, Key: {} }), {
      code: 'SerializationException',
      message: 'TRUE_VALUE cannot be converted to String',
    });
    assert.deepEqual(message('GetItem', { TableName: { a: 1 }, Key: {} }), {
      code: 'SerializationException',
      message: 'Start of structure or map found where not expected',
    });
    assert.deepEqual(message('Query', { TableName: 'T', Limit: [1] }), {
      code: 'SerializationException',
      message: 'Unrecognized collection type class java.lang.Integer',
    });
    assert.deepEqual(
      message('GetItem', { TableName: 'T', Key: { id: { S: 'a' } }, AttributesToGet: 'a' }),
      {
        code: 'SerializationException',
        message: 'Unexpected field type',
      },
    );
  });

  test('booleans sent as strings are coerced; other strings are rejected', () => {
    const input: Record<string, unknown> = { TableName: 'T', Key: {}, ConsistentRead: 'true' };
    assert.equal(message('GetItem', input), undefined);
    assert.equal(input['ConsistentRead'], true);
    assert.deepEqual(message('GetItem', { TableName: 'T', Key: {}, ConsistentRead: 'maybe' }), {
      code: 'SerializationException',
      message: 'Unexpected token received from parser',
    });
  });

  test('null members count as absent', () => {
    assert.equal(
      message('GetItem', { TableName: 'T', Key: {}, ProjectionExpression: null }),
      undefined,
    );
  });

  test('constraint violations are collected in model order', () => {
    assert.deepEqual(
      message('PutItem', {
        TableName: 'T',
        Item: {},
        ReturnValues: 'X',
        ReturnConsumedCapacity: 'Y',
      }),
      {
        code: 'ValidationException',
        message:
          "2 validation errors detected: Value 'X' at 'returnValues' failed to satisfy constraint: Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]; Value 'Y' at 'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]",
      },
    );
  });

  test('an invalid table name is reported alone', () => {
    assert.deepEqual(message('PutItem', { TableName: '', ReturnValues: 'X' }), {
      code: 'ValidationException',
      message:
        "1 validation error detected: Value '' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 1",
    });
  });

  test('nested list members use member.N paths and structures print Java-style', () => {
    const result = message('CreateTable', {
      TableName: 'Tbl',
      AttributeDefinitions: [{ AttributeName: 'a', AttributeType: 'S' }],
      KeySchema: [
        { AttributeName: 'a', KeyType: 'HASH' },
        { AttributeName: 'b', KeyType: 'RANGE' },
        { AttributeName: 'c', KeyType: 'RANGE' },
      ],
    });
    assert.equal(
      result?.message,
      "1 validation error detected: Value '[KeySchemaElement(attributeName=a, keyType=HASH), KeySchemaElement(attributeName=b, keyType=RANGE), KeySchemaElement(attributeName=c, keyType=RANGE)]' at 'keySchema' failed to satisfy constraint: Member must have length less than or equal to 2",
    );
    assert.equal(
      message('TransactWriteItems', {
        TransactItems: [{ ConditionCheck: { TableName: 'T', Key: {} } }],
      })?.message,
      "1 validation error detected: Value null at 'transactItems.1.member.conditionCheck.conditionExpression' failed to satisfy constraint: Member must not be null",
    );
    assert.equal(
      message('TransactWriteItems', { TransactItems: [] })?.message,
      "1 validation error detected: Value '[]' at 'transactItems' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  });

  test('control-plane operations name a missing TableName in a sentence', () => {
    assert.equal(
      message('DeleteTable', {})?.message,
      "The parameter 'TableName' is required but was not present in the request",
    );
  });
});
