/**
 * The conformance suite every Runner passes (worker threads now, the Runtime API child process
 * later): init, response bytes, function errors, invalid events, aborts, disposal, log lines. Each
 * runner's test file calls `runRunnerConformance` with its factory and its own fixtures.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RunnerFactory, RunnerLogLine, RunnerOptions } from './runner.js';

/** Runner options minus the callbacks the suite supplies. */
export type RunnerSetup = Omit<RunnerOptions, 'onLog' | 'onExit'>;

export interface RunnerConformanceFixtures {
  /** A handler that logs one line, then returns its event. */
  echo(): RunnerSetup;
  /** A handler that throws `TypeError('sync boom')`. */
  fails(): RunnerSetup;
  /** A handler that never returns (a busy loop). */
  spins(): RunnerSetup;
  /** A handler whose module does not exist. */
  missing(): RunnerSetup;
}

const context = (requestId: string) => ({
  requestId,
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:conformance',
  remainingMs: 30_000,
  traceId: 'Root=1-00000000-000000000000000000000000;Parent=0000000000000000;Sampled=0',
});

/** Registers the conformance tests for one runner implementation. */
export function runRunnerConformance(
  label: string,
  factory: RunnerFactory,
  fixtures: RunnerConformanceFixtures,
): void {
  const create = (setup: RunnerSetup, logs: RunnerLogLine[] = []) =>
    factory({ ...setup, onLog: (l) => logs.push(l), onExit: () => {} });
  const never = () => new AbortController().signal;

  describe(`runner conformance: ${label}`, () => {
    it('initialises, then returns the response bytes of each invocation', async () => {
      const logs: RunnerLogLine[] = [];
      const runner = create(fixtures.echo(), logs);
      try {
        assert.deepEqual(await runner.init(never()), { ok: true });
        for (const id of ['req-1', 'req-2']) {
          const outcome = await runner.invoke(Buffer.from(`{"id":"${id}"}`), context(id), never());
          assert.equal(outcome.kind, 'response');
          if (outcome.kind === 'response')
            assert.deepEqual(JSON.parse(outcome.payload.toString()), { id });
          assert.ok(logs.some((l) => l.requestId === id && l.message.includes('echoing')));
        }
      } finally {
        await runner.dispose();
      }
    });

    it('reports a function error as an error document and stays usable', async () => {
      const runner = create(fixtures.fails());
      try {
        assert.deepEqual(await runner.init(never()), { ok: true });
        const outcome = await runner.invoke(Buffer.from('{}'), context('e-1'), never());
        assert.equal(outcome.kind, 'error');
        if (outcome.kind !== 'error') return;
        assert.equal(outcome.fatal, false);
        const doc = JSON.parse(outcome.payload.toString()) as Record<string, unknown>;
        assert.equal(doc.errorType, 'TypeError');
        assert.equal(doc.errorMessage, 'sync boom');
        assert.equal(
          (await runner.invoke(Buffer.from('{}'), context('e-2'), never())).kind,
          'error',
        );
      } finally {
        await runner.dispose();
      }
    });

    it('refuses an event that is not JSON without running the handler', async () => {
      const logs: RunnerLogLine[] = [];
      const runner = create(fixtures.echo(), logs);
      try {
        await runner.init(never());
        const outcome = await runner.invoke(Buffer.from('{oops'), context('bad-1'), never());
        assert.equal(outcome.kind, 'invalid-event');
        assert.ok(!logs.some((l) => l.requestId === 'bad-1'));
      } finally {
        await runner.dispose();
      }
    });

    it('an abort kills a runaway invocation promptly', async () => {
      const runner = create(fixtures.spins());
      await runner.init(never());
      const abort = new AbortController();
      const pending = runner.invoke(Buffer.from('{}'), context('spin-1'), abort.signal);
      setTimeout(() => abort.abort(), 50);
      const started = performance.now();
      assert.deepEqual(await pending, { kind: 'aborted' });
      assert.ok(performance.now() - started < 2000);
      await runner.dispose();
      await runner.dispose();
    });

    it('reports a module that cannot be loaded as an init error', async () => {
      const runner = create(fixtures.missing());
      const outcome = await runner.init(never());
      assert.equal(outcome.ok, false);
      if (!outcome.ok && outcome.reason === 'error') {
        assert.equal(outcome.errorType, 'Runtime.ImportModuleError');
        assert.equal(
          (JSON.parse(outcome.body.toString()) as { errorType: string }).errorType,
          'Runtime.ImportModuleError',
        );
      } else assert.fail(`unexpected ${JSON.stringify(outcome)}`);
      await runner.dispose();
    });
  });
}
