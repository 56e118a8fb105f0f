import assert from 'node:assert/strict';
import { execFileSync, fork } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { isStratusError } from '../../core/errors.js';
import { runStoreConformance } from '../conformance.js';
import type { ChildCommand, ChildReport } from '../conformance-child.js';
import { openStore } from '../open-store.js';
import { SQLITE_MIGRATIONS } from './sqlite-schema.js';
import Database from 'better-sqlite3';

const root = mkdtempSync(join(tmpdir(), 'stratus-sqlite-store-'));
let n = 0;

runStoreConformance('sqlite', {
  newLocation: () =>
    Promise.resolve({ kind: 'sqlite', path: join(root, `store-${n++}`, 'stratus.db') }),
  open: (location, options) => openStore(location, options),
  multiProcessOptions: { sqliteLocking: 'shared' },
  cleanup: () => Promise.resolve(rmSync(root, { recursive: true, force: true })),
});

describe('sqlite store: bad files and locks', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stratus-sqlite-faults-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a second process on the same file with ERR_STORE_LOCKED', async () => {
    const path = join(dir, 'locked.db');
    const child = fork(new URL('../conformance-child.js', import.meta.url), [], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const ready = new Promise<void>((resolve, reject) => {
      child.on('message', (m: ChildReport) => {
        if (m.kind === 'ready') resolve();
        if (m.kind === 'error') reject(new Error(m.message));
      });
    });
    const cmd: ChildCommand = { kind: 'write-until-killed', location: path, options: {} };
    child.send(cmd);
    try {
      await ready;
      await assert.rejects(openStore(path), (e: unknown) => {
        assert.ok(isStratusError(e, 'ERR_STORE_LOCKED'));
        assert.match(e.message, /in use by another Stratus process/);
        assert.ok(e.message.includes(path));
        return true;
      });
    } finally {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    }
    // Once the holder is gone (even killed), the lock is gone with it.
    const s = await openStore(path);
    assert.ok((await s.kv.count('durable')) > 0);
    await s.close();
  });

  it('refuses a second store on the same file within one process too', async () => {
    const path = join(dir, 'twice.db');
    const first = await openStore(path);
    await assert.rejects(openStore(path), (e: unknown) => isStratusError(e, 'ERR_STORE_LOCKED'));
    await first.close();
    await (await openStore(path)).close();
  });

  it('reports a file that is not a database and leaves it untouched', async () => {
    const path = join(dir, 'corrupt.db');
    const garbage = Buffer.from(
      'this is not a sqlite database, just some text that must survive\n'.repeat(100),
    );
    writeFileSync(path, garbage);
    await assert.rejects(openStore(path), (e: unknown) => {
      assert.ok(isStratusError(e, 'ERR_STORE_OPEN'));
      assert.ok(e.message.includes(path));
      assert.match(e.message, /not a SQLite database/);
      return true;
    });
    assert.deepEqual(readFileSync(path), garbage);
  });

  it('reports a database whose pages are damaged and does not rewrite it', async () => {
    const path = join(dir, 'damaged.db');
    const s = await openStore(path);
    await s.kv.put('t', Buffer.from('k'), Buffer.from('v'));
    await s.close();
    const bytes = readFileSync(path);
    // Keep the header, smash the schema page.
    bytes.fill(0xab, 100, 4096);
    writeFileSync(path, bytes);
    await assert.rejects(openStore(path), (e: unknown) => isStratusError(e, 'ERR_STORE_OPEN'));
    assert.deepEqual(readFileSync(path), bytes);
  });

  it('reports a read-only file and leaves it untouched', async (t) => {
    const path = join(dir, 'readonly.db');
    const s = await openStore(path);
    await s.kv.put('t', Buffer.from('k'), Buffer.from('v'));
    await s.close();
    const before = readFileSync(path);
    // Root ignores permission bits; the immutable attribute binds root too, where available.
    const asRoot = process.getuid?.() === 0;
    if (asRoot) {
      try {
        execFileSync('chattr', ['+i', path], { stdio: 'ignore' });
      } catch {
        t.skip('running as root without chattr: cannot make a file read-only');
        return;
      }
    } else {
      chmodSync(path, 0o444);
    }
    try {
      await assert.rejects(openStore(path), (e: unknown) => {
        assert.ok(isStratusError(e, 'ERR_STORE_OPEN'));
        assert.match(e.message, /read-only/);
        assert.ok(e.message.includes(path));
        return true;
      });
      assert.deepEqual(readFileSync(path), before);
    } finally {
      if (asRoot) execFileSync('chattr', ['-i', path], { stdio: 'ignore' });
      else chmodSync(path, 0o644);
    }
  });

  it('reports a path that is a directory', async () => {
    await assert.rejects(openStore(dir), (e: unknown) => isStratusError(e, 'ERR_STORE_OPEN'));
  });

  it('upgrades a file of schema version 1 in place, keeping its messages', async () => {
    const path = join(dir, 'v1.db');
    const first = await openStore(path);
    await first.queues.send('q', { body: 'kept' });
    await first.close();
    // What a version-1 file looks like: no retention index.
    const db = new Database(path);
    db.exec('DROP INDEX queue_messages_enqueued');
    db.pragma('user_version = 1');
    db.close();
    const upgraded = await openStore(path);
    try {
      assert.deepEqual(
        (await upgraded.queues.peek('q')).map((m) => m.body.toString('utf8')),
        ['kept'],
      );
    } finally {
      await upgraded.close();
    }
    const check = new Database(path, { readonly: true });
    try {
      assert.equal(check.pragma('user_version', { simple: true }), SQLITE_MIGRATIONS.length);
      const plan = check
        .prepare(
          'EXPLAIN QUERY PLAN DELETE FROM queue_messages WHERE queue = ? AND enqueued_at < ?',
        )
        .all('q', 1) as { detail: string }[];
      assert.ok(
        plan.some((row) => row.detail.includes('queue_messages_enqueued')),
        JSON.stringify(plan),
      );
    } finally {
      check.close();
    }
  });

  it('refuses a file written by a newer schema version', async () => {
    const path = join(dir, 'newer.db');
    await (await openStore(path)).close();
    const db = new Database(path);
    db.pragma(`user_version = ${SQLITE_MIGRATIONS.length + 1}`);
    db.close();
    await assert.rejects(openStore(path), (e: unknown) => isStratusError(e, 'ERR_STORE_SCHEMA'));
  });
});
