import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ManualClock } from '../core/clock.js';
import { AwsError } from '../core/errors.js';
import { MemoryLogSink, createLogger } from '../core/logger.js';
import { FunctionRuntime } from './function-runtime.js';
import { copyFixtures, createTestModel, invokeJson, waitForLine } from './test-fixtures.js';
import type { FunctionLogLine } from './types.js';

// Names, ARNs and qualifiers, concurrency, invocation types and payload limits (lambda.md §2.3, §4).
describe('function runtime', () => {
  let fixtures: ReturnType<typeof copyFixtures>;
  let runtime: FunctionRuntime;
  let clock: ManualClock;
  const sink = new MemoryLogSink();
  const lines: FunctionLogLine[] = [];
  const starts = (name: string): number =>
    lines.filter((l) => l.functionName === name && l.message.startsWith('START')).length;

  before(() => {
    fixtures = copyFixtures();
    clock = new ManualClock();
    runtime = new FunctionRuntime({
      region: 'us-east-1',
      accountId: '123456789012',
      awsEndpoint: 'http://127.0.0.1:1',
      logger: createLogger({ sink }),
      printLogs: false,
      clock,
      accountConcurrency: 3,
      prewarm: false,
    });
    runtime.onLog((l) => lines.push(l));
    const d = fixtures.dir;
    runtime.deploy([
      createTestModel('rt-basic', `${d}/basic`, 'index.handler'),
      createTestModel('rt-slow', `${d}/basic`, 'callbacks.slow'),
      createTestModel('rt-reserved', `${d}/basic`, 'callbacks.slow', { reservedConcurrency: 1 }),
      createTestModel('rt-disabled', `${d}/basic`, 'index.handler', { reservedConcurrency: 0 }),
      createTestModel('rt-python', `${d}/basic`, 'app.handler', { runtime: 'python3.12' }),
      createTestModel('rt-node18', `${d}/basic`, 'index.handler', { runtime: 'nodejs18.x' }),
      createTestModel('rt-node18b', `${d}/basic`, 'index.handler', { runtime: 'nodejs18.x' }),
      createTestModel('rt-fails', `${d}/basic`, 'callbacks.cbError', {
        eventInvokeConfig: { qualifier: '$LATEST', maximumRetryAttempts: 1 },
      }),
    ]);
  });
  after(async () => {
    await runtime.stop();
    fixtures.cleanup();
  });

  const rejectsWith = async (
    p: Promise<unknown>,
    code: string,
    status: number,
    message?: string | RegExp,
  ) => {
    await assert.rejects(p, (e: unknown) => {
      assert.ok(e instanceof AwsError, String(e));
      assert.equal(e.code, code);
      assert.equal(e.status, status);
      if (typeof message === 'string') assert.equal(e.message, message);
      else if (message !== undefined) assert.match(e.message, message);
      return true;
    });
  };

  it('resolves a name, name:$LATEST, a partial ARN and a full ARN', async () => {
    for (const functionName of [
      'rt-basic',
      'rt-basic:$LATEST',
      '123456789012:function:rt-basic',
      'arn:aws:lambda:us-east-1:123456789012:function:rt-basic',
    ]) {
      const { result } = await invokeJson(runtime, functionName);
      assert.equal(result.statusCode, 200, functionName);
      assert.equal(result.executedVersion, '$LATEST');
    }
    const { body } = await invokeJson(
      runtime,
      'rt-basic',
      { context: true },
      { qualifier: '$LATEST' },
    );
    assert.equal(
      (body as { invokedFunctionArn: string }).invokedFunctionArn,
      'arn:aws:lambda:us-east-1:123456789012:function:rt-basic:$LATEST',
    );
    assert.equal(
      runtime.get('arn:aws:lambda:us-east-1:123456789012:function:rt-basic')?.model.name,
      'rt-basic',
    );
    assert.ok(runtime.list().some((f) => f.model.name === 'rt-basic'));
  });

  it('an unknown function or qualifier is ResourceNotFoundException "Function not found: <arn>"', async () => {
    await rejectsWith(
      invokeJson(runtime, 'nope'),
      'ResourceNotFoundException',
      404,
      'Function not found: arn:aws:lambda:us-east-1:123456789012:function:nope',
    );
    await rejectsWith(
      invokeJson(runtime, 'rt-basic:3'),
      'ResourceNotFoundException',
      404,
      'Function not found: arn:aws:lambda:us-east-1:123456789012:function:rt-basic:3',
    );
    await rejectsWith(
      invokeJson(runtime, 'rt-basic', {}, { qualifier: 'live' }),
      'ResourceNotFoundException',
      404,
      'Function not found: arn:aws:lambda:us-east-1:123456789012:function:rt-basic:live',
    );
    await rejectsWith(
      invokeJson(runtime, 'rt-basic:1', {}, { qualifier: '2' }),
      'InvalidParameterValueException',
      400,
    );
    await rejectsWith(invokeJson(runtime, 'not a name!'), 'ValidationException', 400);
  });

  it('reserved concurrency caps a function with ReservedFunctionConcurrentInvocationLimitExceeded', async () => {
    const first = invokeJson(runtime, 'rt-reserved', { ms: 50 });
    await assert.rejects(invokeJson(runtime, 'rt-reserved'), (e: unknown) => {
      assert.ok(e instanceof AwsError);
      assert.equal(e.code, 'TooManyRequestsException');
      assert.equal(e.status, 429);
      assert.equal(e.message, 'Rate Exceeded.');
      assert.deepEqual(e.fields, {
        Reason: 'ReservedFunctionConcurrentInvocationLimitExceeded',
        Type: 'User',
      });
      return true;
    });
    assert.equal((await first).body, 'slow done');
  });

  it('reserved concurrency 0 throttles every synchronous invoke', async () => {
    await rejectsWith(invokeJson(runtime, 'rt-disabled'), 'TooManyRequestsException', 429);
  });

  it('the account limit (minus reservations) throttles with ConcurrentInvocationLimitExceeded', async () => {
    // accountConcurrency 3, rt-reserved reserves 1: two unreserved slots.
    const running = [
      invokeJson(runtime, 'rt-slow', { ms: 80 }),
      invokeJson(runtime, 'rt-slow', { ms: 80 }),
    ];
    await assert.rejects(invokeJson(runtime, 'rt-basic'), (e: unknown) => {
      assert.ok(e instanceof AwsError);
      assert.deepEqual(e.fields, { Reason: 'ConcurrentInvocationLimitExceeded', Type: 'User' });
      return true;
    });
    await Promise.all(running);
    assert.equal(
      (await invokeJson(runtime, 'rt-basic')).result.statusCode,
      200,
      'slots are released',
    );
  });

  it('DryRun answers 204 without running the function', async () => {
    const before = starts('rt-basic');
    const result = await runtime.invoke({
      functionName: 'rt-basic',
      payload: Buffer.from('{}'),
      invocationType: 'DryRun',
    });
    assert.equal(result.statusCode, 204);
    assert.equal(result.payload.byteLength, 0);
    assert.equal(starts('rt-basic'), before);
  });

  it('Event answers 202 at once and runs the invocation in the background', async () => {
    const done = waitForLine(
      runtime,
      (l) => l.functionName === 'rt-slow' && l.message.startsWith('REPORT'),
    );
    const result = await runtime.invoke({
      functionName: 'rt-slow',
      payload: Buffer.from('{"ms":30}'),
      invocationType: 'Event',
    });
    assert.equal(result.statusCode, 202);
    assert.equal(result.payload.byteLength, 0);
    assert.equal((await done).requestId, result.requestId);
  });

  it('a failed Event invocation is retried per EventInvokeConfig, one minute later', async () => {
    const before = starts('rt-fails');
    const first = waitForLine(
      runtime,
      (l) => l.functionName === 'rt-fails' && l.message.startsWith('REPORT'),
    );
    await runtime.invoke({
      functionName: 'rt-fails',
      payload: Buffer.from('{}'),
      invocationType: 'Event',
    });
    await first;
    await new Promise((r) => setTimeout(r, 20));
    const retry = waitForLine(
      runtime,
      (l) => l.functionName === 'rt-fails' && l.message.startsWith('REPORT'),
    );
    clock.advance(60_000);
    await retry;
    await new Promise((r) => setTimeout(r, 20));
    clock.advance(10 * 60_000);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(starts('rt-fails') - before, 2, 'one attempt plus maximumRetryAttempts = 1');
    assert.ok(sink.lines.some((l) => l.includes('retries exhausted')));
  });

  it('a throttled Event invocation is retried with backoff; reserved concurrency 0 drops it', async () => {
    const busy = invokeJson(runtime, 'rt-reserved', { ms: 100 });
    const event = await runtime.invoke({
      functionName: 'rt-reserved',
      payload: Buffer.from('{"ms":1}'),
      invocationType: 'Event',
    });
    assert.equal(event.statusCode, 202);
    await busy;
    const before = starts('rt-reserved');
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(starts('rt-reserved'), before, 'throttled, waiting for its backoff');
    assert.ok(!lines.some((l) => l.requestId === event.requestId));
    const retried = waitForLine(
      runtime,
      (l) => l.requestId === event.requestId && l.message.startsWith('REPORT'),
    );
    clock.advance(1000);
    await retried;
    await runtime.invoke({
      functionName: 'rt-disabled',
      payload: Buffer.from('{}'),
      invocationType: 'Event',
    });
    await new Promise((r) => setTimeout(r, 20));
    assert.ok(
      sink.lines.some((l) => l.includes('of rt-disabled failed: TooManyRequestsException')),
    );
  });

  it('enforces payload limits: 6 MB sync, 1 MB Event', async () => {
    await rejectsWith(
      runtime.invoke({ functionName: 'rt-basic', payload: Buffer.alloc(6_291_457, 0x20) }),
      'RequestTooLargeException',
      413,
      'Request must be smaller than 6291456 bytes for the InvokeFunction operation',
    );
    await rejectsWith(
      runtime.invoke({
        functionName: 'rt-basic',
        payload: Buffer.alloc(1_048_577, 0x20),
        invocationType: 'Event',
      }),
      'RequestTooLargeException',
      413,
      'Request must be smaller than 1048576 bytes for the InvokeFunction operation',
    );
  });

  it('a response over 6 MB is Function.ResponseSizeTooLarge', async () => {
    const { result, body } = await invokeJson(runtime, 'rt-basic', {
      bigResponse: 6 * 1024 * 1024 + 200,
    });
    assert.equal(result.functionError, 'Unhandled');
    assert.equal((body as { errorType: string }).errorType, 'Function.ResponseSizeTooLarge');
    assert.match(
      (body as { errorMessage: string }).errorMessage,
      /^Response payload size \(\d+ bytes\) exceeded maximum allowed payload size \(6291556 bytes\)\.$/,
    );
  });

  it('a payload that is not JSON is InvalidRequestContentException, sync and Event', async () => {
    await rejectsWith(
      runtime.invoke({ functionName: 'rt-basic', payload: Buffer.from('{nope') }),
      'InvalidRequestContentException',
      400,
      /^Could not parse request body into json: /,
    );
    await rejectsWith(
      runtime.invoke({
        functionName: 'rt-basic',
        payload: Buffer.from('{nope'),
        invocationType: 'Event',
      }),
      'InvalidRequestContentException',
      400,
    );
    // The environment is still fine afterwards.
    assert.equal((await invokeJson(runtime, 'rt-basic')).result.functionError, undefined);
  });

  it('LogType Tail returns the base64 of the invocation log', async () => {
    const { result } = await invokeJson(runtime, 'rt-basic', { log: true }, { logType: 'Tail' });
    const tail = Buffer.from(result.logResult!, 'base64').toString();
    assert.match(tail, new RegExp(`^START RequestId: ${result.requestId} Version: \\$LATEST\\n`));
    assert.match(tail, /\tINFO\thello \{ n: 1 \}\n/);
    assert.match(tail, /REPORT RequestId: .*\tMemory Size: 128 MB\t.*\n$/);
    const big = await invokeJson(
      runtime,
      'rt-basic',
      { log: true, string: 'x' },
      { logType: 'Tail' },
    );
    assert.ok(Buffer.from(big.result.logResult!, 'base64').byteLength <= 4096);
  });

  it('a non-Node runtime warns at deploy and answers InvalidRuntimeException', async () => {
    assert.ok(sink.lines.some((l) => l.includes('rt-python') && l.includes('python3.12')));
    await rejectsWith(
      invokeJson(runtime, 'rt-python'),
      'InvalidRuntimeException',
      502,
      'The runtime parameter of python3.12 is not supported by Stratus yet',
    );
  });

  it('a declared Node major other than the host’s is logged once per runtime', () => {
    const host = Number(process.versions.node.split('.')[0]);
    const warned = sink.lines.filter((l) => l.includes('nodejs18.x functions run on'));
    assert.equal(warned.length, host === 18 ? 0 : 1);
  });

  it('runs InlineCode and describes deployed code (CodeSha256, CodeSize)', async () => {
    const inline = createTestModel('rt-inline', '', 'index.handler', {
      inlineCode: "exports.handler = async () => 'inline ok';",
    });
    runtime.deploy([...runtime.list().map((f) => f.model), inline]);
    assert.equal((await invokeJson(runtime, 'rt-inline')).body, 'inline ok');
    await new Promise((r) => setTimeout(r, 100));
    const info = runtime.get('rt-basic')!;
    assert.match(info.codeSha256, /^[A-Za-z0-9+/]{43}=$/);
    assert.ok(info.codeSize > 0);
    assert.match(info.lastModified, /^\d{4}-\d\d-\d\dT/);
    assert.equal(runtime.get('rt-inline')!.codeSize, Buffer.byteLength(inline.inlineCode!));
  });

  it('stop() terminates every environment and refuses new invocations', async () => {
    const other = new FunctionRuntime({
      region: 'us-east-1',
      accountId: '123456789012',
      awsEndpoint: 'http://127.0.0.1:1',
      logger: createLogger({ sink: new MemoryLogSink() }),
      printLogs: false,
    });
    other.deploy([
      createTestModel('stop-a', `${fixtures.dir}/basic`, 'callbacks.spin', { timeout: 60 }),
    ]);
    const spinning = waitForLine(other, (l) => l.message.endsWith('spinning'));
    const inFlight = invokeJson(other, 'stop-a');
    const refused = assert.rejects(inFlight, { code: 'ServiceException' });
    await spinning;
    await other.stop();
    await refused;
    assert.equal(other.list().length, 0);
    await assert.rejects(invokeJson(other, 'stop-a'), { code: 'ServiceException' });
  });
});
