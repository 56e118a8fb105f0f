// Starting and stopping the servers a benchmark measures, each in its own process.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

const STRATUS_BIN = new URL('../bin/stratus.js', import.meta.url).pathname;

/** Arguments that run `stratus start` on ephemeral ports over `store`, logging warnings only. */
export function stratusStartArgs(store, extra = []) {
  return [
    STRATUS_BIN,
    'start',
    '--port',
    '0',
    '--aws-port',
    '0',
    '--store',
    store,
    '--log-level',
    'warn',
    ...extra,
  ];
}

/** wrk (C, Debian package `wrk`) takes far less CPU than a Node.js load generator. */
export const WRK = ['/usr/bin/wrk', '/usr/local/bin/wrk'].find((p) => existsSync(p));

/**
 * Starts `command` and resolves once `pattern` shows in its output, with the match and how long
 * that took; rejects if the process exits first.
 */
export function startProcess(command, args, cwd, pattern, env = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const onData = (chunk) => {
      out += chunk.toString();
      const m = pattern.exec(out);
      if (m) {
        child.stdout.off('data', onData);
        child.stderr.off('data', onData);
        child.stdout.resume();
        child.stderr.resume();
        resolve({ child, match: m, ms: performance.now() - started });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) =>
      reject(new Error(`${command} ${args.join(' ')} exited ${code}:\n${out}`)),
    );
  });
}

/** Stops a started process: SIGINT, then SIGKILL after 5 s. */
export async function stop(child) {
  if (child.exitCode !== null) return;
  child.removeAllListeners('exit');
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGINT');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
