import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AwsError } from '../core/errors.js';
import { createRestJsonRouter, restJsonError } from './rest-json.js';
import type { AwsRequest } from './types.js';

function request(method: string, path: string): AwsRequest {
  return {
    method,
    path,
    query: new URLSearchParams(),
    headers: {},
    body: Buffer.alloc(0),
    requestId: 'r-1',
  };
}

test('routes by method and URI template, decoding labels, with or without a trailing slash', () => {
  const route = createRestJsonRouter([
    {
      operation: 'Invoke',
      method: 'POST',
      path: '/2015-03-31/functions/{FunctionName}/invocations',
    },
    { operation: 'GetFunction', method: 'GET', path: '/2015-03-31/functions/{FunctionName}' },
    { operation: 'ListFunctions', method: 'GET', path: '/2015-03-31/functions/' },
  ]);
  assert.deepEqual(
    route(
      request(
        'POST',
        '/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Af/invocations',
      ),
    ),
    {
      operation: 'Invoke',
      params: { FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:f' },
    },
  );
  assert.equal(route(request('GET', '/2015-03-31/functions/f'))?.operation, 'GetFunction');
  assert.equal(route(request('GET', '/2015-03-31/functions'))?.operation, 'ListFunctions');
  assert.equal(route(request('GET', '/2015-03-31/functions/'))?.operation, 'ListFunctions');
  assert.equal(route(request('DELETE', '/2015-03-31/functions/f')), undefined);
});

test('errors carry x-amzn-ErrorType and the service fields', () => {
  const res = restJsonError(
    request('GET', '/'),
    new AwsError('ResourceNotFoundException', 'Function not found: x', {
      status: 404,
      fields: { Type: 'User' },
    }),
  );
  assert.equal(res.status, 404);
  assert.equal(res.headers['x-amzn-errortype'], 'ResourceNotFoundException');
  assert.deepEqual(JSON.parse(res.body as string), {
    Type: 'User',
    message: 'Function not found: x',
  });
});
