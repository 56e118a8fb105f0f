import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  httpApi,
  httpRoute,
  restApi,
  restRoute,
  send,
  startGateway,
  type TestGateway,
} from './testing.js';

function assertMissingToken(res: {
  status: number;
  text: string;
  headers: Record<string, unknown>;
}): void {
  assert.equal(res.status, 403);
  assert.equal(res.text, '{"message":"Missing Authentication Token"}');
  assert.equal(res.headers['x-amzn-errortype'], 'MissingAuthenticationTokenException');
  assert.equal(res.headers['content-type'], 'application/json');
}

describe('REST routing (apigateway.md §1.3)', () => {
  let g: TestGateway;
  before(async () => {
    g = await startGateway({
      rest: [
        restApi({
          routes: [
            restRoute('GET', '/pets', 'list'),
            restRoute('GET', '/pets/{id}', 'get'),
            restRoute('GET', '/pets/special', 'special'),
            restRoute('GET', '/files/{proxy+}', 'files'),
            restRoute('GET', '/items', 'items-get'),
            restRoute('ANY', '/items', 'items-any'),
          ],
        }),
      ],
    });
    g.invoker.respond = (req) => ({
      requestId: 'r',
      statusCode: 200,
      executedVersion: '$LATEST',
      durationMs: 1,
      payload: Buffer.from(
        JSON.stringify({ statusCode: 200, body: req.functionName.split(':').pop() }),
      ),
    });
  });
  after(() => g.close());

  test('a static resource beats {param}, {param} serves other values', async () => {
    assert.equal((await send(g.url, '/Prod/pets/special')).text, 'special');
    assert.equal((await send(g.url, '/Prod/pets/7')).text, 'get');
    assert.equal(g.invoker.last.pathParameters.id, '7');
  });

  test('a trailing slash is ignored', async () => {
    assert.equal((await send(g.url, '/Prod/pets/')).text, 'list');
  });

  test('{proxy+} matches deeper paths but never its parent', async () => {
    assert.equal((await send(g.url, '/Prod/files/a/b/c')).text, 'files');
    assert.equal(g.invoker.last.pathParameters.proxy, 'a/b/c');
    assertMissingToken(await send(g.url, '/Prod/files'));
  });

  test('the exact method beats ANY; ANY serves the rest', async () => {
    assert.equal((await send(g.url, '/Prod/items')).text, 'items-get');
    assert.equal((await send(g.url, '/Prod/items', { method: 'DELETE' })).text, 'items-any');
  });

  test('an unknown path answers 403 Missing Authentication Token', async () => {
    assertMissingToken(await send(g.url, '/Prod/nope'));
  });

  test('a method the resource lacks answers 403, and HEAD is not mapped to GET', async () => {
    assertMissingToken(await send(g.url, '/Prod/pets', { method: 'DELETE' }));
    const head = await send(g.url, '/Prod/pets', { method: 'HEAD' });
    assert.equal(head.status, 403);
    assert.equal(head.headers['x-amzn-errortype'], 'MissingAuthenticationTokenException');
  });

  test('OPTIONS is not answered by the gateway when no route defines it', async () => {
    assertMissingToken(
      await send(g.url, '/Prod/pets', {
        method: 'OPTIONS',
        headers: { origin: 'https://a.example', 'access-control-request-method': 'GET' },
      }),
    );
  });

  test('an unknown stage answers 403 {"message":"Forbidden"}', async () => {
    const res = await send(g.url, '/Dev/pets');
    assert.equal(res.status, 403);
    assert.equal(res.text, '{"message":"Forbidden"}');
    assert.equal(res.headers['x-amzn-errortype'], 'ForbiddenException');
  });

  test('gateway errors carry x-amzn-RequestId and x-amz-apigw-id', async () => {
    const res = await send(g.url, '/Prod/nope');
    assert.match(String(res.headers['x-amzn-requestid']), /^[0-9a-f-]{36}$/);
    assert.match(String(res.headers['x-amz-apigw-id']), /^.{15}=$/);
    assert.equal(res.headers['x-amzn-trace-id'], undefined);
  });

  test('host style selects the API by id, with any suffix after .execute-api.', async () => {
    const res = await send(g.url, '/Prod/pets/special', {
      headers: { host: `restapi001.execute-api.localhost:${g.port}` },
    });
    assert.equal(res.text, 'special');
    const unknown = await send(g.url, '/Prod/pets', {
      headers: { host: 'zzzzzzzzzz.execute-api.localhost' },
    });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.text, '{"message":"Not Found"}');
  });

  test('/_aws/execute-api/{apiId}/{stage}/… selects the API from any host', async () => {
    assert.equal(
      (await send(g.url, '/_aws/execute-api/restapi001/Prod/pets/special')).text,
      'special',
    );
    assert.equal(g.invoker.last.requestContext.path, '/Prod/pets/special');
    assert.equal(g.invoker.last.path, '/pets/special');
    const badStage = await send(g.url, '/_aws/execute-api/restapi001/Dev/pets');
    assert.equal(badStage.text, '{"message":"Forbidden"}');
  });
});

