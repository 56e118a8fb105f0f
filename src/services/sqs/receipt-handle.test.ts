import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeReceiptHandle, encodeReceiptHandle } from './receipt-handle.js';

test('a receipt handle round-trips its queue, sequence, receive time and store handle', () => {
  const parts = {
    queueName: 'orders.fifo',
    seq: 42,
    receivedAt: 1_767_225_600_000,
    storeHandle: 'id-1.nonce',
  };
  const handle = encodeReceiptHandle(parts);
  assert.match(handle, /^[A-Za-z0-9+/]+=*$/);
  assert.deepEqual(decodeReceiptHandle(handle), parts);
});

test('garbage, empty and over-long handles are not receipt handles', () => {
  assert.equal(decodeReceiptHandle(''), undefined);
  assert.equal(decodeReceiptHandle('not a handle!'), undefined);
  assert.equal(decodeReceiptHandle(Buffer.from('a\nb\nc\nd').toString('base64')), undefined);
  assert.equal(decodeReceiptHandle('A'.repeat(1025)), undefined);
});
