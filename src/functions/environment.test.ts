import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ManualClock } from '../core/clock.js';
import { silentLogger } from '../core/logger.js';
import { FunctionRuntime } from './function-runtime.js';
import { copyFixtures, createTestModel, invokeJson, waitForLine } from './test-fixtures.js';
import type { FunctionLogLine } from './types.js';

// Environment lifecycle (lambda.md §2.1, §2.4, §2.5): init bounds, timeouts, crashes, OOM.
describe('environment lifecycle', () => {
  let fixtures: ReturnType<typeof copyFixtures>;
  let runtime: FunctionRuntime;
  let clock: ManualClock;
  const lines: FunctionLogLine[] = [];
  const linesOf = (id: string): string[] =>
    lines.filter((l) => l.requestId === id).map((l) => l.message);

  before(() => {
    fixtures = copyFixtures();
    clock = new ManualClock();
    runtime = new FunctionRuntime({
      region: 'us-east-1',
      accountId: '123456789012',
      awsEndpoint: 'http://127.0.0.1:1',
      logger: silentLogger,
      printLogs: false,
      clock,
      prewarm: false,
    });
    runtime.onLog((l) => lines.push(l));
    const d = fixtures.dir;
    runtime.deploy([
      createTestModel('lc-spin', `${d}/basic`, 'callbacks.spin'),
      createTestModel('lc-exit', `${d}/basic`, 'callbacks.exit'),
      createTestModel('lc-oom', `${d}/basic`, 'callbacks.oom', { timeout: 60 }),
      createTestModel('lc-basic', `${d}/basic`, 'index.handler'),
      createTestModel('lc-slow-init', `${d}/errors`, 'init-slow.handler'),
      createTestModel('lc-init-exit', `${d}/errors`, 'init-exit.handler'),
    ]);
  });
  after(async () => {
    await runtime.stop();
    fixtures.cleanup();
  });

  it('a timeout terminates even an endless loop, logs "Task timed out", and the next invoke is cold', async () => {
    const spinning = waitForLine(
      runtime,
      (l) => l.functionName === 'lc-spin' && l.message.endsWith('\tspinning'),
    );
    const pending = invokeJson(runtime, 'lc-spin');
    await spinning;
    clock.advance(3000);
    const { result, body } = await pending;
    const id = result.requestId;
    assert.equal(result.functionError, 'Unhandled');
    assert.deepEqual(body, {
      errorType: 'Sandbox.Timedout',
      errorMessage: `RequestId: ${id} Error: Task timed out after 3.00 seconds`,
    });
    const own = linesOf(id);
    assert.ok(
      own.includes(
        `${new Date(clock.now()).toISOString()} ${id} Task timed out after 3.00 seconds`,
      ),
      own.join('\n'),
    );
    assert.ok(own.includes(`END RequestId: ${id}`));
    assert.match(own.at(-1)!, /^REPORT RequestId: .*\tDuration: 3000\.00 ms\t.*Status: timeout$/);
    assert.equal(runtime.get('lc-spin')!.environments.total, 0);
  });

  it('a timed-out environment is replaced: module state starts over', async () => {
    const first = (await invokeJson(runtime, 'lc-basic')).body as { count: number };
    assert.equal(first.count, 1);
    const sleeping = waitForLine(
      runtime,
      (l) => l.functionName === 'lc-basic' && l.message.endsWith('INFO\thello { n: 1 }'),
    );
    const pending = invokeJson(runtime, 'lc-basic', { log: true, sleepMs: 60_000 });
    await sleeping;
    clock.advance(3000);
    assert.equal(((await pending).body as { errorType: string }).errorType, 'Sandbox.Timedout');
    const { result, body } = await invokeJson(runtime, 'lc-basic');
    assert.equal((body as { count: number }).count, 1);
    assert.match(linesOf(result.requestId).at(-1)!, /Init Duration: /);
  });

  it('process.exit() is Runtime.ExitError; Stratus stays up and the next invoke gets a new environment', async () => {
    const { result, body } = await invokeJson(runtime, 'lc-exit');
    assert.deepEqual(body, {
      errorType: 'Runtime.ExitError',
      errorMessage: `RequestId: ${result.requestId} Error: Runtime exited with error: exit status 3`,
    });
    const again = await invokeJson(runtime, 'lc-exit');
    assert.equal((again.body as { errorType: string }).errorType, 'Runtime.ExitError');
    assert.match(
      linesOf(again.result.requestId).at(-1)!,
      /Init Duration: .*Status: error\tError Type: Runtime\.ExitError$/,
    );
  });

  it('running out of the MemorySize heap is Runtime.OutOfMemory and the environment is replaced', async () => {
    const { result, body } = await invokeJson(runtime, 'lc-oom');
    assert.equal(result.functionError, 'Unhandled');
    assert.equal((body as { errorType: string }).errorType, 'Runtime.OutOfMemory');
    assert.equal(runtime.get('lc-oom')!.environments.total, 0);
    assert.equal((await invokeJson(runtime, 'lc-basic')).result.functionError, undefined);
  });

  it('an init that exceeds the init timeout is retried inside the invocation (suppressed init)', async () => {
    const started = waitForLine(
      runtime,
      (l) => l.functionName === 'lc-slow-init' && l.message.startsWith('INIT_START'),
    );
    const pending = invokeJson(runtime, 'lc-slow-init');
    await started;
    clock.advance(10_000);
    const { result, body } = await pending;
    assert.equal(body, 'slow init done');
    const all = lines.filter((l) => l.functionName === 'lc-slow-init').map((l) => l.message);
    assert.ok(
      all.some((l) =>
        /^INIT_REPORT Init Duration: 10000\.00 ms\tPhase: init\tStatus: timeout$/.test(l),
      ),
      all.join('\n'),
    );
    assert.equal(all.filter((l) => l.startsWith('INIT_START')).length, 2);
    const report = linesOf(result.requestId).at(-1)!;
    assert.ok(report.startsWith('REPORT') && !report.includes('Init Duration'), report);
  });

  it('process.exit() during init is an init error (Runtime.ExitError) for the invocation', async () => {
    const { result, body } = await invokeJson(runtime, 'lc-init-exit');
    assert.equal(result.functionError, 'Unhandled');
    assert.deepEqual(body, {
      errorType: 'Runtime.ExitError',
      errorMessage: `RequestId: ${result.requestId} Error: Runtime exited with error: exit status 2`,
    });
    const all = lines.filter((l) => l.functionName === 'lc-init-exit').map((l) => l.message);
    assert.ok(
      all.includes(
        'INIT_REPORT Init Duration: 0.00 ms\tPhase: invoke\tStatus: error\tError Type: Runtime.ExitError',
      ),
      all.join('\n'),
    );
  });
});
