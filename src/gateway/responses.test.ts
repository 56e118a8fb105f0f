import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AwsError } from '../core/errors.js';
import {
  functionError,
  httpApi,
  httpRoute,
  ok,
  restApi,
  restRoute,
  send,
  startGateway,
  type Json,
  type TestGateway,
} from './testing.js';

const INTERNAL_REST = '{"message": "Internal server error"}';

describe('REST (payload 1.0) responses', () => {
  let g: TestGateway;
  before(async () => {
    g = await startGateway({
      rest: [
        restApi({
          binaryMediaTypes: ['image/png'],
          routes: [
            restRoute('ANY', '/r'),
            {
              method: 'OPTIONS',
              path: '/r',
              apiKeyRequired: false,
              integration: {
                type: 'mock',
                statusCode: 200,
                headers: {
                  'Access-Control-Allow-Origin': '*',
                  'Access-Control-Allow-Methods': 'GET,OPTIONS',
                },
                body: '',
              },
            },
          ],
        }),
      ],
    });
  });
  after(() => g.close());

  const reply = (value: unknown) => {
    g.invoker.respond = () => ok(value);
  };

  test('statusCode, headers and body reach the client; Content-Type defaults to application/json', async () => {
    reply({ statusCode: 201, headers: { 'X-Custom': 'yes' }, body: '{"ok":true}' });
    const res = await send(g.url, '/Prod/r');
    assert.equal(res.status, 201);
    assert.equal(res.headers['x-custom'], 'yes');
    assert.equal(res.headers['content-type'], 'application/json');
    assert.equal(res.text, '{"ok":true}');
  });

  test('headers and multiValueHeaders merge; a pair present in both appears once', async () => {
    reply({
      statusCode: 200,
      headers: { 'Set-Cookie': 'c=3', 'X-A': 'a', 'Content-Type': 'text/plain' },
      multiValueHeaders: { 'Set-Cookie': ['a=1', 'b=2'], 'X-A': ['a'] },
      body: 'hi',
    });
    const res = await send(g.url, '/Prod/r');
    assert.deepEqual(res.headers['set-cookie'], ['a=1', 'b=2', 'c=3']);
    assert.equal(res.rawHeaders.filter((h) => h.toLowerCase() === 'x-a').length, 1);
    assert.equal(res.headers['content-type'], 'text/plain');
  });

  test('standard headers: x-amzn-RequestId is the event requestId; x-amz-apigw-id; X-Amzn-Trace-Id', async () => {
    reply({ statusCode: 200, body: '' });
    const res = await send(g.url, '/Prod/r');
    const e = g.invoker.last;
    assert.equal(res.headers['x-amzn-requestid'], e.requestContext.requestId);
    assert.equal(res.headers['x-amz-apigw-id'], e.requestContext.extendedRequestId);
    assert.equal(res.headers['x-amzn-trace-id'], e.headers['X-Amzn-Trace-Id']);
    assert.ok(res.headers.date);
  });

  test('headers an integration may not set are renamed x-amzn-Remapped-* or dropped', async () => {
    reply({
      statusCode: 401,
      headers: {
        'WWW-Authenticate': 'Basic realm="x"',
        Server: 'mine',
        Date: 'yesterday',
        Connection: 'close',
        'Transfer-Encoding': 'chunked',
        'Content-Length': '999',
      },
      body: 'no',
    });
    const res = await send(g.url, '/Prod/r');
    assert.equal(res.status, 401);
    assert.equal(res.headers['x-amzn-remapped-www-authenticate'], 'Basic realm="x"');
    assert.equal(res.headers['www-authenticate'], undefined);
    assert.equal(res.headers['x-amzn-remapped-server'], 'mine');
    assert.equal(res.headers['x-amzn-remapped-date'], 'yesterday');
    assert.equal(res.headers['x-amzn-remapped-connection'], 'close');
    assert.equal(res.headers['x-amzn-remapped-content-length'], '999');
    assert.notEqual(res.headers.date, 'yesterday');
    assert.equal(res.headers['transfer-encoding'], undefined);
    assert.equal(res.headers['content-length'], '2');
    assert.equal(res.text, 'no');
  });

  for (const [name, value] of [
    ['an unknown key', { statusCode: 200, body: 'x', extra: 1 }],
    ['a string statusCode', { statusCode: '200', body: 'x' }],
    ['a fractional statusCode', { statusCode: 200.5, body: 'x' }],
    ['no statusCode', { body: 'x' }],
    ['an object body', { statusCode: 200, body: { a: 1 } }],
    ['a non-object result', [1, 2]],
    ['a header with a newline', { statusCode: 200, headers: { 'X-Bad': 'a\r\nb' }, body: '' }],
  ] as const) {
    test(`a malformed result (${name}) answers 502 Internal server error`, async () => {
      reply(value);
      const res = await send(g.url, '/Prod/r');
      assert.equal(res.status, 502);
      assert.equal(res.text, INTERNAL_REST);
      assert.equal(res.headers['x-amzn-errortype'], 'InternalServerErrorException');
      assert.ok(g.logs.lines.some((l) => l.includes('Malformed Lambda proxy response')));
    });
  }

  test('a function error answers 502 Internal server error', async () => {
    g.invoker.respond = () => functionError();
    const res = await send(g.url, '/Prod/r');
    assert.equal(res.status, 502);
    assert.equal(res.text, INTERNAL_REST);
    assert.ok(res.headers['x-amzn-requestid']);
  });

  test('a throttled invoke (429) answers 500 Internal server error, never 429', async () => {
    g.invoker.respond = () => {
      throw new AwsError('TooManyRequestsException', 'Rate Exceeded.', { status: 429 });
    };
    const res = await send(g.url, '/Prod/r');
    assert.equal(res.status, 500);
    assert.equal(res.text, INTERNAL_REST);
    assert.equal(res.headers['x-amzn-errortype'], 'InternalServerErrorException');
  });

  test('an invoker that throws an unexpected error answers 500 and is logged', async () => {
    g.invoker.respond = () => {
      throw new TypeError('kaput');
    };
    const res = await send(g.url, '/Prod/r');
    assert.equal(res.status, 500);
    assert.equal(res.text, INTERNAL_REST);
    assert.ok(g.logs.lines.some((l) => l.startsWith('error: invoking') && l.includes('kaput')));
  });

  test('a base64 body is decoded when the request Accept is a binary media type', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 255]);
    reply({
      statusCode: 200,
      headers: { 'Content-Type': 'application/octet-stream' },
      body: png.toString('base64'),
      isBase64Encoded: true,
    });
    const res = await send(g.url, '/Prod/r', { headers: { Accept: 'image/png, text/html' } });
    assert.deepEqual(res.body, png);
  });

  test('…or when the response Content-Type is one', async () => {
    const png = Buffer.from([1, 2, 3]);
    reply({
      statusCode: 200,
      headers: { 'Content-Type': 'image/png' },
      body: png.toString('base64'),
      isBase64Encoded: true,
    });
    const res = await send(g.url, '/Prod/r', { headers: { Accept: 'text/html' } });
    assert.deepEqual(res.body, png);
  });

  test('…and otherwise the base64 text is returned as is', async () => {
    reply({
      statusCode: 200,
      headers: { 'Content-Type': 'text/plain' },
      body: 'aGk=',
      isBase64Encoded: true,
    });
    const res = await send(g.url, '/Prod/r', { headers: { Accept: 'text/html, image/png' } });
    assert.equal(res.text, 'aGk=');
  });

  test('HEAD through ANY gets the headers without a body', async () => {
    reply({ statusCode: 200, body: 'hello' });
    const res = await send(g.url, '/Prod/r', { method: 'HEAD' });
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-length'], '5');
    assert.equal(res.body.length, 0);
  });

  test('a mock integration (SAM CORS OPTIONS) answers without invoking anything', async () => {
    const before = g.invoker.calls.length;
    const res = await send(g.url, '/Prod/r', {
      method: 'OPTIONS',
      headers: { Origin: 'https://a.example' },
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers['access-control-allow-origin'], '*');
    assert.equal(res.headers['access-control-allow-methods'], 'GET,OPTIONS');
    assert.equal(res.headers['x-amzn-trace-id'], undefined, 'no trace header for MOCK');
    assert.ok(res.headers['x-amzn-requestid']);
    assert.equal(g.invoker.calls.length, before);
  });
});

