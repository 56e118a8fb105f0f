import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ManualClock } from '../core/clock.js';
import {
  httpApi,
  httpRoute,
  ok,
  restApi,
  restRoute,
  send,
  startGateway,
  type TestGateway,
} from './testing.js';

describe('payload 1.0 event for REST APIs (lambda.md §6.1)', () => {
  let g: TestGateway;
  const clock = new ManualClock(Date.UTC(2026, 3, 9, 12, 34, 56, 789));
  before(async () => {
    g = await startGateway({
      clock,
      rest: [
        restApi({
          id: 'abc1234567',
          binaryMediaTypes: ['image/png', 'audio/*'],
          routes: [
            restRoute('GET', '/items/{id}'),
            restRoute('POST', '/items'),
            restRoute('ANY', '/{proxy+}'),
            restRoute('GET', '/'),
          ],
        }),
        restApi({
          id: 'vars123456',
          stageName: 'live',
          stageVariables: { lambdaAlias: 'live', color: 'blue' },
          binaryMediaTypes: ['*/*'],
          routes: [restRoute('POST', '/up')],
        }),
      ],
    });
  });
  after(() => g.close());

  test('carries the request exactly as API Gateway describes it', async () => {
    const res = await send(g.url, '/Prod/items/42?q=a&q=b&single=1&empty', {
      headers: {
        Accept: '*/*',
        'X-Multi': ['v1', 'v2'],
        'User-Agent': 'curl/8.0',
        Connection: 'keep-alive',
      },
    });
    assert.equal(res.status, 200);
    const e = g.invoker.last;
    assert.equal(e.resource, '/items/{id}');
    assert.equal(e.path, '/items/42');
    assert.equal(e.httpMethod, 'GET');
    assert.equal(e.version, undefined);
    // Client casing kept; the last of repeated values in `headers`, all in `multiValueHeaders`.
    assert.equal(e.headers.Accept, '*/*');
    assert.equal(e.headers['X-Multi'], 'v2');
    assert.deepEqual(e.multiValueHeaders['X-Multi'], ['v1', 'v2']);
    assert.equal(e.headers.Host, 'abc1234567.execute-api.us-east-1.amazonaws.com');
    assert.deepEqual(e.multiValueHeaders.Host, ['abc1234567.execute-api.us-east-1.amazonaws.com']);
    assert.equal(e.headers['X-Forwarded-Proto'], 'https');
    assert.equal(e.headers['X-Forwarded-Port'], '443');
    assert.equal(e.headers['X-Forwarded-For'], '127.0.0.1');
    const seconds = Math.floor(clock.now() / 1000).toString(16);
    assert.match(
      String(e.headers['X-Amzn-Trace-Id']),
      new RegExp(`^Root=1-${seconds}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0$`),
    );
    assert.equal(e.headers.Connection, undefined);
    assert.equal(e.headers.connection, undefined);
    assert.deepEqual(e.queryStringParameters, { q: 'b', single: '1', empty: '' });
    assert.deepEqual(e.multiValueQueryStringParameters, {
      q: ['a', 'b'],
      single: ['1'],
      empty: [''],
    });
    assert.deepEqual(e.pathParameters, { id: '42' });
    assert.equal(e.stageVariables, null);
    assert.equal(e.body, null);
    assert.equal(e.isBase64Encoded, false);

    const c = e.requestContext;
    assert.equal(c.resourcePath, '/items/{id}');
    assert.match(String(c.resourceId), /^[a-z0-9]{6}$/);
    assert.equal(c.httpMethod, 'GET');
    assert.equal(c.path, '/Prod/items/42');
    assert.equal(c.stage, 'Prod');
    assert.equal(c.accountId, '123456789012');
    assert.equal(c.apiId, 'abc1234567');
    assert.equal(c.domainName, 'abc1234567.execute-api.us-east-1.amazonaws.com');
    assert.equal(c.domainPrefix, 'abc1234567');
    assert.equal(c.protocol, 'HTTP/1.1');
    assert.equal(c.requestTime, '09/Apr/2026:12:34:56 +0000');
    assert.equal(c.requestTimeEpoch, clock.now());
    assert.equal(c.identity.sourceIp, '127.0.0.1');
    assert.equal(c.identity.userAgent, 'curl/8.0');
    assert.equal(c.identity.user, null);
    assert.equal(c.identity.apiKey, null);
    assert.equal(c.authorizer, undefined);
    // The ids in the event are the ones the client sees.
    assert.equal(c.requestId, res.headers['x-amzn-requestid']);
    assert.equal(c.extendedRequestId, res.headers['x-amz-apigw-id']);
    assert.equal(e.headers['X-Amzn-Trace-Id'], res.headers['x-amzn-trace-id']);
  });

  test('the invoke goes to the integration function with the trace header', () => {
    const call = g.invoker.calls.at(-1)!;
    assert.equal(call.functionName, 'arn:aws:lambda:us-east-1:123456789012:function:fn');
    assert.equal(call.traceId, g.invoker.last.headers['X-Amzn-Trace-Id']);
  });

  test('absent query string and headers from the client: maps are null, not {}', async () => {
    await send(g.url, '/Prod/');
    const e = g.invoker.last;
    assert.equal(e.resource, '/');
    assert.equal(e.path, '/');
    assert.equal(e.queryStringParameters, null);
    assert.equal(e.multiValueQueryStringParameters, null);
    assert.equal(e.pathParameters, null);
  });

  test('{proxy+} arrives as pathParameters.proxy with its slashes', async () => {
    await send(g.url, '/Prod/a/b%20c/d', { method: 'DELETE' });
    const e = g.invoker.last;
    assert.equal(e.resource, '/{proxy+}');
    assert.deepEqual(e.pathParameters, { proxy: 'a/b c/d' });
    assert.equal(e.requestContext.resourcePath, '/{proxy+}');
  });

  test('an incoming trace header keeps its root and gets a parent', async () => {
    await send(g.url, '/Prod/', {
      headers: { 'X-Amzn-Trace-Id': 'Root=1-5f000000-0123456789abcdef01234567' },
    });
    assert.match(
      String(g.invoker.last.headers['X-Amzn-Trace-Id']),
      /^Root=1-5f000000-0123456789abcdef01234567;Parent=[0-9a-f]{16};Sampled=0$/,
    );
    await send(g.url, '/Prod/', {
      headers: {
        'X-Amzn-Trace-Id': 'Root=1-5f000000-0123456789abcdef01234567;Parent=1111111111111111',
      },
    });
    assert.equal(
      g.invoker.last.headers['X-Amzn-Trace-Id'],
      'Root=1-5f000000-0123456789abcdef01234567;Parent=1111111111111111;Sampled=1',
    );
  });

  test('a client X-Forwarded-For chain gets the caller appended', async () => {
    await send(g.url, '/Prod/', { headers: { 'X-Forwarded-For': '203.0.113.1' } });
    assert.equal(g.invoker.last.headers['X-Forwarded-For'], '203.0.113.1, 127.0.0.1');
  });

  test('a text body is a string; a binaryMediaTypes body is base64', async () => {
    await send(g.url, '/Prod/items', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"a":1}',
    });
    assert.equal(g.invoker.last.body, '{"a":1}');
    assert.equal(g.invoker.last.isBase64Encoded, false);

    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255]);
    await send(g.url, '/Prod/items', {
      method: 'POST',
      headers: { 'Content-Type': 'image/png' },
      body: png,
    });
    assert.equal(g.invoker.last.body, png.toString('base64'));
    assert.equal(g.invoker.last.isBase64Encoded, true);

    await send(g.url, '/Prod/items', {
      method: 'POST',
      headers: { 'Content-Type': 'audio/ogg; codec=x' },
      body: png,
    });
    assert.equal(g.invoker.last.isBase64Encoded, true, 'type/* matches any subtype');

    await send(g.url, '/Prod/items', {
      method: 'POST',
      headers: { 'Content-Type': 'image/jpeg' },
      body: 'abc',
    });
    assert.equal(g.invoker.last.body, 'abc');
    assert.equal(g.invoker.last.isBase64Encoded, false);
  });

  test('*/* makes every body binary; stage variables are in the event', async () => {
    await send(g.url, '/live/up', {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain' },
      body: 'hi',
    });
    const e = g.invoker.last;
    assert.equal(e.body, Buffer.from('hi').toString('base64'));
    assert.equal(e.isBase64Encoded, true);
    assert.deepEqual(e.stageVariables, { lambdaAlias: 'live', color: 'blue' });
    assert.equal(e.requestContext.stage, 'live');
  });
});

