import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AwsError } from '../../core/errors.js';
import { decodeQueryParams } from '../../protocol/query.js';
import { attributesSize, parseMessageAttributes } from './message-attributes.js';

function parse(params: Record<string, string>): ReturnType<typeof parseMessageAttributes> {
  const tree = decodeQueryParams(
    Object.entries(params).map(([k, v]) => [`MessageAttributes.${k}`, v]),
  );
  return parseMessageAttributes(tree['MessageAttributes']);
}

function error(params: Record<string, string>): string {
  try {
    parse(params);
  } catch (e) {
    assert.ok(e instanceof AwsError);
    return `${e.code}: ${e.message}`;
  }
  return 'no error';
}

test('String, Number, Binary, String.Array and custom types parse', () => {
  assert.deepEqual(
    parse({
      'entry.1.Name': 's',
      'entry.1.Value.DataType': 'String',
      'entry.1.Value.StringValue': 'x',
      'entry.2.Name': 'n',
      'entry.2.Value.DataType': 'Number.int',
      'entry.2.Value.StringValue': '-1.5e3',
      'entry.3.Name': 'b',
      'entry.3.Value.DataType': 'Binary',
      'entry.3.Value.BinaryValue': 'AAE=',
      'entry.4.Name': 'a',
      'entry.4.Value.DataType': 'String.Array',
      'entry.4.Value.StringValue': '["x",1,null,true]',
    }),
    {
      s: { DataType: 'String', StringValue: 'x' },
      n: { DataType: 'Number.int', StringValue: '-1.5e3' },
      b: { DataType: 'Binary', BinaryValue: 'AAE=' },
      a: { DataType: 'String.Array', StringValue: '["x",1,null,true]' },
    },
  );
});

test('AWS texts for bad names, types and values', () => {
  const one = (
    name: string,
    type: string | undefined,
    field: string,
    value: string,
  ): Record<string, string> => ({
    'entry.1.Name': name,
    ...(type !== undefined ? { 'entry.1.Value.DataType': type } : {}),
    [`entry.1.Value.${field}`]: value,
  });
  assert.equal(
    error(one('.a', 'String', 'StringValue', 'x')),
    "ParameterValueInvalid: Invalid message attribute name starting with character '.' was found.",
  );
  assert.equal(
    error(one('a.', 'String', 'StringValue', 'x')),
    "ParameterValueInvalid: Invalid message attribute name ending with character '.' was found.",
  );
  assert.equal(
    error(one('a..b', 'String', 'StringValue', 'x')),
    "ParameterValueInvalid: Message attribute name can not have successive '.' character.",
  );
  assert.equal(
    error(one('a'.repeat(257), 'String', 'StringValue', 'x')),
    'ParameterValueInvalid: Length of message attribute name must be less than 256 bytes.',
  );
  assert.equal(
    error(one('n', undefined, 'StringValue', 'x')),
    "ValidationError: 1 validation error detected: Value null at 'messageAttributes.n.member.dataType' failed to satisfy constraint: Member must not be null",
  );
  assert.equal(
    error(one('n', 'String.', 'StringValue', 'x')),
    "ParameterValueInvalid: The message attribute 'n' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.",
  );
  assert.equal(
    error(one('n', 'Binary', 'StringValue', 'x')),
    "ParameterValueInvalid: The message attribute 'n' with type 'Binary' must use field 'Binary'.",
  );
  assert.equal(
    error(one('n', 'Number', 'StringValue', 'abc')).startsWith('ParameterValueInvalid:'),
    true,
  );
});

test('attribute size counts name, type and value bytes (binary decoded)', () => {
  assert.equal(
    attributesSize({
      ab: { DataType: 'String', StringValue: 'xyz' },
      b: { DataType: 'Binary', BinaryValue: 'AAE=' },
    }),
    2 + 6 + 3 + 1 + 6 + 2,
  );
});
