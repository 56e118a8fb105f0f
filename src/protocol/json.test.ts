import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AwsError } from '../core/errors.js';
import {
  jsonProtocolError,
  jsonProtocolResponse,
  parseJsonCall,
  type JsonProtocolOptions,
} from './json.js';
import type { AwsRequest } from './types.js';

const options: JsonProtocolOptions = {
  targetPrefixes: ['DynamoDB_20120810'],
  contentType: 'application/x-amz-json-1.0',
  errorNamespace: (code) =>
    code === 'ValidationException' ? 'com.amazon.coral.validate' : 'com.amazon.coral.service',
  crc32: true,
};

function request(body: string, target = 'DynamoDB_20120810.ListTables'): AwsRequest {
  return {
    method: 'POST',
    path: '/',
    query: new URLSearchParams(),
    headers: { 'x-amz-target': target, 'content-type': 'application/x-amz-json-1.0' },
    body: Buffer.from(body),
    requestId: 'r',
  };
}

test('parses the target and body', () => {
  assert.deepEqual(parseJsonCall(request('{"Limit":1}'), options), {
    prefix: 'DynamoDB_20120810',
    operation: 'ListTables',
    input: { Limit: 1 },
  });
});

test('an unknown target is UnknownOperationException; a bad body SerializationException', () => {
  assert.throws(() => parseJsonCall(request('{}', 'Nope.ListTables'), options), {
    code: 'UnknownOperationException',
  });
  assert.throws(() => parseJsonCall(request('{nope'), options), { code: 'SerializationException' });
  assert.throws(() => parseJsonCall(request(''), options), { code: 'SerializationException' });
});

test('x-amz-crc32 is the CRC-32 of the body bytes (DynamoDB example: empty ListTables)', () => {
  const res = jsonProtocolResponse(request('{}'), { TableNames: [] }, options);
  assert.equal((res.body as Buffer).toString(), '{"TableNames":[]}');
  assert.equal(res.headers['x-amz-crc32'], '1315925753');
});

test('errors carry the namespaced __type and omit an empty message', () => {
  const res = jsonProtocolError(
    request('{}'),
    new AwsError('ValidationException', 'bad', { status: 400 }),
    options,
  );
  assert.deepEqual(JSON.parse((res.body as Buffer).toString()), {
    __type: 'com.amazon.coral.validate#ValidationException',
    message: 'bad',
  });
  const unknown = jsonProtocolError(
    request('{}'),
    new AwsError('UnknownOperationException', '', { status: 400 }),
    options,
  );
  assert.deepEqual(JSON.parse((unknown.body as Buffer).toString()), {
    __type: 'com.amazon.coral.service#UnknownOperationException',
  });
});
