import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareBinary, compareScalars, compareUtf8, valuesEqual } from './compare.js';

test('strings order by UTF-8 bytes, not UTF-16 code units', () => {
  const ordered = ['B', 'Z', 'a', 'a\u0000', 'aa', 'ab', 'é', '\uFFFD', '😀'];
  for (let i = 0; i + 1 < ordered.length; i++) {
    assert.ok(compareUtf8(ordered[i]!, ordered[i + 1]!) < 0, `${ordered[i]} < ${ordered[i + 1]}`);
    assert.ok(compareUtf8(ordered[i + 1]!, ordered[i]!) > 0);
  }
  assert.equal(compareUtf8('x', 'x'), 0);
});

test('binary orders as unsigned bytes, shorter prefix first', () => {
  const hex = ['00', '01', '0100', '41', '7f', '80', 'ff'];
  const b64 = hex.map((h) => Buffer.from(h, 'hex').toString('base64'));
  for (let i = 0; i + 1 < b64.length; i++) assert.ok(compareBinary(b64[i]!, b64[i + 1]!) < 0);
});

test('compareScalars orders same-typed S/N/B and refuses anything else', () => {
  assert.ok(compareScalars({ N: '9' }, { N: '10' })! < 0);
  assert.ok(compareScalars({ S: '9' }, { S: '10' })! > 0);
  assert.equal(compareScalars({ N: '1' }, { S: '1' }), undefined);
  assert.equal(compareScalars({ BOOL: true }, { BOOL: true }), undefined);
});

test('equality: numbers by value, sets unordered, lists ordered, maps deep', () => {
  assert.ok(valuesEqual({ N: '10.00' }, { N: '1E1' }));
  assert.ok(valuesEqual({ SS: ['b', 'a'] }, { SS: ['a', 'b'] }));
  assert.ok(valuesEqual({ NS: ['2', '1.0'] }, { NS: ['1', '2'] }));
  assert.ok(!valuesEqual({ SS: ['a'] }, { SS: ['a', 'b'] }));
  assert.ok(valuesEqual({ L: [{ N: '1' }, { S: 'x' }] }, { L: [{ N: '1.0' }, { S: 'x' }] }));
  assert.ok(!valuesEqual({ L: [{ N: '1' }, { S: 'x' }] }, { L: [{ S: 'x' }, { N: '1' }] }));
  assert.ok(
    valuesEqual(
      { M: { a: { N: '1' }, b: { NULL: true } } },
      { M: { b: { NULL: true }, a: { N: '1' } } },
    ),
  );
  assert.ok(!valuesEqual({ M: { a: { N: '1' } } }, { M: { a: { N: '2' } } }));
  assert.ok(!valuesEqual({ N: '1' }, { S: '1' }));
  assert.ok(valuesEqual({ BS: ['AQ==', 'Ag=='] }, { BS: ['Ag==', 'AQ=='] }));
});
