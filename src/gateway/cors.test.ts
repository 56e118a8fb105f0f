import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { compileCors, allowOriginFor } from './cors.js';
import { httpApi, httpRoute, ok, send, startGateway, type TestGateway } from './testing.js';

const preflight = (origin: string, method = 'GET', headers?: string) => ({
  method: 'OPTIONS',
  headers: {
    Origin: origin,
    'Access-Control-Request-Method': method,
    ...(headers === undefined ? {} : { 'Access-Control-Request-Headers': headers }),
  },
});

test('allowed origins: exact (case-insensitive), *, and https://* style wildcards', () => {
  const cors = compileCors({
    allowOrigins: ['https://a.example', 'https://*.b.example', 'http://*'],
    allowMethods: [],
    allowHeaders: [],
    exposeHeaders: [],
    allowCredentials: false,
  });
  assert.equal(allowOriginFor(cors, 'https://A.example'), 'https://A.example');
  assert.equal(allowOriginFor(cors, 'https://x.b.example'), 'https://x.b.example');
  assert.equal(allowOriginFor(cors, 'http://anything.test'), 'http://anything.test');
  assert.equal(allowOriginFor(cors, 'https://c.example'), undefined);
  assert.equal(allowOriginFor(cors, 'https://b.example'), undefined);
  const any = compileCors({
    allowOrigins: ['*'],
    allowMethods: [],
    allowHeaders: [],
    exposeHeaders: [],
    allowCredentials: false,
  });
  assert.equal(allowOriginFor(any, 'https://whoever'), '*');
});

describe('HTTP API CORS (apigateway.md §6.2)', () => {
  let g: TestGateway;
  before(async () => {
    g = await startGateway({
      http: [
        httpApi({
          routes: [httpRoute('GET /x'), httpRoute('OPTIONS /own')],
          cors: {
            allowOrigins: ['https://a.example', 'https://*.trusted.example'],
            allowMethods: ['GET', 'POST'],
            allowHeaders: ['content-type', 'x-api-key'],
            exposeHeaders: ['x-total'],
            allowCredentials: true,
            maxAge: 600,
          },
        }),
      ],
    });
    g.invoker.respond = () =>
      ok({
        statusCode: 200,
        headers: { 'access-control-allow-origin': 'https://evil.example', 'x-total': '3' },
        body: 'x',
      });
  });
  after(() => g.close());

  test('a preflight no route matches is answered 204 by the gateway, without invoking', async () => {
    const calls = g.invoker.calls.length;
    const res = await send(g.url, '/x', preflight('https://a.example', 'POST', 'Content-Type'));
    assert.equal(res.status, 204);
    assert.equal(res.text, '');
    assert.equal(res.headers['access-control-allow-origin'], 'https://a.example');
    assert.equal(res.headers['access-control-allow-methods'], 'GET,POST');
    assert.equal(res.headers['access-control-allow-headers'], 'content-type,x-api-key');
    assert.equal(res.headers['access-control-allow-credentials'], 'true');
    assert.equal(res.headers['access-control-max-age'], '600');
    assert.ok(res.headers['apigw-requestid']);
    assert.equal(g.invoker.calls.length, calls);
  });

  test('a wildcard origin is echoed back', async () => {
    const res = await send(g.url, '/x', preflight('https://app.trusted.example'));
    assert.equal(res.headers['access-control-allow-origin'], 'https://app.trusted.example');
  });

  test('a disallowed origin, method or header gets 204 with no CORS headers', async () => {
    const cases: [string, string, string | undefined][] = [
      ['https://b.example', 'GET', undefined],
      ['https://a.example', 'DELETE', undefined],
      ['https://a.example', 'GET', 'x-other'],
    ];
    for (const args of cases) {
      const res = await send(g.url, '/x', preflight(args[0], args[1], args[2]));
      assert.equal(res.status, 204);
      assert.equal(res.headers['access-control-allow-origin'], undefined, args.join(' '));
      assert.equal(res.headers['access-control-allow-methods'], undefined);
    }
  });

  test('a preflight a route matches goes to the route, with CORS headers added', async () => {
    const res = await send(g.url, '/own', preflight('https://a.example'));
    assert.equal(res.status, 200);
    assert.equal(g.invoker.last.routeKey, 'OPTIONS /own');
    assert.equal(res.headers['access-control-allow-origin'], 'https://a.example');
  });

  test('responses to an allowed origin get the gateway CORS headers; backend ones are dropped', async () => {
    const res = await send(g.url, '/x', { headers: { Origin: 'https://a.example' } });
    assert.equal(res.status, 200);
    assert.equal(res.headers['access-control-allow-origin'], 'https://a.example');
    assert.equal(res.headers['access-control-allow-credentials'], 'true');
    assert.equal(res.headers['access-control-expose-headers'], 'x-total');
    assert.equal(res.headers['x-total'], '3');
    assert.equal(
      res.headers['access-control-allow-methods'],
      undefined,
      'only preflights get Allow-Methods',
    );
  });

  test('a disallowed origin or no Origin: backend CORS headers are still dropped, none added', async () => {
    for (const headers of [{ Origin: 'https://b.example' }, {}]) {
      const res = await send(g.url, '/x', { headers });
      assert.equal(res.status, 200);
      assert.equal(res.headers['access-control-allow-origin'], undefined);
    }
  });

  test('gateway errors to an allowed origin carry CORS headers too', async () => {
    const res = await send(g.url, '/missing', { headers: { Origin: 'https://a.example' } });
    assert.equal(res.status, 404);
    assert.equal(res.headers['access-control-allow-origin'], 'https://a.example');
  });
});

test('without a CORS configuration, OPTIONS is routed like any method (404 if no route)', async () => {
  const g = await startGateway({ http: [httpApi({ routes: [httpRoute('GET /x')] })] });
  try {
    const res = await send(g.url, '/x', preflight('https://a.example'));
    assert.equal(res.status, 404);
    assert.equal(res.headers['access-control-allow-origin'], undefined);
  } finally {
    await g.close();
  }
});

test('allowOrigins ["*"]: Allow-Origin is *', async () => {
  const g = await startGateway({
    http: [
      httpApi({
        routes: [httpRoute('GET /x')],
        cors: {
          allowOrigins: ['*'],
          allowMethods: [],
          allowHeaders: [],
          exposeHeaders: [],
          allowCredentials: false,
        },
      }),
    ],
  });
  try {
    const pre = await send(g.url, '/x', preflight('https://any.example', 'PATCH', 'x-whatever'));
    assert.equal(pre.status, 204);
    assert.equal(pre.headers['access-control-allow-origin'], '*');
    assert.equal(pre.headers['access-control-allow-methods'], undefined);
    const res = await send(g.url, '/x', { headers: { Origin: 'https://any.example' } });
    assert.equal(res.headers['access-control-allow-origin'], '*');
  } finally {
    await g.close();
  }
});
