import assert from 'node:assert/strict';
import { connect, createServer, type ClientHttp2Session } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { createLogger, MemoryLogSink } from '../core/logger.js';
import { Gateway } from './gateway.js';
import { FakeInvoker, httpApi, httpRoute, ok, restApi, restRoute, type Json } from './testing.js';

describe('handle() serves HTTP/2 requests (http2.createServer compatibility API)', () => {
  const invoker = new FakeInvoker();
  const gateway = new Gateway({
    invoker,
    logger: createLogger({ sink: new MemoryLogSink() }),
    region: 'us-east-1',
    accountId: '123456789012',
  });
  gateway.deploy(
    [restApi({ routes: [restRoute('POST', '/echo')] })],
    [httpApi({ routes: [httpRoute('GET /h2')] })],
  );
  const server = createServer((req, res) => gateway.handle(req, res));
  let client: ClientHttp2Session;

  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    client = connect(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  });
  after(async () => {
    client.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  function request(headers: Record<string, string>, body?: string) {
    return new Promise<{ headers: Record<string, unknown>; text: string }>((resolve, reject) => {
      const stream = client.request(headers);
      let text = '';
      let responseHeaders: Record<string, unknown> = {};
      stream.setEncoding('utf8');
      stream.on('response', (h) => (responseHeaders = h));
      stream.on('data', (c: string) => (text += c));
      stream.on('end', () => resolve({ headers: responseHeaders, text }));
      stream.on('error', reject);
      stream.end(body);
    });
  }

  test('REST over HTTP/2: event built from the HTTP/2 request, response with cookies and remaps', async () => {
    invoker.respond = (_req, event: Json) =>
      ok({
        statusCode: 201,
        headers: { 'X-Echo': event.body, Connection: 'keep-alive' },
        multiValueHeaders: { 'Set-Cookie': ['a=1', 'b=2'] },
        body: JSON.stringify({ method: event.httpMethod, protocol: event.requestContext.protocol }),
      });
    const res = await request(
      {
        ':method': 'POST',
        ':path': '/Prod/echo?x=1',
        'content-type': 'text/plain',
        'x-thing': 'y',
      },
      'hello',
    );
    assert.equal(res.headers[':status'], 201);
    assert.equal(res.headers['x-echo'], 'hello');
    assert.deepEqual(res.headers['set-cookie'], ['a=1', 'b=2']);
    assert.equal(res.headers['x-amzn-remapped-connection'], 'keep-alive');
    assert.ok(res.headers['x-amzn-requestid']);
    assert.deepEqual(JSON.parse(res.text), { method: 'POST', protocol: 'HTTP/2.0' });
    const e = invoker.last;
    assert.equal(e.headers['x-thing'], 'y');
    assert.equal(e.headers[':path'], undefined, 'pseudo-headers are not forwarded');
    assert.equal(e.headers[':authority'], undefined);
    assert.equal(e.headers.Host, 'restapi001.execute-api.us-east-1.amazonaws.com');
    assert.deepEqual(e.queryStringParameters, { x: '1' });
  });

  test('HTTP API over HTTP/2, and the not-found answers', async () => {
    invoker.respond = () => ok({ hello: 'h2' });
    const res = await request({ ':method': 'GET', ':path': '/h2' });
    assert.equal(res.headers[':status'], 200);
    assert.deepEqual(JSON.parse(res.text), { hello: 'h2' });
    assert.ok(res.headers['apigw-requestid']);
    const missing = await request({ ':method': 'GET', ':path': '/Prod/none' });
    assert.equal(missing.headers[':status'], 403);
    assert.equal(missing.text, '{"message":"Missing Authentication Token"}');
  });

  test('host style works through :authority', async () => {
    invoker.respond = () => ok({ statusCode: 200, body: 'by-authority' });
    const res = await request({
      ':method': 'GET',
      ':path': '/h2',
      ':authority': 'httpapi001.execute-api.localhost',
    });
    assert.equal(res.headers[':status'], 200);
    assert.equal(res.text, 'by-authority');
  });
});
