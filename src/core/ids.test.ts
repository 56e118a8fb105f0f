import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  createGatewayRequestId,
  createStableId,
  createTraceHeader,
  functionArn,
  parseArn,
  parseFunctionReference,
} from './ids.js';

test('stable ids are 10 lowercase alphanumerics and depend only on the seed', () => {
  const id = createStableId('stack/ServerlessRestApi');
  assert.match(id, /^[a-z0-9]{10}$/);
  assert.equal(createStableId('stack/ServerlessRestApi'), id);
  assert.notEqual(createStableId('stack/Other'), id);
});

test('gateway request ids look like API Gateway extended ids', () => {
  assert.match(createGatewayRequestId(), /^[A-Za-z0-9+/]{15}=$/);
});

test('function references accept every form Lambda accepts', () => {
  assert.deepEqual(parseFunctionReference('my-fn'), { name: 'my-fn' });
  assert.deepEqual(parseFunctionReference('my-fn:live'), { name: 'my-fn', qualifier: 'live' });
  assert.deepEqual(parseFunctionReference('123456789012:function:my-fn'), {
    name: 'my-fn',
    accountId: '123456789012',
  });
  assert.deepEqual(
    parseFunctionReference(functionArn('eu-west-1', '123456789012', 'my-fn', '$LATEST')),
    {
      name: 'my-fn',
      accountId: '123456789012',
      region: 'eu-west-1',
      qualifier: '$LATEST',
    },
  );
  assert.equal(parseFunctionReference('not a name'), undefined);
});

test('parseArn splits resource parts that contain colons', () => {
  assert.deepEqual(parseArn('arn:aws:sqs:us-east-1:123456789012:queue:x'), {
    partition: 'aws',
    service: 'sqs',
    region: 'us-east-1',
    accountId: '123456789012',
    resource: 'queue:x',
  });
  assert.equal(parseArn('nope'), undefined);
});

test('trace headers have the X-Ray shape, the current time and fresh ids each time', () => {
  const now = Date.UTC(2026, 0, 1);
  const a = createTraceHeader(now);
  const b = createTraceHeader(now);
  assert.match(a, /^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0$/);
  assert.ok(a.startsWith(`Root=1-${(now / 1000).toString(16)}-`));
  assert.notEqual(a, b);
});
