import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeInvoke, decodeResult, encodeInvoke, encodeResult } from './protocol.js';

test('an invoke message survives the trip with line breaks and odd text in every free field', () => {
  const message = {
    id: 'c0ffee00-0000-4000-8000-000000000001',
    event: '{"body":"line one\\nline two","raw":"\n\u2028é"}\n',
    arn: 'arn:aws:lambda:us-east-1:123456789012:function:fn:live',
    remainingMs: 2999,
    traceId: 'Root=1-5f84c7a1-0123456789abcdef01234567;Parent=1234567890abcdef;Sampled=0',
    clientContext: '{\n "custom": {"a": "b"}\n}',
    identity: '{"cognitoIdentityId":"x\ny"}',
  };
  assert.deepEqual(decodeInvoke(encodeInvoke(message)), message);
});

test('free-text fields that are empty, quoted or multi-line come back as they were', () => {
  for (const text of ['', '"quoted"', 'two\nlines', '\n']) {
    const message = {
      id: 'id',
      event: '{}',
      arn: 'arn',
      remainingMs: 1,
      traceId: text,
      clientContext: text,
      identity: text,
    };
    assert.deepEqual(decodeInvoke(encodeInvoke(message)), message);
  }
});

test('absent optional fields stay absent, an empty event stays empty', () => {
  const message = {
    id: 'id',
    event: '',
    arn: 'arn',
    remainingMs: 0,
    traceId: undefined,
    clientContext: undefined,
    identity: undefined,
  };
  assert.deepEqual(decodeInvoke(encodeInvoke(message)), message);
});

test('a result keeps its body byte for byte, line breaks included', () => {
  const body = '{"statusCode":200,"body":"a\\nb"}\n\n';
  assert.deepEqual(decodeResult(encodeResult('req-1', 42, body)), {
    t: 'result',
    id: 'req-1',
    mem: 42,
    body,
  });
});
