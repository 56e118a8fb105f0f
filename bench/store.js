// Store benchmark: each workload on both Stratus store engines, next to the same statements
// issued with raw better-sqlite3 and with the raw `pg` driver, in the same run. Prints ops/s and
// the engine/raw ratio (the target is at least 0.70).
//
//   node bench/store.js                      # uses ../dist
//   STRATUS_DIST=.build/x node bench/store.js
//   STRATUS_BENCH_POSTGRES_URL=postgres://… node bench/store.js   (default: the test database)
//   STRATUS_BENCH_SCALE=0.2 node bench/store.js                     (fewer operations)

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import pg from 'pg';

const distEnv = process.env.STRATUS_DIST;
const dist =
  distEnv === undefined
    ? new URL('../dist/', import.meta.url)
    : pathToFileURL(resolve(distEnv) + '/');
const { openStore } = await import(new URL('src/store/index.js', dist).href);
const { SQLITE_MIGRATIONS } = await import(new URL('src/store/sqlite/sqlite-schema.js', dist).href);
const { POSTGRES_MIGRATIONS } = await import(
  new URL('src/store/postgres/postgres-schema.js', dist).href
);

const pgUrl =
  process.env.STRATUS_BENCH_POSTGRES_URL ??
  process.env.STRATUS_TEST_POSTGRES_URL ??
  'postgres://postgres@127.0.0.1:5432/test';
const scale = Number(process.env.STRATUS_BENCH_SCALE ?? '1');
const n = (base) => Math.max(50, Math.round(base * scale));

const VALUE = Buffer.alloc(200, 7);
const key = (i) => Buffer.from(`item-${String(i).padStart(8, '0')}`);
const COLLECTION = 'bench';
const QUEUE = 'bench-queue';

async function time(ops, fn) {
  const start = performance.now();
  await fn();
  const seconds = (performance.now() - start) / 1000;
  return ops / seconds;
}

// -- workloads through the store interface ----------------------------------------------------

async function storeWorkloads(store, counts) {
  const r = {};
  for (let i = 0; i < 200; i++) await store.kv.put(COLLECTION, key(i), VALUE); // warm-up
  r.put = await time(counts.kv, async () => {
    for (let i = 0; i < counts.kv; i++) await store.kv.put(COLLECTION, key(i), VALUE);
  });
  r.get = await time(counts.kv, async () => {
    for (let i = 0; i < counts.kv; i++) await store.kv.get(COLLECTION, key(i));
  });
  r.scan100 = await time(counts.scan, async () => {
    for (let i = 0; i < counts.scan; i++) {
      const rows = await store.kv.scan(COLLECTION, {
        gte: key((i * 37) % (counts.kv - 100)),
        limit: 100,
      });
      if (rows.length !== 100) throw new Error('short scan');
    }
  });
  r.send = await time(counts.queue, async () => {
    for (let i = 0; i < counts.queue; i++) await store.queues.send(QUEUE, { body: VALUE });
  });
  let received = 0;
  r.receiveDelete = await time(counts.queue, async () => {
    for (;;) {
      const msgs = await store.queues.receive(QUEUE, { max: 10, visibilityTimeoutMs: 30_000 });
      if (msgs.length === 0) break;
      for (const m of msgs) await store.queues.delete(QUEUE, m.receiptHandle);
      received += msgs.length;
    }
  });
  if (received !== counts.queue) throw new Error(`received ${received} of ${counts.queue}`);
  return r;
}

// -- the same statements on raw better-sqlite3 --------------------------------------------------

