#!/usr/bin/env node
// Stratus benchmarks, each side by side with the peers a user would pick instead, in one run on
// one machine, reported as ratios:
//   1. warm requests/s through gateway → warm function → response, against a bare node:http
//      hello world, against the same server handing each request to a worker thread and back
//      (the most any worker-thread design can serve, peers/worker-hop.js), and against
//      serverless-offline serving the same handler;
//   2. cold start: a new execution environment → first response, p50/p90;
//   3. startup: `stratus dev` on a 10-function template until `stratus ready`.
// Usage: npm run bench [-- --duration 10 --connections 50 --only warm,cold,startup,store]
import { spawnSync } from 'node:child_process';
import { startProcess, stop, stratusStartArgs, WRK } from './processes.js';
import { existsSync, mkdtempSync, rmSync, writeFileSync, mkdirSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
// The SDK warns on Node.js 20 that future releases need Node.js 22; not this benchmark's concern.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const ROOT = new URL('..', import.meta.url).pathname;
const BENCH = join(ROOT, 'bench');
const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '1,10,50' },
    only: { type: 'string', default: 'warm,cold,startup' },
  },
});
const DURATION = Number(values.duration);
const CONNECTION_LEVELS = values.connections.split(',').map(Number);
const ONLY = new Set(values.only.split(','));

function ensureInstalled() {
  if (!existsSync(join(BENCH, 'node_modules', 'serverless-offline'))) {
    console.log('installing benchmark peers (bench/node_modules) …');
    const r = spawnSync('npm', ['install', '--no-audit', '--no-fund'], {
      cwd: BENCH,
      stdio: 'inherit',
    });
    if (r.status !== 0) process.exit(1);
  }
  if (!existsSync(join(ROOT, 'dist', 'src', 'index.js'))) {
    const r = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
    if (r.status !== 0) process.exit(1);
  }
}

