import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ManualClock } from '../core/clock.js';
import { silentLogger } from '../core/logger.js';
import { FunctionRuntime } from './function-runtime.js';
import { copyFixtures, createTestModel, invokeJson, waitForLine } from './test-fixtures.js';
import type { FunctionLogLine } from './types.js';

// Environment reuse, idle reaping (with a ManualClock), prewarm and configuration generations.
describe('function pool', () => {
  let fixtures: ReturnType<typeof copyFixtures>;
  let runtime: FunctionRuntime;
  let clock: ManualClock;
  const lines: FunctionLogLine[] = [];
  const reportOf = (id: string): string =>
    lines.find((l) => l.requestId === id && l.message.startsWith('REPORT'))!.message;
  const model = (name: string, env: Record<string, string> = {}) =>
    createTestModel(name, `${fixtures.dir}/basic`, 'index.handler', { environment: env });

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
      idleTimeoutMs: 60_000,
    });
    runtime.onLog((l) => lines.push(l));
  });
  after(async () => {
    await runtime.stop();
    fixtures.cleanup();
  });

  it('prewarms one environment at deploy; its first invocation still reports Init Duration', async () => {
    const initDone = waitForLine(
      runtime,
      (l) => l.functionName === 'pool-prewarm' && l.message.endsWith('init ran'),
    );
    runtime.deploy([model('pool-prewarm')]);
    await initDone;
    assert.equal(runtime.get('pool-prewarm')!.environments.total, 1);
    const first = await invokeJson(runtime, 'pool-prewarm');
    assert.match(reportOf(first.result.requestId), /Init Duration: \d+\.\d\d ms\t$/);
    const second = await invokeJson(runtime, 'pool-prewarm');
    assert.doesNotMatch(reportOf(second.result.requestId), /Init Duration/);
    assert.equal(
      runtime.get('pool-prewarm')!.environments.total,
      1,
      'the idle environment is reused',
    );
  });

  it('concurrent invocations get separate environments', async () => {
    runtime.deploy([model('pool-prewarm'), model('pool-conc')]);
    await Promise.all([1, 2, 3].map(() => invokeJson(runtime, 'pool-conc', { sleepMs: 50 })));
    assert.equal(runtime.get('pool-conc')!.environments.total, 3);
    assert.equal(runtime.get('pool-conc')!.environments.busy, 0);
  });

  it('reaps environments idle for idleTimeoutMs of clock time; the next invoke is cold', async () => {
    runtime.deploy([model('pool-reap')]);
    const a = (await invokeJson(runtime, 'pool-reap')).body as { count: number };
    await invokeJson(runtime, 'pool-reap');
    clock.advance(59_000);
    assert.equal(runtime.get('pool-reap')!.environments.total, 1, 'not idle long enough yet');
    await invokeJson(runtime, 'pool-reap');
    clock.advance(59_000);
    assert.equal(runtime.get('pool-reap')!.environments.total, 1, 'last use resets the idle time');
    clock.advance(1_000);
    assert.equal(runtime.get('pool-reap')!.environments.total, 0);
    const { result, body } = await invokeJson(runtime, 'pool-reap');
    assert.equal((body as { count: number }).count, a.count);
    assert.match(reportOf(result.requestId), /Init Duration/);
  });

  it('a changed configuration gets fresh environments; a busy one finishes on the old one', async () => {
    runtime.deploy([model('pool-gen', { STAGE: 'one' })]);
    const started = waitForLine(
      runtime,
      (l) => l.functionName === 'pool-gen' && l.message.endsWith('hello { n: 1 }'),
    );
    const busy = invokeJson(runtime, 'pool-gen', { log: true, sleepMs: 100, env: ['STAGE'] });
    await started;
    runtime.deploy([model('pool-gen', { STAGE: 'two' })]);
    const during = await invokeJson(runtime, 'pool-gen', { env: ['STAGE'] });
    assert.deepEqual(during.body, { STAGE: 'two' });
    assert.deepEqual((await busy).body, { STAGE: 'one' });
    assert.equal(runtime.get('pool-gen')!.environments.total, 1, 'the old environment went away');
  });

  it('an unchanged redeploy keeps warm environments; reload() replaces them', async () => {
    runtime.deploy([model('pool-reload')]);
    const first = (await invokeJson(runtime, 'pool-reload')).body as { count: number };
    runtime.deploy([model('pool-reload')]);
    assert.equal(
      ((await invokeJson(runtime, 'pool-reload')).body as { count: number }).count,
      first.count + 1,
    );
    runtime.reload(['pool-reload']);
    assert.equal(((await invokeJson(runtime, 'pool-reload')).body as { count: number }).count, 1);
  });

  it('removing a function from the deployment makes it unknown', async () => {
    runtime.deploy([model('pool-gone')]);
    await invokeJson(runtime, 'pool-gone');
    runtime.deploy([]);
    assert.equal(runtime.get('pool-gone'), undefined);
    await assert.rejects(invokeJson(runtime, 'pool-gone'), { code: 'ResourceNotFoundException' });
  });

  it('a prewarmed environment whose init failed re-runs init inside the first invocation', async () => {
    const failed = waitForLine(
      runtime,
      (l) => l.functionName === 'pool-broken' && l.message.startsWith('INIT_REPORT'),
    );
    runtime.deploy([
      createTestModel('pool-broken', `${fixtures.dir}/errors`, 'init-throws.handler'),
    ]);
    assert.match((await failed).message, /Phase: init\tStatus: error\tError Type: Error$/);
    const { result, body } = await invokeJson(runtime, 'pool-broken');
    assert.equal((body as { errorMessage: string }).errorMessage, 'init exploded');
    const own = lines.filter((l) => l.functionName === 'pool-broken').map((l) => l.message);
    assert.ok(own.some((l) => /Phase: invoke\tStatus: error\tError Type: Error$/.test(l)));
    assert.match(reportOf(result.requestId), /Status: error\tError Type: Error$/);
    assert.equal(runtime.get('pool-broken')!.environments.total, 0, 'the environment is reset');
  });
});
