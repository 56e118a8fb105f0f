import assert from 'node:assert/strict';
import { request } from 'node:http';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { ManualClock } from '../core/clock.js';
import { AwsError } from '../core/errors.js';
import type { InvokeResult } from '../functions/types.js';
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

const ELEVEN_MB = 11 * 1024 * 1024;

/** Sends a body in chunks without Content-Length; resolves with the status and body text. */
function sendChunked(
  url: string,
  path: string,
  total: number,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = request(
      { host: u.hostname, port: u.port, path, method: 'POST', agent: false },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    const chunk = Buffer.alloc(1024 * 1024, 97);
    let sent = 0;
    const pump = (): void => {
      while (sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) {
          req.once('drain', pump);
          return;
        }
      }
      req.end();
    };
    pump();
  });
}

describe('request size limits (apigateway.md §8.1)', () => {
  let g: TestGateway;
  before(async () => {
    g = await startGateway({
      rest: [restApi({ routes: [restRoute('POST', '/up')] })],
      http: [httpApi({ routes: [httpRoute('POST /up')] })],
    });
  });
  after(() => g.close());

  test('REST: a body over 10 MB (by Content-Length) answers 413 Request Too Long, uninvoked', async () => {
    const calls = g.invoker.calls.length;
    const big = await send(g.url, '/Prod/up', {
      method: 'POST',
      body: Buffer.alloc(ELEVEN_MB, 97),
    });
    assert.equal(big.status, 413);
    assert.equal(big.text, '{"message":"Request Too Long"}');
    assert.ok(big.headers['x-amzn-requestid']);
    assert.equal(g.invoker.calls.length, calls);
  });

  test('REST: a chunked body that grows past 10 MB answers 413 without buffering it all', async () => {
    const calls = g.invoker.calls.length;
    const res = await sendChunked(g.url, '/Prod/up', ELEVEN_MB);
    assert.equal(res.status, 413);
    assert.equal(res.text, '{"message":"Request Too Long"}');
    assert.equal(g.invoker.calls.length, calls);
  });

  test('HTTP API: a body over 10 MB answers 413', async () => {
    const res = await sendChunked(g.url, '/up', ELEVEN_MB);
    assert.equal(res.status, 413);
    assert.equal(res.text, '{"message":"Request Too Long"}');
  });

  test("a body under 10 MB but over Lambda's 6 MB gets what AWS gives: REST 413 BadRequestException", async () => {
    g.invoker.respond = () => {
      throw new AwsError(
        'RequestTooLargeException',
        'Request must be smaller than 6291456 bytes for the InvokeFunction operation',
        {
          status: 413,
        },
      );
    };
    const seven = Buffer.alloc(7 * 1024 * 1024, 97);
    const rest = await send(g.url, '/Prod/up', { method: 'POST', body: seven });
    assert.equal(rest.status, 413);
    assert.equal(rest.text, '{"message": "Request Too Long"}');
    assert.equal(rest.headers['x-amzn-errortype'], 'BadRequestException');
    assert.equal(g.invoker.last.body.length, seven.length, 'the whole body reached the invoke');
    const http = await send(g.url, '/up', { method: 'POST', body: seven });
    assert.equal(http.status, 413);
    assert.equal(http.text, '{"message":"Request Too Long"}');
    g.invoker.respond = () => ok({ statusCode: 200, body: '' });
  });
});

describe('integration timeout (apigateway.md §8.1)', () => {
  let g: TestGateway;
  const clock = new ManualClock();
  let finish: ((r: InvokeResult) => void) | undefined;
  let invoked: () => void = () => {};
  before(async () => {
    g = await startGateway({
      clock,
      rest: [restApi({ routes: [restRoute('GET', '/slow', 'slow', 1000)] })],
      http: [httpApi({ routes: [httpRoute('GET /slow', 'slow', '2.0', 2000)] })],
    });
    g.invoker.respond = () =>
      new Promise<InvokeResult>((resolve) => {
        finish = resolve;
        invoked();
      });
  });
  after(() => g.close());

  async function timeOut(path: string, ms: number) {
    const called = new Promise<void>((resolve) => (invoked = resolve));
    const pending = send(g.url, path);
    await called;
    clock.advance(ms - 1);
    await new Promise((r) => setImmediate(r));
    clock.advance(1);
    return pending;
  }

  test('REST: 504 Endpoint request timed out at the route timeout; the function is not cancelled', async () => {
    const res = await timeOut('/Prod/slow', 1000);
    assert.equal(res.status, 504);
    assert.equal(res.text, '{"message":"Endpoint request timed out"}');
    assert.ok(res.headers['x-amzn-requestid']);
    // The function finishes later; its result is discarded without harm.
    finish!(ok({ statusCode: 200, body: 'late' }));
    await new Promise((r) => setImmediate(r));
    assert.equal((await send(g.url, '/Prod/nope')).status, 403, 'the gateway still serves');
  });

  test('HTTP API: 503 Service Unavailable', async () => {
    const res = await timeOut('/slow', 2000);
    assert.equal(res.status, 503);
    assert.equal(res.text, '{"message":"Service Unavailable"}');
    finish!(ok('late'));
  });

  test('a function that answers in time is not affected by the timer', async () => {
    const called = new Promise<void>((resolve) => (invoked = resolve));
    const pending = send(g.url, '/Prod/slow');
    await called;
    clock.advance(999);
    finish!(ok({ statusCode: 200, body: 'on time' }));
    const res = await pending;
    assert.equal(res.text, 'on time');
    clock.advance(10);
  });
});