describe('payload 1.0 event for HTTP APIs', () => {
  test('has "version": "1.0" and the REST shape', async () => {
    const g = await startGateway({
      http: [httpApi({ routes: [httpRoute('GET /v1/{id}', 'fn', '1.0')] })],
    });
    try {
      g.invoker.respond = () => ok({ statusCode: 200, body: 'x', extra: 'ignored' });
      const res = await send(g.url, '/v1/7?x=1', { headers: { 'X-Thing': 'y' } });
      assert.equal(res.status, 200, 'HTTP API 1.0 ignores extra keys');
      assert.equal(res.text, 'x');
      const e = g.invoker.last;
      assert.equal(e.version, '1.0');
      assert.equal(e.resource, '/v1/{id}');
      assert.equal(e.path, '/v1/7');
      assert.deepEqual(e.pathParameters, { id: '7' });
      assert.deepEqual(e.multiValueQueryStringParameters, { x: ['1'] });
      assert.equal(e.headers['X-Thing'], 'y');
      assert.equal(e.stageVariables, null);
      assert.equal(e.requestContext.stage, '$default');
      assert.equal(e.requestContext.resourceId, 'GET /v1/{id}');
      assert.equal(e.requestContext.requestId, res.headers['apigw-requestid']);
    } finally {
      await g.close();
    }
  });
});