function rawSqliteWorkloads(path, counts) {
  const db = new Database(path);
  db.pragma('locking_mode = EXCLUSIVE');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  for (const m of SQLITE_MIGRATIONS) db.exec(m);
  const put = db.prepare(
    `INSERT INTO kv (collection, key, value, version) VALUES (?, ?, ?, 1)
     ON CONFLICT (collection, key) DO UPDATE SET value = excluded.value, version = kv.version + 1
     RETURNING version`,
  );
  const get = db.prepare('SELECT value, version FROM kv WHERE collection = ? AND key = ?');
  const scan = db.prepare(
    'SELECT key, value, version FROM kv WHERE collection = ? AND key >= ? ORDER BY key LIMIT ?',
  );
  const send = db.prepare(
    `INSERT INTO queue_messages (queue, id, body, attributes, group_id, dedup_id, sent_at, enqueued_at, visible_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING seq`,
  );
  const pick = db.prepare(
    `SELECT * FROM queue_messages WHERE queue = ? AND visible_at <= ? AND group_id IS NULL
     ORDER BY visible_at, seq LIMIT ?`,
  );
  const mark = db.prepare(
    `UPDATE queue_messages SET visible_at = ?, receive_count = receive_count + 1,
       first_received_at = coalesce(first_received_at, ?), receipt = ? WHERE seq = ?`,
  );
  const del = db.prepare('DELETE FROM queue_messages WHERE id = ? AND queue = ? AND receipt = ?');
  const receive = db.transaction((now) => {
    const rows = pick.all(QUEUE, now, 10);
    for (const row of rows) {
      row.receipt = `${row.id}.${randomUUID()}`;
      mark.run(now + 30_000, now, row.receipt, row.seq);
    }
    return rows;
  });
  const r = {};
  const sync = (ops, fn) => {
    const start = performance.now();
    fn();
    return ops / ((performance.now() - start) / 1000);
  };
  for (let i = 0; i < 200; i++) put.get(COLLECTION, key(i), VALUE);
  r.put = sync(counts.kv, () => {
    for (let i = 0; i < counts.kv; i++) put.get(COLLECTION, key(i), VALUE);
  });
  r.get = sync(counts.kv, () => {
    for (let i = 0; i < counts.kv; i++) get.get(COLLECTION, key(i));
  });
  r.scan100 = sync(counts.scan, () => {
    for (let i = 0; i < counts.scan; i++) {
      if (scan.all(COLLECTION, key((i * 37) % (counts.kv - 100)), 100).length !== 100)
        throw new Error('short scan');
    }
  });
  r.send = sync(counts.queue, () => {
    for (let i = 0; i < counts.queue; i++) {
      const now = Date.now();
      send.get(QUEUE, randomUUID(), VALUE, null, null, null, now, now, now);
    }
  });
  r.receiveDelete = sync(counts.queue, () => {
    for (;;) {
      const rows = receive.immediate(Date.now());
      if (rows.length === 0) break;
      for (const row of rows) del.run(row.id, QUEUE, row.receipt);
    }
  });
  db.close();
  return r;
}

// -- the same statements on the raw pg driver ---------------------------------------------------

async function rawPgWorkloads(schema, counts) {
  const pool = new pg.Pool({
    connectionString: pgUrl,
    max: 10,
    options: `-c search_path=${schema}`,
  });
  await pool.query(`CREATE SCHEMA ${schema}`);
  for (const m of POSTGRES_MIGRATIONS) await pool.query(m);
  const q = (name, text, values) => pool.query({ name, text, values });
  const r = {};
  const PUT = `INSERT INTO kv (collection, key, value, version) VALUES ($1, $2, $3, 1)
       ON CONFLICT (collection, key) DO UPDATE SET value = excluded.value, version = kv.version + 1
       RETURNING version`;
  for (let i = 0; i < 200; i++) await q('put', PUT, [COLLECTION, key(i), VALUE]);
  r.put = await time(counts.kv, async () => {
    for (let i = 0; i < counts.kv; i++) await q('put', PUT, [COLLECTION, key(i), VALUE]);
  });
  r.get = await time(counts.kv, async () => {
    for (let i = 0; i < counts.kv; i++) {
      await q('get', 'SELECT value, version FROM kv WHERE collection = $1 AND key = $2', [
        COLLECTION,
        key(i),
      ]);
    }
  });
  r.scan100 = await time(counts.scan, async () => {
    for (let i = 0; i < counts.scan; i++) {
      const res = await q(
        'scan',
        'SELECT key, value, version FROM kv WHERE collection = $1 AND key >= $2 ORDER BY key LIMIT $3',
        [COLLECTION, key((i * 37) % (counts.kv - 100)), 100],
      );
      if (res.rows.length !== 100) throw new Error('short scan');
    }
  });
  const SEND = `WITH ins AS (
         INSERT INTO queue_messages (queue, id, body, attributes, group_id, dedup_id, sent_at, enqueued_at, visible_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8) RETURNING seq)
       SELECT seq, pg_notify($9, $10) FROM ins`;
  r.send = await time(counts.queue, async () => {
    for (let i = 0; i < counts.queue; i++) {
      const now = Date.now();
      await q('send', SEND, [
        QUEUE,
        randomUUID(),
        VALUE,
        null,
        null,
        null,
        now,
        now,
        'bench',
        QUEUE,
      ]);
    }
  });
  r.receiveDelete = await time(counts.queue, async () => {
    for (;;) {
      const client = await pool.connect();
      let rows;
      try {
        await client.query('BEGIN');
        const now = Date.now();
        rows = (
          await client.query({
            name: 'pick',
            text: `SELECT * FROM queue_messages WHERE queue = $1 AND visible_at <= $2 AND group_id IS NULL
                   ORDER BY visible_at, seq LIMIT $3 FOR UPDATE SKIP LOCKED`,
            values: [QUEUE, now, 10],
          })
        ).rows;
        if (rows.length > 0) {
          for (const row of rows) row.receipt = `${row.id}.${randomUUID()}`;
          await client.query({
            name: 'mark',
            text: `UPDATE queue_messages m SET visible_at = $1, receive_count = m.receive_count + 1,
                     first_received_at = coalesce(m.first_received_at, $2), receipt = u.receipt
                   FROM unnest($3::bigint[], $4::text[]) AS u(seq, receipt) WHERE m.seq = u.seq`,
            values: [now + 30_000, now, rows.map((x) => x.seq), rows.map((x) => x.receipt)],
          });
        }
        await client.query('COMMIT');
      } finally {
        client.release();
      }
      if (rows.length === 0) break;
      for (const row of rows) {
        await q(
          'del',
          'DELETE FROM queue_messages WHERE id = $1 AND queue = $2 AND receipt = $3 RETURNING group_id',
          [row.id, QUEUE, row.receipt],
        );
      }
    }
  });
  await pool.query(`DROP SCHEMA ${schema} CASCADE`);
  await pool.end();
  return r;
}

