/**
 * Test support: copies the handler fixtures (src/functions/fixtures) into a fresh temp directory,
 * outside this repository, so module resolution is what a user's project would see (no
 * repository node_modules up the tree). Directories named `node_modules_` become `node_modules`
 * (a real node_modules folder would be ignored by version control).
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FunctionModel } from '../core/app-model.js';
import { StratusError } from '../core/errors.js';
import type { FunctionLogLine, InvokeRequest, InvokeResult } from './types.js';

function findFixturesSource(): string {
  // Compiled tests live at different depths (.build/<name>/src/functions, dist/src/functions).
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'src', 'functions', 'fixtures');
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new StratusError('ERR_INTERNAL', 'src/functions/fixtures not found above the tests');
    }
    dir = parent;
  }
}

function renameNodeModules(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    let full = path.join(dir, entry.name);
    if (entry.name === 'node_modules_') {
      const target = path.join(dir, 'node_modules');
      renameSync(full, target);
      full = target;
    }
    renameNodeModules(full);
  }
}

/** A temp copy of the fixtures; `cleanup()` removes it. */
export function copyFixtures(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'stratus-fn-fixtures-'));
  cpSync(findFixturesSource(), dir, { recursive: true });
  renameNodeModules(dir);
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A Node.js function model with test defaults. */
export function createTestModel(
  name: string,
  codeDir: string,
  handler: string,
  overrides: Partial<FunctionModel> = {},
): FunctionModel {
  return {
    logicalId: name.replace(/[^A-Za-z0-9]/g, ''),
    name,
    arn: `arn:aws:lambda:us-east-1:123456789012:function:${name}`,
    runtime: 'nodejs20.x',
    handler,
    codeDir,
    memorySize: 128,
    timeout: 3,
    environment: {},
    layers: [],
    layerDirs: [],
    architectures: ['x86_64'],
    ephemeralStorageMb: 512,
    logging: { format: 'Text', logGroup: `/aws/lambda/${name}` },
    tags: {},
    ...overrides,
  };
}

/** Invokes synchronously with a JSON event; returns the result and the parsed payload. */
export async function invokeJson(
  runtime: { invoke(request: InvokeRequest): Promise<InvokeResult> },
  functionName: string,
  event: unknown = {},
  extra: Partial<InvokeRequest> = {},
): Promise<{ result: InvokeResult; body: unknown }> {
  const result = await runtime.invoke({
    functionName,
    payload: Buffer.from(JSON.stringify(event)),
    ...extra,
  });
  const text = result.payload.toString('utf8');
  return { result, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

/** Resolves with the first line for which `match` is true (lines already seen are not replayed). */
export function waitForLine(
  runtime: { onLog(listener: (line: FunctionLogLine) => void): () => void },
  match: (line: FunctionLogLine) => boolean,
): Promise<FunctionLogLine> {
  return new Promise((resolve) => {
    const off = runtime.onLog((line) => {
      if (!match(line)) return;
      off();
      resolve(line);
    });
  });
}
