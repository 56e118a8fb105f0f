/**
 * The platform's own log lines (lambda.md §2.6) in CloudWatch text format, tabs included because
 * log parsers match on them, or as `platform.*` JSON records when the function logs JSON.
 */
import { createHash } from 'node:crypto';

export type LogFormat = 'Text' | 'JSON';

export interface ReportFields {
  requestId: string;
  durationMs: number;
  /** Init Duration, on the first invocation of an environment only. */
  initDurationMs: number | undefined;
  memorySizeMb: number;
  maxMemoryUsedMb: number;
  status: 'success' | 'error' | 'timeout';
  errorType?: string;
}

const [HOST_NODE_MAJOR, HOST_NODE_MINOR] = process.versions.node.split('.');
const RUNTIME_VERSION = `nodejs:${HOST_NODE_MAJOR}.v${HOST_NODE_MINOR}`;
// AWS names a runtime build by a 64-hex digest; ours is derived from the host's Node.js version.
const RUNTIME_DIGEST = createHash('sha256').update(`node-${process.versions.node}`).digest('hex');

function json(type: string, record: unknown, nowMs: number): string {
  return JSON.stringify({ time: new Date(nowMs).toISOString(), type, record });
}

/** `INIT_START Runtime Version: nodejs:20.v…	Runtime Version ARN: …`. */
export function formatInitStart(format: LogFormat, region: string, nowMs: number): string {
  const version = RUNTIME_VERSION;
  const arn = `arn:aws:lambda:${region}::runtime:${RUNTIME_DIGEST}`;
  if (format === 'JSON') {
    return json(
      'platform.initStart',
      {
        initializationType: 'on-demand',
        phase: 'init',
        runtimeVersion: version,
        runtimeVersionArn: arn,
      },
      nowMs,
    );
  }
  return `INIT_START Runtime Version: ${version}\tRuntime Version ARN: ${arn}`;
}

/** `INIT_REPORT Init Duration: … ms	Phase: init|invoke	Status: error|timeout	[Error Type: …]`. */
export function formatInitReport(
  format: LogFormat,
  fields: {
    durationMs: number;
    phase: 'init' | 'invoke';
    status: 'error' | 'timeout';
    errorType?: string;
  },
  nowMs: number,
): string {
  if (format === 'JSON') {
    return json(
      'platform.initReport',
      {
        initializationType: 'on-demand',
        phase: fields.phase,
        status: fields.status,
        ...(fields.errorType === undefined ? {} : { errorType: fields.errorType }),
        metrics: { durationMs: round2(fields.durationMs) },
      },
      nowMs,
    );
  }
  return (
    `INIT_REPORT Init Duration: ${fields.durationMs.toFixed(2)} ms\tPhase: ${fields.phase}\t` +
    `Status: ${fields.status}` +
    (fields.errorType === undefined ? '' : `\tError Type: ${fields.errorType}`)
  );
}

/** `START RequestId: <id> Version: $LATEST`. */
export function formatStart(
  format: LogFormat,
  requestId: string,
  version: string,
  nowMs: number,
): string {
  if (format === 'JSON') return json('platform.start', { requestId, version }, nowMs);
  return `START RequestId: ${requestId} Version: ${version}`;
}

/** `END RequestId: <id>`. */
export function formatEnd(
  format: LogFormat,
  requestId: string,
  status: ReportFields['status'],
  nowMs: number,
): string {
  if (format === 'JSON') return json('platform.runtimeDone', { requestId, status }, nowMs);
  return `END RequestId: ${requestId}`;
}

/** Billed duration: whole milliseconds, and the init phase is billed on a cold start. */
export function billedDurationMs(durationMs: number, initDurationMs: number | undefined): number {
  return Math.ceil(durationMs + (initDurationMs ?? 0));
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

/** `REPORT RequestId: …	Duration: … ms	Billed Duration: … ms	Memory Size: … MB	Max Memory Used: … MB	`. */
export function formatReport(format: LogFormat, f: ReportFields, nowMs: number): string {
  const billed = billedDurationMs(f.durationMs, f.initDurationMs);
  if (format === 'JSON') {
    return json(
      'platform.report',
      {
        requestId: f.requestId,
        metrics: {
          durationMs: round2(f.durationMs),
          billedDurationMs: billed,
          memorySizeMB: f.memorySizeMb,
          maxMemoryUsedMB: f.maxMemoryUsedMb,
          ...(f.initDurationMs === undefined ? {} : { initDurationMs: round2(f.initDurationMs) }),
        },
        status: f.status,
        ...(f.errorType === undefined ? {} : { errorType: f.errorType }),
      },
      nowMs,
    );
  }
  let line =
    `REPORT RequestId: ${f.requestId}\tDuration: ${f.durationMs.toFixed(2)} ms\t` +
    `Billed Duration: ${billed} ms\tMemory Size: ${f.memorySizeMb} MB\t` +
    `Max Memory Used: ${f.maxMemoryUsedMb} MB\t`;
  if (f.initDurationMs !== undefined) line += `Init Duration: ${f.initDurationMs.toFixed(2)} ms\t`;
  if (f.status === 'timeout') line += 'Status: timeout';
  else if (f.errorType !== undefined) line += `Status: error\tError Type: ${f.errorType}`;
  return line;
}

/** `<ISO> <requestId> Task timed out after N.NN seconds`. */
export function formatTimeout(requestId: string, elapsedMs: number, nowMs: number): string {
  return `${new Date(nowMs).toISOString()} ${requestId} Task timed out after ${(elapsedMs / 1000).toFixed(2)} seconds`;
}
