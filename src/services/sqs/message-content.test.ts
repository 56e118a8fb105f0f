import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AwsError } from '../../core/errors.js';
import {
  attributeNameFilter,
  hasOnlyValidCharacters,
  messageSize,
  readMessageAttributes,
} from './message-content.js';

test('body characters follow XML 1.0 Char: tab/LF/CR ok, other controls, lone surrogates and U+FFFE not', () => {
  assert.equal(hasOnlyValidCharacters('a\tb\nc\rd 😀 \uE000'), true);
  assert.equal(hasOnlyValidCharacters('a\u0000'), false);
  assert.equal(hasOnlyValidCharacters('a\u001f'), false);
  assert.equal(hasOnlyValidCharacters('a\uD800'), false);
  assert.equal(hasOnlyValidCharacters('\uFFFE'), false);
});

test('message attribute names and types are validated', () => {
  const bad = (attrs: Record<string, unknown>, re: RegExp) =>
    assert.throws(
      () => readMessageAttributes({ MessageAttributes: attrs }),
      (e) => e instanceof AwsError && e.code === 'InvalidParameterValue' && re.test(e.message),
    );
  bad({ 'AWS.x': { DataType: 'String', StringValue: 'v' } }, /reserved/);
  bad({ '.x': { DataType: 'String', StringValue: 'v' } }, /is invalid/);
  bad({ 'a..b': { DataType: 'String', StringValue: 'v' } }, /is invalid/);
  bad(
    { a: { DataType: 'Text', StringValue: 'v' } },
    /supported type prefixes: Binary, Number, String/,
  );
  bad({ a: { DataType: 'Number', StringValue: 'abc' } }, /to a number/);
  bad({ a: { DataType: 'Binary' } }, /non-empty value of type 'Binary'/);
  bad(
    Object.fromEntries(
      Array.from({ length: 11 }, (_, i) => [`a${i}`, { DataType: 'String', StringValue: 'v' }]),
    ),
    /exceeds the allowed maximum \[10\]/,
  );
  assert.deepEqual(
    readMessageAttributes({
      MessageAttributes: { 'attr.1øßä': { DataType: 'Number.int', StringValue: '1' } },
    }),
    {
      'attr.1øßä': { DataType: 'Number.int', StringValue: '1' },
    },
  );
});

test('size counts the body and every attribute name, type and (decoded) value', () => {
  assert.equal(messageSize('héllo', undefined), 6);
  assert.equal(
    messageSize('x', {
      k: { DataType: 'String', StringValue: 'v' },
      b: { DataType: 'Binary', BinaryValue: 'AAE=' },
    }),
    1 + 8 + 1 + 6 + 2,
  );
});

test('attribute name filters: All, .*, prefixes and exact names', () => {
  assert.equal(attributeNameFilter([]), undefined);
  assert.equal(attributeNameFilter(['.*'])!('x'), true);
  const f = attributeNameFilter(['Hel.*', 'General'])!;
  assert.deepEqual(['Hello', 'Help.Me', 'General', 'Kenobi'].filter(f), [
    'Hello',
    'Help.Me',
    'General',
  ]);
});