describe('stage variables in integration targets (apigateway.md §4)', () => {
  test('${stageVariables.x} in the function ARN is replaced from the stage', async () => {
    const g = await startGateway({
      rest: [
        restApi({
          stageVariables: { alias: 'live', fn: 'orders' },
          routes: [
            {
              method: 'GET',
              path: '/a',
              apiKeyRequired: false,
              integration: {
                type: 'lambda-proxy',
                functionArn:
                  'arn:aws:lambda:us-east-1:123456789012:function:${stageVariables.fn}:${stageVariables.alias}',
                timeoutMs: 29000,
              },
            },
            {
              method: 'GET',
              path: '/b',
              apiKeyRequired: false,
              integration: {
                type: 'lambda-proxy',
                functionArn:
                  'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:my-fn:${stageVariables.missing}/invocations',
                timeoutMs: 29000,
              },
            },
          ],
        }),
      ],
    });
    try {
      await send(g.url, '/Prod/a');
      assert.equal(
        g.invoker.calls.at(-1)!.functionName,
        'arn:aws:lambda:us-east-1:123456789012:function:orders:live',
      );
      assert.deepEqual(g.invoker.last.stageVariables, { alias: 'live', fn: 'orders' });
      // An integration URI is unwrapped; an undefined variable renders as ''.
      await send(g.url, '/Prod/b');
      assert.equal(
        g.invoker.calls.at(-1)!.functionName,
        'arn:aws:lambda:us-east-1:123456789012:function:my-fn:',
      );
      assert.deepEqual(
        g.gateway.routes('http://x').map((r) => r.functionName),
        ['orders', 'my-fn'],
      );
    } finally {
      await g.close();
    }
  });
});

describe('resilience', () => {
  let g: TestGateway;
  before(async () => {
    g = await startGateway({
      rest: [restApi({ routes: [restRoute('POST', '/up'), restRoute('GET', '/a')] })],
    });
  });
  after(() => g.close());

  test('a client that disconnects mid-body is logged, not invoked, and does not hurt the server', async () => {
    const calls = g.invoker.calls.length;
    await new Promise<void>((resolve) => {
      const socket = connect(g.port, '127.0.0.1', () => {
        socket.write('POST /Prod/up HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nonly-a-bit');
        setTimeout(() => {
          socket.destroy();
          resolve();
        }, 50);
      });
    });
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(g.invoker.calls.length, calls);
    assert.ok(g.logs.lines.some((l) => l.includes('client went away')));
    assert.equal((await send(g.url, '/Prod/a')).status, 200);
  });

  test('a client that leaves while the function runs: the late answer is dropped quietly', async () => {
    let finish: (r: InvokeResult) => void = () => {};
    const invoked = new Promise<void>((resolve) => {
      g.invoker.respond = () =>
        new Promise<InvokeResult>((r) => {
          finish = r;
          resolve();
        });
    });
    const socket = connect(g.port, '127.0.0.1', () =>
      socket.write('GET /Prod/a HTTP/1.1\r\nHost: x\r\n\r\n'),
    );
    socket.on('error', () => {});
    await invoked;
    socket.destroy();
    await new Promise((r) => setTimeout(r, 20));
    finish(ok({ statusCode: 200, body: 'late' }));
    await new Promise((r) => setTimeout(r, 20));
    assert.ok(g.logs.lines.some((l) => l.includes('client went away before the answer')));
    assert.ok(!g.logs.lines.some((l) => l.startsWith('error:')));
    g.invoker.respond = () => ok({ statusCode: 200, body: 'hello' });
    assert.equal((await send(g.url, '/Prod/a')).status, 200);
  });

  test('odd request targets are answered, never crash: bad escapes, absolute form, *', async () => {
    const raw = (line: string) =>
      new Promise<string>((resolve) => {
        const socket = connect(g.port, '127.0.0.1', () =>
          socket.write(`${line}\r\nHost: x\r\nConnection: close\r\n\r\n`),
        );
        let text = '';
        socket.on('data', (c: Buffer) => (text += c.toString()));
        socket.on('end', () => resolve(text));
        socket.on('error', () => resolve(text));
      });
    assert.match(await raw('GET /Prod/%E0%A4%A HTTP/1.1'), /^HTTP\/1.1 403/);
    assert.match(await raw(`GET http://localhost:${g.port}/Prod/a HTTP/1.1`), /^HTTP\/1.1 200/);
    assert.match(await raw('OPTIONS * HTTP/1.1'), /^HTTP\/1.1 403/);
  });

  test('one access line per request at debug level', async () => {
    const before = g.logs.lines.length;
    await send(g.url, '/Prod/a?x=1');
    const lines = g.logs.lines.slice(before).filter((l) => l.startsWith('debug: GET /Prod/a 200'));
    assert.equal(lines.length, 1);
  });
});
