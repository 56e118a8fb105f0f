import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attributeValueSize, checkItemSize, itemSize, numberSize } from './item-size.js';
import { AwsError } from '../../../core/errors.js';

test('number sizes follow the service boundaries', () => {
  assert.equal(numberSize('0'), 1);
  assert.equal(numberSize('1'), 2);
  assert.equal(numberSize('-1'), 3);
  assert.equal(numberSize('12'), 2);
  assert.equal(numberSize('123'), 3);
  assert.equal(numberSize('1.234'), 4); // digits 1|23|40 in base 100
  assert.equal(numberSize('12.34'), 3);
  assert.equal(numberSize('1' + '0'.repeat(125)), 2);
  assert.equal(numberSize('9'.repeat(38)), 20);
});

test('value sizes: strings in UTF-8, binary decoded, containers with overhead', () => {
  assert.equal(attributeValueSize({ S: 'é😀' }), 6);
  assert.equal(attributeValueSize({ B: 'AAEC' }), 3);
  assert.equal(attributeValueSize({ B: 'AA==' }), 1);
  assert.equal(attributeValueSize({ BOOL: true }), 1);
  assert.equal(attributeValueSize({ NULL: true }), 1);
  assert.equal(attributeValueSize({ SS: ['ab', 'c'] }), 3);
  assert.equal(attributeValueSize({ L: [{ S: 'ab' }, { BOOL: true }] }), 3 + 1 + 2 + 1 + 1);
  assert.equal(attributeValueSize({ M: { k: { S: 'ab' } } }), 3 + 1 + 1 + 2);
  assert.equal(attributeValueSize({ M: {} }), 3);
});

test('a hash-only item is accepted at exactly 409 600 bytes and rejected one byte above', () => {
  const at = { id: { S: 'a' }, b: { S: 'x'.repeat(409_596) } };
  assert.equal(itemSize(at), 409_600);
  assert.doesNotThrow(() => checkItemSize(at, 'put'));
  const over = { id: { S: 'a' }, b: { S: 'x'.repeat(409_597) } };
  assert.throws(
    () => checkItemSize(over, 'put'),
    (e: unknown) =>
      e instanceof AwsError && e.message === 'Item size has exceeded the maximum allowed size',
  );
  assert.throws(
    () => checkItemSize(over, 'update'),
    (e: unknown) =>
      e instanceof AwsError &&
      e.message === 'Item size to update has exceeded the maximum allowed size',
  );
});
