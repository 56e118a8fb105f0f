#!/usr/bin/env node
// Builds the project, then runs every compiled test file (unit tests beside the code under
// dist/src, integration tests under dist/test) with Node's own test runner.
// Extra arguments narrow the run: `npm test -- template` runs files whose path contains "template".
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

rmSync('dist', { recursive: true, force: true });
const build = spawnSync(
  process.execPath,
  ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'],
  {
    stdio: 'inherit',
  },
);
if (build.status !== 0) process.exit(build.status ?? 1);

const filters = process.argv.slice(2);
const files = [];
function walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path);
    else if (entry.name.endsWith('.test.js')) files.push(path);
  }
}
walk('dist');
const selected = files
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (selected.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
function runTests(paths, env = {}) {
  const run = spawnSync(
    process.execPath,
    ['--test', '--test-concurrency=2', '--test-timeout=120000', ...paths],
    {
      stdio: 'inherit',
      // The AWS SDK warns on Node.js 20 that its future releases need Node.js 22.
      env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...process.env, ...env },
    },
  );
  return run.status ?? 1;
}

let status = runTests(selected);
// The data services' SDK suites once more on the PostgreSQL engine (a full run only).
const ON_POSTGRES = ['/test/dynamodb', '/test/sqs/sqs-sdk', '/test/sns/'];
if (status === 0 && filters.length === 0) {
  const url = process.env.STRATUS_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  console.log("\n# the data services' SDK suites on the PostgreSQL engine");
  status = runTests(
    selected.filter((f) => ON_POSTGRES.some((x) => f.includes(x))),
    { STRATUS_TEST_STORE: url },
  );
}
process.exit(status);
