import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { silentLogger } from '../core/logger.js';
import { FunctionRuntime } from './function-runtime.js';
import { deriveFunctionCredentials } from './handler-environment.js';
import { copyFixtures, createTestModel, invokeJson } from './test-fixtures.js';

// The handler's environment (lambda.md §1.7) and module resolution for unbundled SDKs and layers.
describe('handler environment', () => {
  let fixtures: ReturnType<typeof copyFixtures>;
  let runtime: FunctionRuntime;
  let server: Server;
  const seen: IncomingHttpHeaders[] = [];

  before(async () => {
    fixtures = copyFixtures();
    // Stands in for Stratus's AWS endpoint: answers DynamoDB ListTables.
    server = createServer((req, res) => {
      seen.push(req.headers);
      req.resume();
      req.on('end', () => {
        res.setHeader('content-type', 'application/x-amz-json-1.0');
        res.end(JSON.stringify({ TableNames: ['from-stratus'] }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    runtime = new FunctionRuntime({
      region: 'eu-west-3',
      accountId: '123456789012',
      awsEndpoint: `http://127.0.0.1:${port}`,
      logger: silentLogger,
      printLogs: false,
    });
    const d = fixtures.dir;
    runtime.deploy([
      createTestModel('env-fn', `${d}/basic`, 'index.handler', {
        arn: 'arn:aws:lambda:eu-west-3:123456789012:function:env-fn',
        memorySize: 256,
        environment: {
          CUSTOM: 'yes',
          AWS_REGION: 'customer-cannot-win',
          _HANDLER: 'nope',
          LANG: 'C.UTF-8',
        },
      }),
      createTestModel('sdk-cjs', `${d}/sdk-cjs`, 'index.handler', { timeout: 10 }),
      createTestModel('sdk-esm', `${d}/sdk-esm`, 'index.handler', { timeout: 10 }),
      createTestModel('own-sdk', `${d}/own-sdk`, 'index.handler'),
      createTestModel('sdk-esm-dynamic', `${d}/sdk-esm`, 'dynamic.handler', { timeout: 10 }),
      createTestModel('layer-cjs', `${d}/layer-user`, 'index.handler', {
        layerDirs: [`${d}/layer1`],
      }),
      createTestModel('layer-esm', `${d}/layer-user`, 'esm.handler', {
        layerDirs: [`${d}/layer1`],
      }),
    ]);
  });
  after(async () => {
    await runtime.stop();
    server.close();
    fixtures.cleanup();
  });

  it('sets every reserved variable; reserved keys win over customer keys', async () => {
    const keys = [
      '_HANDLER',
      'AWS_EXECUTION_ENV',
      'AWS_LAMBDA_FUNCTION_NAME',
      'AWS_LAMBDA_FUNCTION_VERSION',
      'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
      'AWS_LAMBDA_LOG_GROUP_NAME',
      'AWS_LAMBDA_LOG_STREAM_NAME',
      'AWS_LAMBDA_INITIALIZATION_TYPE',
      'AWS_REGION',
      'AWS_DEFAULT_REGION',
      'LAMBDA_TASK_ROOT',
      'LAMBDA_RUNTIME_DIR',
      'TZ',
      'LANG',
      'NODE_PATH',
      'AWS_ACCESS_KEY_ID',
      'AWS_SECRET_ACCESS_KEY',
      'AWS_SESSION_TOKEN',
      'AWS_ENDPOINT_URL',
      'CUSTOM',
      'AWS_SAM_LOCAL',
      'HOME',
      '_X_AMZN_TRACE_ID',
    ];
    const env = (await invokeJson(runtime, 'env-fn', { env: keys })).body as Record<
      string,
      string | undefined
    >;
    assert.equal(env._HANDLER, 'index.handler');
    assert.equal(env.AWS_EXECUTION_ENV, 'AWS_Lambda_nodejs20.x');
    assert.equal(env.AWS_LAMBDA_FUNCTION_NAME, 'env-fn');
    assert.equal(env.AWS_LAMBDA_FUNCTION_VERSION, '$LATEST');
    assert.equal(env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE, '256');
    assert.equal(env.AWS_LAMBDA_LOG_GROUP_NAME, '/aws/lambda/env-fn');
    assert.match(
      env.AWS_LAMBDA_LOG_STREAM_NAME!,
      /^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/,
    );
    assert.equal(env.AWS_LAMBDA_INITIALIZATION_TYPE, 'on-demand');
    assert.equal(env.AWS_REGION, 'eu-west-3');
    assert.equal(env.AWS_DEFAULT_REGION, 'eu-west-3');
    assert.equal(env.LAMBDA_TASK_ROOT, `${fixtures.dir}/basic`);
    assert.ok(env.LAMBDA_RUNTIME_DIR);
    assert.equal(env.TZ, ':UTC');
    assert.equal(env.LANG, 'C.UTF-8', 'LANG is unreserved: the customer may override it');
    assert.ok(env.NODE_PATH!.split(':').includes(`${fixtures.dir}/basic`));
    assert.match(env.AWS_ACCESS_KEY_ID!, /^[A-Z0-9]{20}$/);
    assert.equal(env.AWS_ACCESS_KEY_ID, deriveFunctionCredentials('env-fn').accessKeyId);
    assert.ok(env.AWS_SECRET_ACCESS_KEY!.length === 40);
    assert.ok(env.AWS_SESSION_TOKEN);
    assert.match(env.AWS_ENDPOINT_URL!, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(env.CUSTOM, 'yes');
    assert.equal(env.AWS_SAM_LOCAL, undefined);
    assert.equal(env.HOME, undefined, "the host's environment does not leak in");
    assert.match(env._X_AMZN_TRACE_ID!, /^Root=1-[0-9a-f]{8}-[0-9a-f]{24};/);
  });

  it('gives each function its own credentials', () => {
    assert.notEqual(
      deriveFunctionCredentials('a').accessKeyId,
      deriveFunctionCredentials('b').accessKeyId,
    );
  });

  it('a CommonJS handler without node_modules requires the AWS SDK v3 and reaches the AWS endpoint', async () => {
    seen.length = 0;
    const { result, body } = await invokeJson(runtime, 'sdk-cjs');
    assert.equal(result.functionError, undefined, result.payload.toString());
    assert.deepEqual((body as { tables: string[] }).tables, ['from-stratus']);
    const auth = String(seen[0]?.authorization);
    assert.match(
      auth,
      new RegExp(
        `Credential=${deriveFunctionCredentials('sdk-cjs').accessKeyId}/\\d{8}/eu-west-3/dynamodb/`,
      ),
    );
  });

  it('an ES module handler without node_modules imports the AWS SDK v3', async () => {
    const { result, body } = await invokeJson(runtime, 'sdk-esm');
    assert.equal(result.functionError, undefined, result.payload.toString());
    assert.deepEqual(body, { s3: true, tables: ['from-stratus'] });
  });

  it('an ES module handler can import() the AWS SDK v3 during its first invocation', async () => {
    const { result, body } = await invokeJson(runtime, 'sdk-esm-dynamic');
    assert.equal(result.functionError, undefined, result.payload.toString());
    assert.equal(body, 'function');
  });

  it("the handler's own node_modules wins over Stratus's SDK, for import and require", async () => {
    assert.deepEqual((await invokeJson(runtime, 'own-sdk')).body, { esmOwn: true, cjsOwn: true });
  });

  it("layers' nodejs/node_modules resolve for require and import", async () => {
    assert.equal((await invokeJson(runtime, 'layer-cjs')).body, 'layer one');
    assert.equal((await invokeJson(runtime, 'layer-esm')).body, 'esm layer one');
  });
});
