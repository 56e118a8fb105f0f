import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createHandlerEnvironment } from './handler-environment.js';
import { findStratusNodeModules } from './stratus-node-modules.js';
import { runRunnerConformance, type RunnerSetup } from './runner-conformance.js';
import { copyFixtures, createTestModel } from './test-fixtures.js';
import { createWorkerRunner } from './worker-runner.js';

let fixtures: ReturnType<typeof copyFixtures>;
before(() => {
  fixtures = copyFixtures();
});
after(() => fixtures.cleanup());

function setup(handler: string, dir = 'basic'): RunnerSetup {
  const taskRoot = `${fixtures.dir}/${dir}`;
  const model = createTestModel('conformance', taskRoot, handler);
  return {
    handler,
    taskRoot,
    memorySizeMb: 128,
    env: createHandlerEnvironment(model, {
      region: 'us-east-1',
      awsEndpoint: 'http://127.0.0.1:1',
      taskRoot,
      runtimeDir: taskRoot,
      nodePath: [taskRoot],
      hostBasics: {},
    }),
    esmFallbackDirs: [],
    memo: new Map(),
  };
}

runRunnerConformance('worker threads', createWorkerRunner, {
  echo: () => setup('callbacks.echo'),
  fails: () => setup('callbacks.syncThrow'),
  spins: () => setup('callbacks.spin'),
  missing: () => setup('nowhere.handler'),
});

describe('worker runner', () => {
  it('restarts an ES module handler that needs the SDK fallback with the resolve hook, and remembers it', async () => {
    const memo = new Map<string, unknown>();
    const options = {
      ...setup('import-only.handler', 'sdk-esm'),
      esmFallbackDirs: [findStratusNodeModules()!],
      memo,
      onLog: () => {},
      onExit: () => {},
    };
    const signal = new AbortController().signal;
    const first = createWorkerRunner(options);
    assert.deepEqual(await first.init(signal), { ok: true });
    assert.equal(memo.size, 1, 'the restart is remembered for the next environment');
    const outcome = await first.invoke(
      Buffer.from('{}'),
      {
        requestId: 'r-1',
        invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:conformance',
        remainingMs: 10_000,
      },
      signal,
    );
    assert.equal(outcome.kind === 'response' && outcome.payload.toString(), '"function"');
    await first.dispose();
    const second = createWorkerRunner(options);
    assert.deepEqual(await second.init(signal), { ok: true });
    await second.dispose();
  });
});
