import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { silentLogger } from '../../core/logger.js';
import { FunctionRuntime } from '../function-runtime.js';
import { copyFixtures, createTestModel, invokeJson } from '../test-fixtures.js';
import type { FunctionLogLine } from '../types.js';

// Invocation semantics, context, error documents and console (lambda.md §3.2–§3.5).
describe('worker invocation semantics', () => {
  let fixtures: ReturnType<typeof copyFixtures>;
  let runtime: FunctionRuntime;
  const lines: FunctionLogLine[] = [];
  const handlers = [
    'waits',
    'noWait',
    'cbError',
    'syncThrow',
    'succeed',
    'fail',
    'failEmpty',
    'done',
    'firstWins',
    'returnsNothing',
    'throwString',
    'unhandled',
    'uncaught',
    'neverSettles',
    'streaming',
  ];

  before(() => {
    fixtures = copyFixtures();
    runtime = new FunctionRuntime({
      region: 'us-east-1',
      accountId: '123456789012',
      awsEndpoint: 'http://127.0.0.1:1',
      logger: silentLogger,
      printLogs: false,
    });
    runtime.onLog((l) => lines.push(l));
    runtime.deploy([
      createTestModel('sem-basic', `${fixtures.dir}/basic`, 'index.handler'),
      createTestModel('sem-json', `${fixtures.dir}/basic`, 'index.handler', {
        logging: { format: 'JSON', logGroup: '/custom/group', applicationLogLevel: 'WARN' },
      }),
      ...handlers.map((h) =>
        createTestModel(`sem-${h}`, `${fixtures.dir}/basic`, `callbacks.${h}`),
      ),
    ]);
  });
  after(async () => {
    await runtime.stop();
    fixtures.cleanup();
  });

  const linesOf = (requestId: string): string[] =>
    lines.filter((l) => l.requestId === requestId).map((l) => l.message);

  it('async handler resolution is the response; undefined becomes null; strings are JSON-encoded', async () => {
    assert.equal(
      (
        await runtime.invoke({
          functionName: 'sem-basic',
          payload: Buffer.from('{"undefined":true}'),
        })
      ).payload.toString(),
      'null',
    );
    assert.equal(
      (
        await runtime.invoke({
          functionName: 'sem-basic',
          payload: Buffer.from('{"string":"hello"}'),
        })
      ).payload.toString(),
      '"hello"',
    );
  });

  it('an empty payload is the event {}', async () => {
    const result = await runtime.invoke({ functionName: 'sem-basic', payload: Buffer.alloc(0) });
    assert.deepEqual((JSON.parse(result.payload.toString()) as { event: unknown }).event, {});
  });

  it('warm invocations keep module state', async () => {
    const a = (await invokeJson(runtime, 'sem-basic')).body as { count: number; initAt: number };
    const b = (await invokeJson(runtime, 'sem-basic')).body as { count: number; initAt: number };
    assert.equal(b.count, a.count + 1);
    assert.equal(b.initAt, a.initAt);
  });

  it('a circular result fails with "Unable to stringify response body"', async () => {
    const { result, body } = await invokeJson(runtime, 'sem-basic', { circular: true });
    assert.equal(result.functionError, 'Unhandled');
    assert.equal((body as Record<string, unknown>).errorType, 'Error');
    assert.equal(
      (body as Record<string, unknown>).errorMessage,
      'Unable to stringify response body',
    );
  });

  it('callback(null, v) waits for the event loop to drain by default', async () => {
    const { result, body } = await invokeJson(runtime, 'sem-waits');
    assert.equal(body, 'after-timer');
    const own = linesOf(result.requestId);
    const timer = own.findIndex((l) => l.endsWith('INFO\ttimer fired'));
    const end = own.findIndex((l) => l.startsWith('END RequestId'));
    assert.ok(timer !== -1 && timer < end, own.join('\n'));
  });

  it('callback with callbackWaitsForEmptyEventLoop = false answers immediately', async () => {
    const t = performance.now();
    const { body } = await invokeJson(runtime, 'sem-noWait');
    assert.equal(body, 'immediate');
    assert.ok(performance.now() - t < 1000, 'answered before the pending 1.5 s timer');
  });

  it('callback(err), a sync throw, context.fail and a thrown string are function errors', async () => {
    const cb = (await invokeJson(runtime, 'sem-cbError')).body as Record<string, unknown>;
    assert.equal(cb.errorMessage, 'cb failed');
    const sync = (await invokeJson(runtime, 'sem-syncThrow')).body as Record<string, unknown>;
    assert.equal(sync.errorType, 'TypeError');
    assert.equal(sync.errorMessage, 'sync boom');
    assert.match((sync.trace as string[])[0]!, /^TypeError: sync boom/);
    const fail = (await invokeJson(runtime, 'sem-fail')).body as Record<string, unknown>;
    assert.equal(fail.errorMessage, 'via fail');
    assert.deepEqual((await invokeJson(runtime, 'sem-failEmpty')).body, {
      errorType: 'string',
      errorMessage: 'handled',
      trace: [],
    });
    assert.deepEqual((await invokeJson(runtime, 'sem-throwString')).body, {
      errorType: 'string',
      errorMessage: 'boom',
      trace: [],
    });
  });

  it('context.succeed and context.done report results; the first completion wins', async () => {
    assert.deepEqual((await invokeJson(runtime, 'sem-succeed')).body, { via: 'succeed' });
    assert.equal((await invokeJson(runtime, 'sem-done')).body, 'via done');
    assert.equal((await invokeJson(runtime, 'sem-firstWins')).body, 'first');
  });

  it('a non-async handler that returns nothing answers null once the loop drains', async () => {
    const { result, body } = await invokeJson(runtime, 'sem-returnsNothing');
    assert.equal(body, null);
    assert.ok(linesOf(result.requestId).some((l) => l.endsWith('INFO\tdrained')));
  });

  it('an async handler whose promise never settles fails with Runtime.NodeJsExit when the loop drains', async () => {
    const body = (await invokeJson(runtime, 'sem-neverSettles')).body as Record<string, unknown>;
    assert.equal(body.errorType, 'Runtime.NodeJsExit');
  });

  it('an unhandled rejection fails the invocation and resets the environment', async () => {
    const { result, body } = await invokeJson(runtime, 'sem-unhandled');
    assert.equal(result.functionError, 'Unhandled');
    assert.equal((body as Record<string, unknown>).errorType, 'Runtime.UnhandledPromiseRejection');
    assert.equal((body as Record<string, unknown>).errorMessage, 'Error: nobody catches me');
    // Next invoke is a cold start again (Init Duration in REPORT).
    const next = await invokeJson(runtime, 'sem-unhandled');
    const report = linesOf(next.result.requestId).find((l) => l.startsWith('REPORT'));
    assert.match(report!, /Init Duration: /);
  });

  it('an uncaught exception fails the invocation with the error itself', async () => {
    const body = (await invokeJson(runtime, 'sem-uncaught')).body as Record<string, unknown>;
    assert.equal(body.errorType, 'RangeError');
    assert.equal(body.errorMessage, 'thrown from a timer');
  });

  it('a streaming handler invoked plainly returns the bytes it wrote', async () => {
    const result = await runtime.invoke({
      functionName: 'sem-streaming',
      payload: Buffer.from('{}'),
    });
    assert.equal(result.payload.toString(), 'chunk1,chunk2');
  });

  it('gives the handler a complete context and the awslambda global', async () => {
    const { result, body } = await invokeJson(
      runtime,
      'sem-basic',
      { context: true },
      {
        cognitoIdentity: '{"cognitoIdentityId":"id-1","cognitoIdentityPoolId":"pool-1"}',
        clientContext: '{"client":{"app_title":"t"},"custom":{"k":"v"}}',
        traceId: 'Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1',
      },
    );
    const c = body as Record<string, unknown>;
    assert.equal(c.awsRequestId, result.requestId);
    assert.equal(c.invokedFunctionArn, 'arn:aws:lambda:us-east-1:123456789012:function:sem-basic');
    assert.equal(c.functionName, 'sem-basic');
    assert.equal(c.functionVersion, '$LATEST');
    assert.equal(c.memoryLimitInMB, '128');
    assert.equal(c.logGroupName, '/aws/lambda/sem-basic');
    assert.match(String(c.logStreamName), /^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
    assert.deepEqual(c.identity, { cognitoIdentityId: 'id-1', cognitoIdentityPoolId: 'pool-1' });
    assert.deepEqual(c.clientContext, { client: { app_title: 't' }, custom: { k: 'v' } });
    assert.ok(typeof c.remaining === 'number' && c.remaining > 2000 && c.remaining <= 3000);
    assert.equal(c.waits, true);
    assert.equal(c.hasAwslambda, true);
    assert.equal(c.hasHttpResponseStream, true);
    assert.equal(c.hasSucceed, true);
    assert.equal(
      c.traceId,
      'Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1',
    );
    // A new context per invocation: no identity when none is given.
    const again = (await invokeJson(runtime, 'sem-basic', { context: true })).body as Record<
      string,
      unknown
    >;
    assert.equal(again.identity, undefined);
    assert.notEqual(again.traceId, c.traceId);
  });

  it('logs console output in the runtime text format and captures direct stdout writes', async () => {
    const { result } = await invokeJson(runtime, 'sem-basic', {
      log: true,
      warn: true,
      stdout: true,
    });
    const own = linesOf(result.requestId);
    const id = result.requestId;
    assert.ok(
      own.some((l) =>
        new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\t${id}\\tINFO\\thello { n: 1 }$`).test(l),
      ),
      own.join('\n'),
    );
    assert.ok(own.some((l) => l.endsWith(`\t${id}\tWARN\tcareful`)));
    assert.ok(own.includes('direct one'));
    assert.ok(own.includes('direct two'));
    assert.ok(own.includes('partial'), 'a trailing partial line is flushed at the end');
    const init = lines.find(
      (l) => l.functionName === 'sem-basic' && l.message.endsWith('INFO\tinit ran'),
    );
    assert.match(init!.message, /\tundefined\tINFO\tinit ran$/);
  });

  it('logs the Invoke Error line with extra properties', async () => {
    const { result, body } = await invokeJson(runtime, 'sem-basic', { throw: 'bad thing' });
    assert.deepEqual(Object.keys(body as object), ['errorType', 'errorMessage', 'trace']);
    const line = linesOf(result.requestId).find((l) => l.includes('Invoke Error'));
    assert.match(
      line!,
      /\tERROR\tInvoke Error \t\{"errorType":"Error","errorMessage":"bad thing","code":"E_CODE","stack":\["Error: bad thing"/,
    );
  });

  it('JSON log format: JSON records, log level filter, platform records', async () => {
    const { result } = await invokeJson(runtime, 'sem-json', { log: true, warn: true });
    const own = linesOf(result.requestId);
    const records = own.map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.ok(!records.some((r) => r.level === 'INFO'), 'INFO is below the WARN level');
    const warn = records.find((r) => r.level === 'WARN');
    assert.equal(warn?.message, 'careful');
    assert.equal(warn?.requestId, result.requestId);
    assert.ok(records.some((r) => r.type === 'platform.start'));
    const report = records.find((r) => r.type === 'platform.report');
    assert.equal(
      (report?.record as { metrics: { memorySizeMB: number } }).metrics.memorySizeMB,
      128,
    );
  });
});
