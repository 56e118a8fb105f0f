import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { isStratusError } from '../../core/errors.js';
import { runStoreConformance } from '../conformance.js';
import { openStore } from '../open-store.js';
import { isStoreConflict, isStoreUnavailable } from '../store-errors.js';
import { ManualClock } from '../../core/clock.js';
import type { QueueMessage, Store } from '../types.js';
import { POSTGRES_MIGRATIONS } from './postgres-schema.js';

// CI has a PostgreSQL: when it is unreachable these tests fail (loudly), they never skip.
const url = process.env['STRATUS_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const runId = randomBytes(4).toString('hex');
const schemas: string[] = [];

function newSchema(): string {
  const schema = `stratus_test_${runId}_${schemas.length}`;
  schemas.push(schema);
  return schema;
}

async function dropSchemas(): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    for (const s of schemas.splice(0)) await admin.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
  } finally {
    await admin.end();
  }
}

runStoreConformance('postgres', {
  newLocation: () => Promise.resolve({ kind: 'postgres', url, schema: newSchema() }),
  open: (location, options) => openStore(location, options),
  multiProcessOptions: {},
  cleanup: dropSchemas,
});

describe('postgres store: faults and several nodes', () => {
  const admin = new pg.Client({ connectionString: url });
  const stores: Store[] = [];
  before(() => admin.connect());
  after(async () => {
    for (const s of stores) await s.close();
    await admin.end();
    await dropSchemas();
  });
  const open = async (schema: string): Promise<Store> => {
    const s = await openStore({ kind: 'postgres', url, schema });
    stores.push(s);
    return s;
  };

  it('fails to open an unreachable server with ERR_STORE_OPEN naming the URL, without the password', async () => {
    const bad = 'postgres://stratus:secret@127.0.0.1:1/nowhere';
    await assert.rejects(openStore(bad), (e: unknown) => {
      assert.ok(isStratusError(e, 'ERR_STORE_OPEN'));
      assert.ok(e.message.includes('postgres://stratus:***@127.0.0.1:1/nowhere'), e.message);
      assert.ok(!e.message.includes('secret'));
      return true;
    });
  });

  it('takes the schema from ?schema= in the URL', async () => {
    const schema = newSchema();
    const s = await openStore(`${url}?schema=${schema}`);
    stores.push(s);
    await s.kv.put('t', Buffer.from('k'), Buffer.from('v'));
    const r = await admin.query(`SELECT count(*)::int AS n FROM ${schema}.kv`);
    assert.equal(r.rows[0].n, 1);
  });

  it('refuses a database migrated by a newer Stratus', async () => {
    const schema = newSchema();
    await (await openStore({ kind: 'postgres', url, schema })).close();
    await admin.query(
      `UPDATE ${schema}.stratus_meta SET schema_version = ${POSTGRES_MIGRATIONS.length + 1}`,
    );
    await assert.rejects(openStore({ kind: 'postgres', url, schema }), (e: unknown) =>
      isStratusError(e, 'ERR_STORE_SCHEMA'),
    );
  });

  it('upgrades a schema of version 1 in place, keeping its messages', async () => {
    const schema = newSchema();
    const first = await openStore({ kind: 'postgres', url, schema });
    await first.queues.send('q', { body: 'kept' });
    await first.close();
    // What a version-1 schema looks like: no retention index.
    await admin.query(`DROP INDEX ${schema}.queue_messages_enqueued`);
    await admin.query(`UPDATE ${schema}.stratus_meta SET schema_version = 1`);
    const upgraded = await open(schema);
    assert.deepEqual(
      (await upgraded.queues.peek('q')).map((m) => m.body.toString('utf8')),
      ['kept'],
    );
    const meta = await admin.query(`SELECT schema_version FROM ${schema}.stratus_meta`);
    assert.equal(Number(meta.rows[0].schema_version), POSTGRES_MIGRATIONS.length);
    const index = await admin.query(
      'SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND indexname = $2',
      [schema, 'queue_messages_enqueued'],
    );
    assert.match(String(index.rows[0]?.indexdef), /\(queue, enqueued_at\)/);
  });

  it('migrates once when several nodes start together', async () => {
    const schema = newSchema();
    const nodes = await Promise.all([1, 2, 3].map(() => open(schema)));
    await nodes[0]!.kv.put('t', Buffer.from('k'), Buffer.from('v'));
    assert.equal((await nodes[2]!.kv.get('t', Buffer.from('k')))?.version, 1);
  });

  it('fails retryably when the server drops its connections, and works again without a restart', async () => {
    const schema = newSchema();
    const s = await open(schema);
    await s.kv.put('t', Buffer.from('k'), Buffer.from('v1'));
    const kill = (): Promise<unknown> =>
      admin.query(
        `SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE application_name = $1 AND pid <> pg_backend_pid()`,
        [`stratus:${schema}`],
      );
    // Mid-transaction: the connection under it dies, the operation fails retryably.
    await assert.rejects(
      s.transaction(async (tx) => {
        await tx.kv.put('t', Buffer.from('k'), Buffer.from('lost'));
        await kill();
        await tx.kv.get('t', Buffer.from('k'));
      }),
      (e: unknown) => {
        assert.ok(isStoreUnavailable(e), String(e));
        assert.equal(e.retryable, true);
        return true;
      },
    );
    // Idle pooled connections are killed too; each operation either succeeds on a fresh
    // connection or fails retryably, and a retry succeeds.
    await kill();
    for (let i = 0; i < 3; i++) {
      try {
        await s.kv.get('t', Buffer.from('k'));
      } catch (e) {
        assert.ok(isStoreUnavailable(e) && e.retryable, String(e));
      }
    }
    assert.equal((await s.kv.get('t', Buffer.from('k')))?.value.toString(), 'v1');
    await s.kv.put('t', Buffer.from('k'), Buffer.from('v2'));
    assert.equal((await s.kv.get('t', Buffer.from('k')))?.version, 2);
  });

  it('never hands one message to two nodes polling the same queue', async () => {
    const schema = newSchema();
    const [a, b] = [await open(schema), await open(schema)];
    const total = 200;
    for (let i = 0; i < total; i += 50) {
      await a.transaction(async (tx) => {
        for (let j = i; j < i + 50; j++) await tx.queues.send('shared', { body: String(j) });
      });
    }
    const seen: string[] = [];
    const poll = async (s: Store): Promise<void> => {
      for (;;) {
        const got = await s.queues.receive('shared', { visibilityTimeoutMs: 60_000, max: 7 });
        if (got.length === 0) return;
        for (const m of got) {
          seen.push(m.body.toString());
          await s.queues.delete('shared', m.receiptHandle);
        }
      }
    };
    await Promise.all([poll(a), poll(b), poll(a), poll(b)]);
    assert.equal(seen.length, total);
    assert.equal(new Set(seen).size, total);
  });

  it('keeps FIFO groups ordered and locked across nodes', async () => {
    const schema = newSchema();
    const [a, b] = [await open(schema), await open(schema)];
    const groups = 4;
    const perGroup = 15;
    await a.transaction(async (tx) => {
      for (let i = 0; i < perGroup; i++) {
        for (let g = 0; g < groups; g++)
          await tx.queues.send('fifo', { body: String(i), groupId: `g${g}` });
      }
    });
    const inFlight = new Set<string>();
    const delivered = new Map<string, number[]>();
    let total = 0;
    const poll = async (s: Store): Promise<void> => {
      const deadline = Date.now() + 20_000;
      while (total < groups * perGroup && Date.now() < deadline) {
        const got = await s.queues.receive('fifo', { visibilityTimeoutMs: 60_000, max: 3 });
        if (got.length === 0) {
          await new Promise((r) => setTimeout(r, 2));
          continue;
        }
        const batchGroups = new Set(got.map((m) => m.groupId!));
        for (const g of batchGroups) {
          assert.equal(inFlight.has(g), false, `group ${g} handed out while in flight`);
          inFlight.add(g);
        }
        for (const m of got) {
          const list = delivered.get(m.groupId!) ?? [];
          list.push(Number(m.body.toString()));
          delivered.set(m.groupId!, list);
          total++;
        }
        await new Promise((r) => setImmediate(r));
        for (const [i, m] of got.entries()) {
          const lastOfGroup = !got.slice(i + 1).some((later) => later.groupId === m.groupId);
          // The group unlocks when its last in-flight message goes: leave the set just before.
          if (lastOfGroup) inFlight.delete(m.groupId!);
          await s.queues.delete('fifo', m.receiptHandle);
        }
      }
    };
    await Promise.all([poll(a), poll(b), poll(a), poll(b)]);
    assert.equal(total, groups * perGroup);
    for (let g = 0; g < groups; g++) {
      assert.deepEqual(
        delivered.get(`g${g}`),
        Array.from({ length: perGroup }, (_, i) => i),
      );
    }
  });

  it('makes a lease takeover wait for the fenced writes of the old owner to commit', async () => {
    const schema = newSchema();
    const clock = new ManualClock();
    const a = await openStore({ kind: 'postgres', url, schema }, { clock });
    const b = await openStore({ kind: 'postgres', url, schema }, { clock });
    stores.push(a, b);
    const lease = (await a.leases.acquire('shard', 'node-a', 1000))!;
    const events: string[] = [];
    let fenced!: () => void;
    const isFenced = new Promise<void>((r) => (fenced = r));
    const writer = a.transaction(async (tx) => {
      await tx.leases.assertHeld(lease);
      fenced();
      await new Promise((r) => setTimeout(r, 150));
      await tx.kv.put('checkpoints', Buffer.from('shard'), Buffer.from('a'));
      events.push('a committed');
    });
    await isFenced;
    clock.advance(1000);
    const takeover = b.leases.acquire('shard', 'node-b', 1000).then((l) => {
      events.push('b acquired');
      return l;
    });
    await writer;
    const taken = await takeover;
    assert.deepEqual(events, ['a committed', 'b acquired']);
    assert.equal(taken?.token, 2);
    assert.equal((await b.kv.get('checkpoints', Buffer.from('shard')))?.value.toString(), 'a');
    await assert.rejects(a.leases.assertHeld(lease), isStoreConflict);
  });

  it('still wakes long polls after the notification connection is killed', async () => {
    const schema = newSchema();
    const [a, b] = [await open(schema), await open(schema)];
    const first = a.queues.receive('wake', { visibilityTimeoutMs: 1000, waitMs: 10_000 });
    await new Promise((r) => setTimeout(r, 100));
    await b.queues.send('wake', { body: 'before' });
    assert.equal((await first)[0]?.body.toString(), 'before');
    await admin.query(
      `SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE application_name = $1`,
      [`stratus:${schema}`],
    );
    const started = Date.now();
    // The first statement on a killed pooled connection may fail (retryably); retry it as a
    // poller would.
    const receiveRetrying = async (): Promise<QueueMessage[]> => {
      for (;;) {
        try {
          return await a.queues.receive('wake', { visibilityTimeoutMs: 1000, waitMs: 10_000 });
        } catch (e) {
          assert.ok(isStoreUnavailable(e), String(e));
        }
      }
    };
    const waiting = receiveRetrying();
    await new Promise((r) => setTimeout(r, 100));
    for (;;) {
      try {
        await b.queues.send('wake', { body: 'after' });
        break;
      } catch (e) {
        assert.ok(isStoreUnavailable(e), String(e));
      }
    }
    const got = await waiting;
    assert.deepEqual(
      got.map((m) => m.body.toString()),
      ['after'],
    );
    assert.ok(Date.now() - started < 3000, `woke after ${Date.now() - started} ms`);
  });

  it('wakes a long poll on one node when another node sends, without polling delay', async () => {
    const schema = newSchema();
    const [a, b] = [await open(schema), await open(schema)];
    const started = Date.now();
    const waiting = a.queues.receive('wake', { visibilityTimeoutMs: 1000, waitMs: 10_000 });
    await new Promise((r) => setTimeout(r, 100));
    await b.queues.send('wake', { body: 'from b' });
    const [m] = await waiting;
    assert.equal(m?.body.toString(), 'from b');
    assert.ok(Date.now() - started < 2000, `woke after ${Date.now() - started} ms`);
  });
});
