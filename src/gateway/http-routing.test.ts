import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { httpApi, httpRoute, send, startGateway, type TestGateway } from './testing.js';

describe('HTTP API routing (apigateway.md §1.4)', () => {
  let g: TestGateway;
  before(async () => {
    g = await startGateway({
      http: [
        httpApi({
          routes: [
            httpRoute('GET /pets/dog/1', 'static'),
            httpRoute('GET /pets/dog/{id}', 'param'),
            httpRoute('GET /pets/{proxy+}', 'pets-greedy'),
            httpRoute('ANY /{proxy+}', 'any-greedy'),
            httpRoute('$default', 'default'),
            httpRoute('GET /{a}/{b}', 'two-params'),
            httpRoute('GET /things', 'things-get'),
            httpRoute('ANY /things', 'things-any'),
          ],
        }),
      ],
    });
  });
  after(() => g.close());

  const routed = async (method: string, path: string) => {
    await send(g.url, path, { method });
    return g.invoker.last.routeKey as string;
  };

  test('the Developer Guide example routes exactly as tabulated', async () => {
    assert.equal(await routed('GET', '/pets/dog/1'), 'GET /pets/dog/1');
    assert.equal(await routed('GET', '/pets/dog/2'), 'GET /pets/dog/{id}');
    assert.equal(await routed('GET', '/pets/cat/1/2'), 'GET /pets/{proxy+}');
    assert.equal(await routed('POST', '/test/5'), 'ANY /{proxy+}');
  });

  test('every full match beats a greedy match, even a more specific one', async () => {
    assert.equal(await routed('GET', '/pets/cat'), 'GET /{a}/{b}');
  });

  test('the explicit method beats ANY on the same route', async () => {
    assert.equal(await routed('GET', '/things'), 'GET /things');
    assert.equal(await routed('PUT', '/things'), 'ANY /things');
  });

  test('$default gets what nothing else matches, with the full path', async () => {
    assert.equal(await routed('GET', '/'), '$default');
    assert.equal(g.invoker.last.rawPath, '/');
    assert.equal(g.invoker.last.requestContext.routeKey, '$default');
  });

  test('HEAD is not mapped to GET: it falls to ANY', async () => {
    assert.equal(await routed('HEAD', '/pets/dog/1'), 'ANY /{proxy+}');
  });
});

describe('HTTP API not found', () => {
  let g: TestGateway;
  before(async () => {
    g = await startGateway({
      http: [
        httpApi({ routes: [httpRoute('GET /pets/dog/1'), httpRoute('GET /pets/{id}')] }),
        httpApi({ id: 'stagedapi1', stageName: 'beta', routes: [httpRoute('GET /x')] }),
      ],
    });
  });
  after(() => g.close());

  test('PATCH /nothing with no $default or ANY answers 404 {"message":"Not Found"}', async () => {
    const res = await send(g.url, '/nothing', { method: 'PATCH' });
    assert.equal(res.status, 404);
    assert.equal(res.text, '{"message":"Not Found"}');
    assert.equal(res.headers['content-type'], 'application/json');
    assert.match(String(res.headers['apigw-requestid']), /^.{15}=$/);
  });

  test('a method without a route is 404 too (never 403 / 405)', async () => {
    const res = await send(g.url, '/pets/dog/1', { method: 'DELETE' });
    assert.equal(res.status, 404);
  });

  test('a named stage is reached by host style only with its stage segment', async () => {
    const host = { host: 'stagedapi1.execute-api.localhost' };
    assert.equal((await send(g.url, '/beta/x', { headers: host })).status, 200);
    assert.equal(g.invoker.last.rawPath, '/beta/x');
    assert.equal((await send(g.url, '/x', { headers: host })).status, 404);
  });

  test('host style for a $default API routes the whole path', async () => {
    const res = await send(g.url, '/pets/9', {
      headers: { host: 'httpapi001.execute-api.localhost' },
    });
    assert.equal(res.status, 200);
    assert.deepEqual(g.invoker.last.pathParameters, { id: '9' });
  });
});
