import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeShardIterator, encodeShardIterator } from './shard-iterator.js';

const ARN = 'arn:aws:dynamodb:us-east-1:123456789012:table/T/stream/2026-01-05T10:00:00.123';

test('an iterator is self-contained: it decodes to the same shard, position and issue time', () => {
  const state = {
    streamArn: ARN,
    shardId: 'shardId-00000001767607200123-1a2b3c4d',
    afterSeq: 41,
    issuedAt: 1767607200123,
  };
  const text = encodeShardIterator(state);
  assert.ok(text.startsWith(`${ARN}|1|`));
  assert.ok(text.length <= 2048);
  assert.deepEqual(decodeShardIterator(text), state);
});

test('garbage, tampered or foreign iterators do not decode', () => {
  const good = encodeShardIterator({ streamArn: ARN, shardId: 's', afterSeq: 0, issuedAt: 1 });
  for (const bad of [
    '',
    'nonsense',
    `${ARN}|2|${good.split('|')[2]!}`,
    `${ARN}|1|not-base64-json`,
    `${ARN}|1|${Buffer.from('{"s":"x","p":-1,"t":1}').toString('base64url')}`,
    `${ARN}|1|${Buffer.from('{"s":1,"p":1,"t":1}').toString('base64url')}`,
    `${ARN}|1|${Buffer.from('[1,2]').toString('base64url')}`,
    `|1|${good.split('|')[2]!}`,
  ]) {
    assert.equal(decodeShardIterator(bad), undefined, bad);
  }
});