describe('REST MissingAuthenticationToken can be customised as a gateway response', () => {
  test('MISSING_AUTHENTICATION_TOKEN re-mapped to 404 with a header literal', async () => {
    const g = await startGateway({
      rest: [
        restApi({
          routes: [restRoute('GET', '/a')],
          gatewayResponses: [
            {
              type: 'MISSING_AUTHENTICATION_TOKEN',
              statusCode: 404,
              headers: { 'Access-Control-Allow-Origin': "'*'" },
              templates: {
                'application/json':
                  '{"error":$context.error.messageString,"type":"$context.error.responseType"}',
              },
            },
          ],
        }),
      ],
    });
    try {
      const res = await send(g.url, '/Prod/b');
      assert.equal(res.status, 404);
      assert.equal(res.headers['access-control-allow-origin'], '*');
      assert.deepEqual(res.json(), {
        error: 'Missing Authentication Token',
        type: 'MISSING_AUTHENTICATION_TOKEN',
      });
    } finally {
      await g.close();
    }
  });

  test('DEFAULT_4XX applies when the type itself is not customised', async () => {
    const g = await startGateway({
      rest: [
        restApi({
          routes: [restRoute('GET', '/a')],
          gatewayResponses: [
            { type: 'DEFAULT_4XX', headers: { 'X-Custom': "'yes'" }, templates: {} },
          ],
        }),
      ],
    });
    try {
      const res = await send(g.url, '/Prod/b');
      assert.equal(res.status, 403);
      assert.equal(res.headers['x-custom'], 'yes');
      assert.equal(res.text, '{"message":"Missing Authentication Token"}');
    } finally {
      await g.close();
    }
  });
});

describe('shared root with several APIs', () => {
  let g: TestGateway;
  before(async () => {
    g = await startGateway({
      rest: [restApi({ routes: [restRoute('GET', '/hello', 'rest-fn')] })],
      http: [
        httpApi({
          routes: [httpRoute('GET /hello', 'http-fn'), httpRoute('GET /Prod/other', 'http-prod')],
        }),
        httpApi({
          id: 'httpapi002',
          stageName: 'v2',
          routes: [httpRoute('GET /hello', 'http-v2')],
        }),
      ],
    });
  });
  after(() => g.close());

  const fn = (t: TestGateway) => t.invoker.calls.at(-1)!.functionName.split(':').pop();

  test('REST APIs whose stage is the first segment are tried first', async () => {
    await send(g.url, '/Prod/hello');
    assert.equal(fn(g), 'rest-fn');
  });

  test('when the REST API has no such route, HTTP APIs on $default are tried next', async () => {
    await send(g.url, '/Prod/other');
    assert.equal(fn(g), 'http-prod');
  });

  test('HTTP API $default serves the root; a named HTTP stage serves /{stage}/…', async () => {
    await send(g.url, '/hello');
    assert.equal(fn(g), 'http-fn');
    await send(g.url, '/v2/hello');
    assert.equal(fn(g), 'http-v2');
    assert.equal(g.invoker.last.rawPath, '/v2/hello');
    assert.equal(g.invoker.last.requestContext.stage, 'v2');
  });

  test('not found under a REST stage is the REST 403; elsewhere the HTTP API 404', async () => {
    const rest = await send(g.url, '/Prod/nothing');
    assert.equal(rest.status, 403);
    assert.equal(rest.text, '{"message":"Missing Authentication Token"}');
    const http = await send(g.url, '/nothing');
    assert.equal(http.status, 404);
    assert.equal(http.text, '{"message":"Not Found"}');
    assert.ok(http.headers['apigw-requestid']);
    assert.equal(http.headers['x-amzn-errortype'], undefined);
  });

  test('routes() lists every route with its URL', () => {
    const list = g.gateway.routes('http://localhost:3000');
    assert.deepEqual(
      list.map((r) => `${r.kind} ${r.method} ${r.url} ${r.functionName}`),
      [
        'REST GET http://localhost:3000/Prod/hello rest-fn',
        'HTTP GET http://localhost:3000/hello http-fn',
        'HTTP GET http://localhost:3000/Prod/other http-prod',
        'HTTP GET http://localhost:3000/v2/hello http-v2',
      ],
    );
  });
});

test('with only REST APIs, an unknown first segment is an unknown stage (403 Forbidden)', async () => {
  const g = await startGateway({ rest: [restApi({ routes: [restRoute('GET', '/a')] })] });
  try {
    const res = await send(g.url, '/a');
    assert.equal(res.status, 403);
    assert.equal(res.text, '{"message":"Forbidden"}');
  } finally {
    await g.close();
  }
});

test('DisableExecuteApiEndpoint closes the execute-api forms but not the shared root', async () => {
  const g = await startGateway({
    rest: [restApi({ disableExecuteApiEndpoint: true, routes: [restRoute('GET', '/a')] })],
  });
  try {
    const closed = await send(g.url, '/_aws/execute-api/restapi001/Prod/a');
    assert.equal(closed.status, 403);
    assert.equal(closed.text, '{"message":"Forbidden"}');
    assert.equal((await send(g.url, '/Prod/a')).status, 200);
  } finally {
    await g.close();
  }
});

test('deploy replaces the route tables; a bad deploy leaves the old ones serving', async () => {
  const g = await startGateway({ rest: [restApi({ routes: [restRoute('GET', '/a')] })] });
  try {
    assert.equal((await send(g.url, '/Prod/a')).status, 200);
    g.gateway.deploy([restApi({ routes: [restRoute('GET', '/b')] })], []);
    assert.equal((await send(g.url, '/Prod/a')).status, 403);
    assert.equal((await send(g.url, '/Prod/b')).status, 200);
    assert.throws(() =>
      g.gateway.deploy([restApi({ routes: [restRoute('GET', '/c'), restRoute('GET', '/c')] })], []),
    );
    assert.equal((await send(g.url, '/Prod/b')).status, 200);
  } finally {
    await g.close();
  }
});
