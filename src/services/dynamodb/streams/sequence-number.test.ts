import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatSequenceNumber, parseSequenceNumber } from './sequence-number.js';

test('sequence numbers have 21 digits and sort as strings the way they sort as numbers', () => {
  const seqs = [1, 2, 9, 10, 99, 100, 12345, 2 ** 40, Number.MAX_SAFE_INTEGER];
  const texts = seqs.map(formatSequenceNumber);
  for (const t of texts) assert.match(t, /^[0-9]{21}$/);
  assert.equal(texts[0], '100000000000000000001');
  assert.deepEqual([...texts].sort(), texts);
  for (let i = 1; i < texts.length; i++) assert.ok(BigInt(texts[i]!) > BigInt(texts[i - 1]!));
});

test('parseSequenceNumber round-trips and clamps numbers outside our range', () => {
  for (const seq of [1, 42, 1_000_000, Number.MAX_SAFE_INTEGER]) {
    assert.equal(parseSequenceNumber(formatSequenceNumber(seq)), seq);
  }
  assert.equal(parseSequenceNumber('000000000000000000001'), 0);
  assert.equal(parseSequenceNumber('9'.repeat(40)), Number.MAX_SAFE_INTEGER);
  assert.equal(parseSequenceNumber('10000000000000000000x'), undefined);
  assert.equal(parseSequenceNumber('-100000000000000000001'), undefined);
  assert.equal(parseSequenceNumber(''), undefined);
});
