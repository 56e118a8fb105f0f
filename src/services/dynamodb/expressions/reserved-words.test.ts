import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RESERVED_WORDS, isReservedWord } from './reserved-words.js';

test('the reserved-word list has all 573 words and matches case-insensitively', () => {
  assert.equal(RESERVED_WORDS.size, 573);
  for (const word of ['status', 'Name', 'DATA', 'ttl', 'zone', 'abort', 'size']) {
    assert.ok(isReservedWord(word), word);
  }
  for (const word of ['pk', 'sk', 'userId', 'nope', 'abc']) assert.ok(!isReservedWord(word), word);
});
