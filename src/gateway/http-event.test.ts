import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ManualClock } from '../core/clock.js';
import { httpApi, httpRoute, send, startGateway, type TestGateway } from './testing.js';

describe('payload 2.0 event for HTTP APIs (lambda.md §6.2)', () => {
  let g: TestGateway;
  const clock = new ManualClock(Date.UTC(2020, 2, 10, 5, 16, 23, 220));
  before(async () => {
    g = await startGateway({
      clock,
      http: [
        httpApi({
          id: 'abc1234567',
          routes: [httpRoute('GET /items/{id}'), httpRoute('POST /upload'), httpRoute('$default')],
        }),
        httpApi({
          id: 'staged1234',
          stageName: 'beta',
          stageVariables: { lambdaAlias: 'live' },
          routes: [httpRoute('GET /items/{id}')],
        }),
      ],
    });
  });
  after(() => g.close());

  test('carries the request exactly as API Gateway describes it', async () => {
    const res = await send(g.url, '/items/42?q=a&q=b&x=%20y', {
      headers: {
        Accept: '*/*',
        'X-Multi': ['v1', 'v2'],
        Cookie: 's=1; t=2',
        'User-Agent': 'curl/8.0',
      },
    });
    assert.equal(res.status, 200);
    const e = g.invoker.last;
    assert.equal(e.version, '2.0');
    assert.equal(e.routeKey, 'GET /items/{id}');
    assert.equal(e.rawPath, '/items/42');
    assert.equal(e.rawQueryString, 'q=a&q=b&x=%20y');
    assert.deepEqual(e.cookies, ['s=1', 't=2']);
    assert.equal(e.headers.cookie, undefined, 'cookies are not repeated as a header');
    assert.equal(e.headers.accept, '*/*');
    assert.equal(e.headers['x-multi'], 'v1,v2');
    assert.equal(e.headers.Accept, undefined, 'header names are lower-case');
    assert.equal(e.headers.host, 'abc1234567.execute-api.us-east-1.amazonaws.com');
    assert.equal(e.headers['x-forwarded-proto'], 'https');
    assert.match(String(e.headers['x-amzn-trace-id']), /^Root=1-/);
    assert.deepEqual(e.queryStringParameters, { q: 'a,b', x: ' y' });
    assert.deepEqual(e.pathParameters, { id: '42' });
    assert.equal('stageVariables' in e, false, 'empty maps are omitted');
    assert.equal('body' in e, false);
    assert.equal(e.isBase64Encoded, false);
    assert.equal('multiValueHeaders' in e, false);

    const c = e.requestContext;
    assert.equal(c.accountId, '123456789012');
    assert.equal(c.apiId, 'abc1234567');
    assert.equal(c.domainName, 'abc1234567.execute-api.us-east-1.amazonaws.com');
    assert.equal(c.domainPrefix, 'abc1234567');
    assert.deepEqual(c.http, {
      method: 'GET',
      path: '/items/42',
      protocol: 'HTTP/1.1',
      sourceIp: '127.0.0.1',
      userAgent: 'curl/8.0',
    });
    assert.equal(c.routeKey, 'GET /items/{id}');
    assert.equal(c.stage, '$default');
    assert.equal(c.time, '10/Mar/2020:05:16:23 +0000');
    assert.equal(c.timeEpoch, clock.now());
    assert.equal(c.requestId, res.headers['apigw-requestid']);
    assert.match(String(c.requestId), /^.{15}=$/);
  });

  test('no query string, cookies or path variables: those keys are omitted', async () => {
    await send(g.url, '/anything/else');
    const e = g.invoker.last;
    assert.equal(e.routeKey, '$default');
    assert.equal(e.rawPath, '/anything/else');
    assert.equal(e.rawQueryString, '');
    for (const key of [
      'cookies',
      'queryStringParameters',
      'pathParameters',
      'stageVariables',
      'body',
    ]) {
      assert.equal(key in e, false, key);
    }
  });

  test('text bodies are strings; other content types are base64', async () => {
    await send(g.url, '/upload', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"a":1}',
    });
    assert.equal(g.invoker.last.body, '{"a":1}');
    assert.equal(g.invoker.last.isBase64Encoded, false);
    await send(g.url, '/upload', {
      method: 'POST',
      headers: { 'content-type': 'text/csv; charset=utf-8' },
      body: 'a,b',
    });
    assert.equal(g.invoker.last.body, 'a,b');
    const bytes = Buffer.from([0, 1, 2, 250]);
    await send(g.url, '/upload', {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: bytes,
    });
    assert.equal(g.invoker.last.body, bytes.toString('base64'));
    assert.equal(g.invoker.last.isBase64Encoded, true);
    await send(g.url, '/upload', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'a=1',
    });
    assert.equal(g.invoker.last.body, Buffer.from('a=1').toString('base64'));
    assert.equal(g.invoker.last.isBase64Encoded, true);
  });

  test('a named stage: rawPath keeps the stage, stageVariables are present', async () => {
    await send(g.url, '/beta/items/1');
    const e = g.invoker.last;
    assert.equal(e.rawPath, '/beta/items/1');
    assert.equal(e.requestContext.http.path, '/beta/items/1');
    assert.equal(e.requestContext.stage, 'beta');
    assert.deepEqual(e.stageVariables, { lambdaAlias: 'live' });
    assert.equal(e.headers.host, 'staged1234.execute-api.us-east-1.amazonaws.com');
  });

  test('through /_aws/execute-api/{id}/… the event still shows the canonical path', async () => {
    await send(g.url, '/_aws/execute-api/staged1234/beta/items/5');
    assert.equal(g.invoker.last.rawPath, '/beta/items/5');
    assert.equal(g.invoker.last.requestContext.domainPrefix, 'staged1234');
  });
});
