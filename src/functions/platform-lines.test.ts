import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  billedDurationMs,
  formatEnd,
  formatInitReport,
  formatInitStart,
  formatReport,
  formatStart,
  formatTimeout,
} from './platform-lines.js';

// The exact platform line shapes of lambda.md §2.6; log parsers depend on the tabs.
describe('platform lines', () => {
  const t = Date.UTC(2026, 0, 2, 3, 4, 5, 678);
  const base = {
    requestId: 'r-1',
    durationMs: 12.345,
    initDurationMs: undefined,
    memorySizeMb: 128,
    maxMemoryUsedMb: 70,
    status: 'success' as const,
  };

  it('INIT_START names the runtime version and a runtime version ARN', () => {
    assert.match(
      formatInitStart('Text', 'us-east-1', t),
      /^INIT_START Runtime Version: nodejs:\d+\.v\d+\tRuntime Version ARN: arn:aws:lambda:us-east-1::runtime:[0-9a-f]{64}$/,
    );
  });

  it('START and END', () => {
    assert.equal(formatStart('Text', 'r-1', '$LATEST', t), 'START RequestId: r-1 Version: $LATEST');
    assert.equal(formatEnd('Text', 'r-1', 'success', t), 'END RequestId: r-1');
  });

  it('REPORT of a warm invocation, with its trailing tab', () => {
    assert.equal(
      formatReport('Text', base, t),
      'REPORT RequestId: r-1\tDuration: 12.35 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 70 MB\t',
    );
  });

  it('REPORT of a cold start adds Init Duration and bills the init phase', () => {
    assert.equal(
      formatReport('Text', { ...base, initDurationMs: 156.789 }, t),
      'REPORT RequestId: r-1\tDuration: 12.35 ms\tBilled Duration: 170 ms\tMemory Size: 128 MB\tMax Memory Used: 70 MB\tInit Duration: 156.79 ms\t',
    );
    assert.equal(billedDurationMs(1, undefined), 1);
    assert.equal(billedDurationMs(1.01, undefined), 2);
  });

  it('REPORT of a timeout or crash carries the status', () => {
    assert.match(formatReport('Text', { ...base, status: 'timeout' }, t), /\tStatus: timeout$/);
    assert.match(
      formatReport('Text', { ...base, status: 'error', errorType: 'Runtime.ExitError' }, t),
      /\tStatus: error\tError Type: Runtime\.ExitError$/,
    );
  });

  it('INIT_REPORT and the timeout line', () => {
    assert.equal(
      formatInitReport('Text', { durationMs: 9999.534, phase: 'init', status: 'timeout' }, t),
      'INIT_REPORT Init Duration: 9999.53 ms\tPhase: init\tStatus: timeout',
    );
    assert.equal(
      formatInitReport(
        'Text',
        { durationMs: 3, phase: 'invoke', status: 'error', errorType: 'Runtime.ImportModuleError' },
        t,
      ),
      'INIT_REPORT Init Duration: 3.00 ms\tPhase: invoke\tStatus: error\tError Type: Runtime.ImportModuleError',
    );
    assert.equal(
      formatTimeout('r-1', 3001, t),
      '2026-01-02T03:04:05.678Z r-1 Task timed out after 3.00 seconds',
    );
  });

  it('JSON format: platform.* records', () => {
    assert.deepEqual(JSON.parse(formatStart('JSON', 'r-1', '$LATEST', t)), {
      time: '2026-01-02T03:04:05.678Z',
      type: 'platform.start',
      record: { requestId: 'r-1', version: '$LATEST' },
    });
    const report = JSON.parse(formatReport('JSON', { ...base, initDurationMs: 5 }, t)) as {
      type: string;
      record: { metrics: Record<string, number>; status: string };
    };
    assert.equal(report.type, 'platform.report');
    assert.deepEqual(report.record.metrics, {
      durationMs: 12.35,
      billedDurationMs: 18,
      memorySizeMB: 128,
      maxMemoryUsedMB: 70,
      initDurationMs: 5,
    });
    assert.equal(report.record.status, 'success');
  });
});
