/**
 * Test helpers: start Stratus on port 0 for an app folder with a throw-away store, copy apps to
 * temp dirs when a test edits them, and make a real AWS SDK client config for the AWS endpoint.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import {
  MemoryLogSink,
  startStratus,
  type StartStratusOptions,
  type StratusInstance,
} from '../../src/index.js';

/** The repository root (tests run from dist/test/...). */
export const REPO_ROOT = resolve(new URL('../../..', import.meta.url).pathname);

export function examplePath(name: string): string {
  return join(REPO_ROOT, 'examples', name);
}

export function fixturePath(name: string): string {
  return join(REPO_ROOT, 'test', 'fixtures', name);
}

/** A fresh temp dir, removed by `cleanup()`. */
export function tempDir(prefix = 'stratus-test-'): { path: string; cleanup: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}

/** Copies an app folder into a temp dir (for tests that edit files). */
export function copyApp(source: string): { path: string; cleanup: () => void } {
  const dir = tempDir('stratus-app-');
  cpSync(source, dir.path, { recursive: true, filter: (src) => !src.includes('.stratus') });
  return dir;
}

export interface TestStratus extends StratusInstance {
  logs: MemoryLogSink;
}

/** Starts Stratus for `cwd` on free ports with its own SQLite store in a temp dir. */
/**
 * The store a test instance uses: a fresh SQLite file, or, with STRATUS_TEST_STORE set to a
 * PostgreSQL URL, a fresh schema there (so any suite can run on the PostgreSQL engine), dropped
 * when the instance stops.
 */
function testStore(sqlitePath: string): { store: string; cleanup: () => Promise<void> } {
  const url = process.env['STRATUS_TEST_STORE'];
  if (url === undefined || url === '') return { store: sqlitePath, cleanup: async () => {} };
  const schema = `test_${process.pid}_${Date.now()}_${Math.random().toString(36).slice(2, 8)}`;
  return {
    store: `${url}${url.includes('?') ? '&' : '?'}schema=${schema}`,
    cleanup: async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

export async function startTestStratus(
  cwd: string,
  options: StartStratusOptions = {},
): Promise<TestStratus> {
  const state = tempDir('stratus-store-');
  const store = testStore(join(state.path, 'store.db'));
  const logs = new MemoryLogSink();
  const stratus = await startStratus({
    cwd,
    port: 0,
    awsPort: 0,
    store: store.store,
    sink: logs,
    printFunctionLogs: true,
    ...options,
  });
  const stop = stratus.stop.bind(stratus);
  return Object.assign(stratus, {
    logs,
    stop: async () => {
      await stop();
      state.cleanup();
      if (options.store === undefined) await store.cleanup();
    },
  });
}

/** Client options pointing an AWS SDK v3 client at Stratus. */
export function sdkConfig(stratus: StratusInstance): {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
} {
  return {
    endpoint: stratus.awsEndpoint,
    region: stratus.config.region,
    credentials: { accessKeyId: 'AKIDSTRATUSTEST', secretAccessKey: 'secret' },
  };
}

/** Polls `check` until it returns true or `timeoutMs` passes. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 5000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}