describe('HTTP API (payload 2.0) responses', () => {
  let g: TestGateway;
  before(async () => {
    g = await startGateway({ http: [httpApi({ routes: [httpRoute('ANY /r')] })] });
  });
  after(() => g.close());

  const reply = (value: Json) => {
    g.invoker.respond = () => ok(value);
  };

  test('a structured response: status, headers, one Set-Cookie per cookie, body', async () => {
    reply({
      statusCode: 201,
      headers: { 'content-type': 'text/plain', 'x-multi': 'a,b' },
      cookies: ['a=1; Path=/', 'b=2'],
      body: 'created',
      isBase64Encoded: false,
    });
    const res = await send(g.url, '/r');
    assert.equal(res.status, 201);
    assert.equal(res.headers['content-type'], 'text/plain');
    assert.equal(res.headers['x-multi'], 'a,b');
    assert.deepEqual(res.headers['set-cookie'], ['a=1; Path=/', 'b=2']);
    assert.equal(res.text, 'created');
    assert.equal(res.headers['apigw-requestid'], g.invoker.last.requestContext.requestId);
    assert.equal(res.headers['x-amzn-requestid'], undefined);
  });

  test('an object without statusCode is inferred: 200, application/json, the JSON as body', async () => {
    reply({ message: 'hi' });
    const res = await send(g.url, '/r');
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'application/json');
    assert.deepEqual(res.json(), { message: 'hi' });
  });

  test('a returned string is the body text; a number is its JSON', async () => {
    reply('Hello from Lambda!');
    assert.equal((await send(g.url, '/r')).text, 'Hello from Lambda!');
    reply(42);
    assert.equal((await send(g.url, '/r')).text, '42');
  });

  test('isBase64Encoded bodies are always decoded', async () => {
    reply({
      statusCode: 200,
      headers: { 'content-type': 'text/plain' },
      body: Buffer.from('bytes!').toString('base64'),
      isBase64Encoded: true,
    });
    assert.equal((await send(g.url, '/r')).text, 'bytes!');
  });

  test('a function error answers 500 {"message":"Internal Server Error"}', async () => {
    g.invoker.respond = () => functionError();
    const res = await send(g.url, '/r');
    assert.equal(res.status, 500);
    assert.equal(res.text, '{"message":"Internal Server Error"}');
    assert.equal(res.headers['x-amzn-errortype'], undefined);
    assert.ok(res.headers['apigw-requestid']);
  });

  test('a structured response with a bad statusCode answers 500', async () => {
    reply({ statusCode: 'nope', body: 'x' });
    const res = await send(g.url, '/r');
    assert.equal(res.status, 500);
    assert.equal(res.text, '{"message":"Internal Server Error"}');
  });

  test('a throttled invoke answers 500 {"message":"Internal Server Error"}', async () => {
    g.invoker.respond = () =>
      Promise.reject(new AwsError('TooManyRequestsException', 'Rate Exceeded.', { status: 429 }));
    const res = await send(g.url, '/r');
    assert.equal(res.status, 500);
    assert.equal(res.text, '{"message":"Internal Server Error"}');
  });

  test('reserved headers are remapped on HTTP APIs too', async () => {
    reply({
      statusCode: 200,
      headers: { connection: 'close', 'www-authenticate': 'Bearer' },
      body: '',
    });
    const res = await send(g.url, '/r');
    assert.equal(res.headers['x-amzn-remapped-www-authenticate'], 'Bearer');
    assert.equal(res.headers['x-amzn-remapped-connection'], 'close');
  });
});