/** Load with wrk when installed, else autocannon (each in its own process). */
function load(url, connections, duration = DURATION) {
  if (WRK !== undefined) {
    const r = spawnSync(WRK, ['-t1', `-c${connections}`, `-d${duration}s`, '--latency', url], {
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(r.stderr);
    const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(r.stdout)[1]);
    const ms = (label) => {
      const m = new RegExp(`${label}\\s+([\\d.]+)(us|ms|s)`).exec(r.stdout);
      if (!m) return NaN;
      return Number(m[1]) * (m[2] === 'us' ? 0.001 : m[2] === 's' ? 1000 : 1);
    };
    const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(r.stdout)?.[1] ?? 0);
    const errors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(
      r.stdout,
    );
    const errorCount = errors ? errors.slice(1).reduce((n, x) => n + Number(x), 0) : 0;
    return { rps, p50: ms('50%'), p99: ms('99%'), errors: errorCount, non2xx };
  }
  const script = `
    import autocannon from 'autocannon';
    const r = await autocannon({ url: ${JSON.stringify(url)}, connections: ${connections}, duration: ${duration} });
    process.stdout.write(JSON.stringify({ rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors, non2xx: r.non2xx }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: BENCH,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

async function warm() {
  const results = {}; // results[server][connections]
  const tmp = mkdtempSync(join(tmpdir(), 'stratus-bench-'));
  const measure = (name, url) => {
    results[name] = {};
    for (const c of CONNECTION_LEVELS) {
      // Warm-up at the same concurrency: JIT, and one warm environment per connection.
      load(url, c, 2);
      results[name][c] = load(url, c);
    }
  };
  try {
    const node = await startProcess(
      process.execPath,
      [join(BENCH, 'peers', 'node-http.js'), '0'],
      BENCH,
      /listening (\d+)/,
    );
    measure('node:http', `http://127.0.0.1:${node.match[1]}/`);
    await stop(node.child);

    const hop = await startProcess(
      process.execPath,
      [join(BENCH, 'peers', 'worker-hop.js'), '0'],
      BENCH,
      /listening (\d+)/,
    );
    measure('node:http + worker hop', `http://127.0.0.1:${hop.match[1]}/`);
    await stop(hop.child);

    const stratus = await startProcess(
      process.execPath,
      stratusStartArgs(join(tmp, 'store.db')),
      join(BENCH, 'apps', 'hello'),
      /stratus ready in \d+ ms {2}app (\S+)/,
      { STRATUS_PRINT_FUNCTION_LOGS: '0' },
    );
    measure('stratus', `${stratus.match[1]}/Prod/hello`);
    await stop(stratus.child);

    const sls = await startProcess(
      process.execPath,
      [
        join(BENCH, 'node_modules', 'serverless', 'bin', 'serverless.js'),
        'offline',
        'start',
        '--httpPort',
        '3999',
        '--lambdaPort',
        '3998',
        '--noPrependStageInUrl',
        '--noTimeout',
      ],
      join(BENCH, 'apps', 'hello-sls'),
      /Server ready: (\S+)/,
      { SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off' },
    );
    measure('serverless-offline', 'http://127.0.0.1:3999/hello');
    await stop(sls.child);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  console.log(`\n## Warm requests (${WRK ? 'wrk' : 'autocannon'}, ${DURATION} s per level)\n`);
  console.log(
    '| connections | server | req/s | p50 ms | p99 ms | errors | vs node:http | vs worker hop | Stratus × |',
  );
  console.log('| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const c of CONNECTION_LEVELS) {
    const base = results['node:http'][c].rps;
    const hop = results['node:http + worker hop'][c].rps;
    const ours = results['stratus'][c].rps;
    for (const name of Object.keys(results)) {
      const r = results[name][c];
      const times = name === 'stratus' ? '' : (ours / r.rps).toFixed(2);
      const pct = (of) => `${((r.rps / of) * 100).toFixed(0)}%`;
      console.log(
        `| ${c} | ${name} | ${Math.round(r.rps)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.errors + r.non2xx} | ${pct(base)} | ${pct(hop)} | ${times} |`,
      );
    }
  }
  return results;
}

async function cold() {
  const { startStratus } = await import(join(ROOT, 'dist', 'src', 'index.js'));
  const tmp = mkdtempSync(join(tmpdir(), 'stratus-bench-'));
  const stratus = await startStratus({
    cwd: join(BENCH, 'apps', 'hello'),
    port: 0,
    awsPort: 0,
    store: join(tmp, 'store.db'),
    printFunctionLogs: false,
    logLevel: 'warn',
  });
  const samples = [];
  try {
    await fetch(`${stratus.url}/Prod/hello`).then((r) => r.text());
    for (let i = 0; i < 40; i++) {
      stratus.recycle();
      const t = performance.now();
      const res = await fetch(`${stratus.url}/Prod/hello`);
      await res.text();
      samples.push(performance.now() - t);
    }
  } finally {
    await stratus.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
  samples.sort((a, b) => a - b);
  const pct = (p) =>
    samples[Math.min(samples.length - 1, Math.floor(p * samples.length))].toFixed(1);
  console.log('\n## Cold start (new environment → first HTTP response, 40 samples)\n');
  console.log(`p50 ${pct(0.5)} ms, p90 ${pct(0.9)} ms, max ${pct(1)} ms (target: p50 < 50 ms)`);
}

async function startup() {
  const tmp = mkdtempSync(join(tmpdir(), 'stratus-bench-'));
  const app = join(tmp, 'app');
  mkdirSync(app);
  cpSync(join(BENCH, 'apps', 'hello', 'handler.js'), join(app, 'handler.js'));
  writeFileSync(join(app, 'package.json'), '{"type":"commonjs"}');
  let template =
    "AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\nResources:\n";
  for (let i = 0; i < 10; i++) {
    template += `  Fn${i}:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: nodejs20.x\n      CodeUri: .\n      Handler: handler.hello\n      Events:\n        Api:\n          Type: Api\n          Properties: { Path: /fn${i}, Method: get }\n        Http:\n          Type: HttpApi\n          Properties: { Path: /fn${i}, Method: get }\n`;
  }
  writeFileSync(join(app, 'template.yaml'), template);
  const samples = [];
  const internal = [];
  try {
    for (let i = 0; i < 5; i++) {
      const r = await startProcess(
        process.execPath,
        [
          join(ROOT, 'bin', 'stratus.js'),
          'dev',
          '--port',
          '0',
          '--aws-port',
          '0',
          '--store',
          join(tmp, `s${i}.db`),
        ],
        app,
        /stratus ready in (\d+) ms/,
      );
      samples.push(r.ms);
      internal.push(Number(r.match[1]));
      await stop(r.child);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  samples.sort((a, b) => a - b);
  internal.sort((a, b) => a - b);
  console.log('\n## Startup (`stratus dev`, 10 functions, 20 routes, 5 runs)\n');
  console.log(
    `process start → "stratus ready": median ${samples[2].toFixed(0)} ms; inside Stratus: median ${internal[2]} ms (target < 1000 ms)`,
  );
}

ensureInstalled();
console.log(`# Stratus benchmarks — node ${process.version}, ${new Date().toISOString()}`);
if (ONLY.has('warm')) await warm();
if (ONLY.has('cold')) await cold();
if (ONLY.has('startup')) await startup();
for (const extra of ['dynamodb', 'messaging']) {
  if (!ONLY.has(extra)) continue;
  const r = spawnSync(process.execPath, [join(BENCH, `${extra}.js`)], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(1);
}
if (ONLY.has('store')) {
  const r = spawnSync(process.execPath, [join(BENCH, 'store.js')], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(1);
}
