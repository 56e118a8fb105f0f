import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { MemoryLogSink, createLogger } from '../core/logger.js';
import { FunctionLogs } from './function-logs.js';
import { FunctionRuntime } from './function-runtime.js';
import { copyFixtures, createTestModel, invokeJson } from './test-fixtures.js';

describe('function logs', () => {
  it('keeps a bounded ring per function and unsubscribes listeners', () => {
    const logs = new FunctionLogs({
      logger: createLogger({ sink: new MemoryLogSink() }),
      printLogs: false,
      ringSize: 3,
    });
    const seen: string[] = [];
    const off = logs.onLog((l) => seen.push(l.message));
    for (let i = 1; i <= 5; i++)
      logs.emit({ functionName: 'a', timestamp: i, message: `line ${i}` });
    off();
    logs.emit({ functionName: 'a', timestamp: 6, message: 'line 6' });
    assert.deepEqual(
      logs.recent('a', 10).map((l) => l.message),
      ['line 4', 'line 5', 'line 6'],
    );
    assert.deepEqual(
      logs.recent('a', 2).map((l) => l.message),
      ['line 5', 'line 6'],
    );
    assert.deepEqual(logs.recent('b', 2), []);
    assert.equal(seen.length, 5);
  });

  it('writes <logDir>/<name>.log and prints lines prefixed with the function name', async () => {
    const fixtures = copyFixtures();
    const logDir = path.join(mkdtempSync(path.join(tmpdir(), 'stratus-logs-')), 'nested');
    const sink = new MemoryLogSink();
    const runtime = new FunctionRuntime({
      region: 'us-east-1',
      accountId: '123456789012',
      awsEndpoint: 'http://127.0.0.1:1',
      logger: createLogger({ sink }),
      logDir,
    });
    try {
      runtime.deploy([createTestModel('logs-fn', `${fixtures.dir}/basic`, 'index.handler')]);
      const { result } = await invokeJson(runtime, 'logs-fn', { log: true });
      assert.ok(
        sink.lines.includes(`[logs-fn] START RequestId: ${result.requestId} Version: $LATEST`),
      );
      assert.ok(
        sink.lines.some((l) => l.startsWith('[logs-fn] ') && l.endsWith('\tINFO\thello { n: 1 }')),
      );
      const recent = runtime.recentLogs('logs-fn', 3).map((l) => l.message);
      assert.equal(recent.length, 3);
      assert.match(recent[2]!, /^REPORT RequestId: /);
    } finally {
      await runtime.stop();
    }
    const file = readFileSync(path.join(logDir, 'logs-fn.log'), 'utf8').split('\n');
    assert.ok(file.some((l) => l.endsWith('\tINFO\tinit ran')));
    assert.ok(file.some((l) => l.startsWith('END RequestId: ')));
    rmSync(path.dirname(logDir), { recursive: true, force: true });
    fixtures.cleanup();
  });
});