// -- run and report -----------------------------------------------------------------------------

const WORKLOADS = [
  ['put', 'kv put (single item)'],
  ['get', 'kv get (single item)'],
  ['scan100', 'kv range scan, 100 items'],
  ['send', 'queue send'],
  ['receiveDelete', 'queue receive (10) + delete, per message'],
];

function report(title, engine, raw) {
  console.log(`\n${title}`);
  console.log(
    `${'workload'.padEnd(44)}${'stratus ops/s'.padStart(15)}${'raw ops/s'.padStart(13)}${'ratio'.padStart(8)}`,
  );
  let worst = Infinity;
  for (const [id, label] of WORKLOADS) {
    const ratio = engine[id] / raw[id];
    worst = Math.min(worst, ratio);
    console.log(
      `${label.padEnd(44)}${Math.round(engine[id]).toLocaleString('en-US').padStart(15)}${Math.round(
        raw[id],
      )
        .toLocaleString('en-US')
        .padStart(13)}${ratio.toFixed(2).padStart(8)}`,
    );
  }
  return worst;
}

const best = (runs) =>
  Object.fromEntries(WORKLOADS.map(([k]) => [k, Math.max(...runs.map((r) => r[k]))]));
const ROUNDS = Number(process.env.STRATUS_BENCH_ROUNDS ?? '5');

const dir = mkdtempSync(join(tmpdir(), 'stratus-bench-store-'));
const id = `${process.pid}_${Date.now()}`;
let worst = Infinity;
try {
  // Rounds alternate raw and engine on fresh tables; each side keeps its best round, which damps
  // the noise of a shared machine without favouring either side.
  const sqliteCounts = { kv: n(50_000), scan: n(5_000), queue: n(20_000) };
  const sqliteRaw = [];
  const sqliteEng = [];
  for (let round = 0; round < ROUNDS; round++) {
    sqliteRaw.push(rawSqliteWorkloads(join(dir, `raw-${round}.db`), sqliteCounts));
    const store = await openStore(join(dir, `stratus-${round}.db`));
    sqliteEng.push(await storeWorkloads(store, sqliteCounts));
    await store.close();
  }
  worst = Math.min(
    worst,
    report('SQLite engine vs raw better-sqlite3', best(sqliteEng), best(sqliteRaw)),
  );

  const pgCounts = { kv: n(5_000), scan: n(1_000), queue: n(3_000) };
  const pgRaw = [];
  const pgEng = [];
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  try {
    for (let round = 0; round < Math.min(ROUNDS, 3); round++) {
      pgRaw.push(await rawPgWorkloads(`stratus_bench_raw_${id}_${round}`, pgCounts));
      const schema = `stratus_bench_${id}_${round}`;
      const store = await openStore({ kind: 'postgres', url: pgUrl, schema });
      try {
        pgEng.push(await storeWorkloads(store, pgCounts));
      } finally {
        await store.close();
        await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      }
    }
  } finally {
    await admin.end();
  }
  worst = Math.min(worst, report('PostgreSQL engine vs raw pg', best(pgEng), best(pgRaw)));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(`\nworst engine/raw ratio: ${worst.toFixed(2)} (target ≥ 0.70)`);
