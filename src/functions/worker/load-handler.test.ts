import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { silentLogger } from '../../core/logger.js';
import type { FunctionModel } from '../../core/app-model.js';
import { FunctionRuntime } from '../function-runtime.js';
import { copyFixtures, createTestModel, invokeJson } from '../test-fixtures.js';

// Handler resolution as the Node.js runtime does it (lambda.md §3.1), driven end to end.
describe('handler resolution', () => {
  let fixtures: ReturnType<typeof copyFixtures>;
  let runtime: FunctionRuntime;
  const models: FunctionModel[] = [];
  const fn = (name: string, dir: string, handler: string): string => {
    models.push(createTestModel(name, `${fixtures.dir}/${dir}`, handler));
    return name;
  };

  before(() => {
    fixtures = copyFixtures();
    runtime = new FunctionRuntime({
      region: 'us-east-1',
      accountId: '123456789012',
      awsEndpoint: 'http://127.0.0.1:1',
      logger: silentLogger,
      printLogs: false,
      prewarm: false,
    });
  });
  after(async () => {
    await runtime.stop();
    fixtures.cleanup();
  });

  const cases: [name: string, dir: string, handler: string, expected: unknown][] = [
    ['cjs-index', 'basic', 'index.nested.deeper.fn', 'nested ok'],
    [
      'esm-type-module',
      'esm-type-module',
      'src/handlers/get.main',
      { kind: 'esm-type-module', url: true },
    ],
    ['esm-default', 'esm-type-module', 'src/handlers/get.default', 'default export'],
    ['mjs-tla', 'mjs-only', 'app.handler', 'mjs with top-level await'],
    ['cjs-ext', 'cjs-only', 'app.handler', 'cjs extension'],
    ['js-before-mjs', 'order', 'app.handler', 'js wins'],
    ['mjs-before-cjs', 'order', 'two.handler', 'mjs beats cjs'],
    ['nested-path', 'nested', 'src/handlers/get.main', 'nested path'],
    ['directory', 'dir-module', 'lib.handler', 'directory module'],
    ['extensionless', 'extensionless', 'handler.run', 'extensionless file'],
    [
      'require-resolve',
      'pkg-handler',
      'handler-pkg.handler',
      'from node_modules via require.resolve',
    ],
  ];

  it('resolves every handler shape to the right function', async () => {
    for (const [name, dir, handler] of cases) fn(name, dir, handler);
    runtime.deploy(models);
    for (const [name, , , expected] of cases) {
      const { result, body } = await invokeJson(runtime, name);
      assert.equal(result.functionError, undefined, `${name}: ${result.payload.toString()}`);
      assert.deepEqual(body, expected, name);
    }
  });

  async function initError(handler: string, dir = 'basic'): Promise<Record<string, unknown>> {
    const name = `err-${models.length}`;
    fn(name, dir, handler);
    runtime.deploy(models);
    const { result, body } = await invokeJson(runtime, name);
    assert.equal(result.statusCode, 200);
    assert.equal(result.functionError, 'Unhandled');
    return body as Record<string, unknown>;
  }

  it('refuses `..` with Runtime.MalformedHandlerName', async () => {
    const body = await initError('../basic/index.handler');
    assert.equal(body.errorType, 'Runtime.MalformedHandlerName');
    assert.equal(
      body.errorMessage,
      "'../basic/index.handler' is not a valid handler name. Use absolute paths when specifying root directories in handler names.",
    );
  });

  it('refuses a handler without a dot with "Bad handler"', async () => {
    const body = await initError('index');
    assert.equal(body.errorType, 'Runtime.MalformedHandlerName');
    assert.equal(body.errorMessage, 'Bad handler');
  });

  it('reports a missing export as Runtime.HandlerNotFound "is undefined or not exported"', async () => {
    const body = await initError('index.nope');
    assert.equal(body.errorType, 'Runtime.HandlerNotFound');
    assert.equal(body.errorMessage, 'index.nope is undefined or not exported');
  });

  it('reports a non-function export as Runtime.HandlerNotFound "is not a function"', async () => {
    const body = await initError('index.notFn');
    assert.equal(body.errorMessage, 'index.notFn is not a function');
  });

  it('reports a missing module as Runtime.ImportModuleError', async () => {
    const body = await initError('missing.handler');
    assert.equal(body.errorType, 'Runtime.ImportModuleError');
    assert.match(String(body.errorMessage), /^Error: Cannot find module 'missing'/);
    assert.ok(Array.isArray(body.trace));
  });

  it('reports a missing dependency of the module as Runtime.ImportModuleError', async () => {
    const body = await initError('missing-dep.handler', 'errors');
    assert.equal(body.errorType, 'Runtime.ImportModuleError');
    assert.match(String(body.errorMessage), /this-package-does-not-exist/);
  });

  it('reports a syntax error as Runtime.UserCodeSyntaxError', async () => {
    const body = await initError('syntax.handler', 'errors');
    assert.equal(body.errorType, 'Runtime.UserCodeSyntaxError');
    assert.match(String(body.errorMessage), /^SyntaxError: /);
  });

  it('passes other init exceptions through with their own type, and re-runs init next time', async () => {
    const lines: string[] = [];
    const off = runtime.onLog((l) => lines.push(l.message));
    const body = await initError('init-throws.handler', 'errors');
    assert.equal(body.errorType, 'Error');
    assert.equal(body.errorMessage, 'init exploded');
    const name = `err-${models.length - 1}`;
    const again = await invokeJson(runtime, name);
    assert.equal((again.body as Record<string, unknown>).errorMessage, 'init exploded');
    off();
    // Each invoke: a failed init phase, then the suppressed init inside the invocation.
    assert.equal(
      lines.filter((l) => l.includes('Phase: init\tStatus: error\tError Type: Error')).length,
      2,
    );
    assert.equal(
      lines.filter((l) => l.includes('Phase: invoke\tStatus: error\tError Type: Error')).length,
      2,
    );
    assert.ok(
      lines.some((l) =>
        /\tundefined\tERROR\tUncaught Exception \t\{"errorType":"Error","errorMessage":"init exploded"/.test(
          l,
        ),
      ),
    );
  });
});
