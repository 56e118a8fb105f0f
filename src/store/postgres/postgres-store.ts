/**
 * The PostgreSQL engine: the same primitives over a connection pool, safe with several Stratus
 * nodes on one database.
 *
 * - Conditional writes are single statements (`ON CONFLICT DO NOTHING`, `WHERE version = …`), so
 *   the row lock decides the race and exactly one writer wins.
 * - Receives pick messages with `FOR UPDATE SKIP LOCKED`: nodes polling one queue never hand out
 *   the same message twice and never wait on each other.
 * - Log appends bump a per-log counter row that stays locked until commit, so sequence numbers
 *   follow commit order and a reader never skips a record that commits late.
 * - Sends `NOTIFY` on commit; every node `LISTEN`s and wakes its waiting receives at once.
 * - Leases fence with a token; `assertHeld` inside a transaction takes a share lock on the lease
 *   row, so a takeover waits until the fenced writes commit.
 * - Losing the server mid-operation surfaces as ERR_STORE_UNAVAILABLE (retryable); the pool
 *   reconnects on the next operation, no restart needed.
 */

import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import pg from 'pg';
import { StratusError, isStratusError } from '../../core/errors.js';
import type { Clock } from '../../core/clock.js';
import { systemClock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import { silentLogger } from '../../core/logger.js';
import { bodyChunks, fixedChunks } from '../blob-body.js';
import { QueueWaiters, longPoll } from '../queue-waiters.js';
import { resolveScan } from '../scan-bounds.js';
import { closedError, conflictError } from '../store-errors.js';
import type {
  BlobBody,
  BlobInfo,
  BlobOps,
  BlobRange,
  Bytes,
  ChangeVisibilityResult,
  KvDeleteOptions,
  KvEntry,
  KvGetOptions,
  KvOps,
  KvPutOptions,
  KvScanOptions,
  Lease,
  LeaseOps,
  LogBounds,
  LogOps,
  LogReadOptions,
  LogRecord,
  QueueChangeVisibilityOptions,
  QueueMessage,
  QueueMoveOptions,
  QueueOps,
  QueuePeekOptions,
  QueueReceiveOptions,
  QueueSendOptions,
  QueueSendResult,
  QueueStats,
  Store,
  StoreOptions,
  StoreTransaction,
  TxBlobOps,
} from '../types.js';
import { POSTGRES_MIGRATIONS } from './postgres-schema.js';
import { handleMessageId, rowToMessage, toBuffer, type MessageRow } from '../queue-rows.js';

const DEFAULT_DEDUP_WINDOW_MS = 5 * 60 * 1000;
const BLOB_CHUNK_BYTES = 256 * 1024;
const MAX_TX_ATTEMPTS = 5;
const NOTIFY_CHANNEL = 'stratus_queues';
/** How often a waiting receive looks again while notifications are down. */
const LISTEN_FALLBACK_POLL_MS = 1000;
/** Arbitrary but fixed: nodes starting together take this advisory lock to migrate one at a time. */
const MIGRATION_LOCK_KEY = 0x5354_5241;

const INT8_OID = 20;
/** bigint columns come back as numbers: every value we store fits in 2^53. */
function getTypeParser(oid: number, format?: 'text' | 'binary'): unknown {
  if (oid === INT8_OID && format !== 'binary') return (v: string): number => Number(v);
  const builtin: unknown = pg.types.getTypeParser(oid, format ?? 'text');
  return builtin;
}
const pgTypes = { getTypeParser };

interface Exec {
  query<R>(name: string | undefined, text: string, values: unknown[]): Promise<R[]>;
  readonly inTx: boolean;
}

interface TxContext {
  store: PostgresStore;
  exec: Exec;
  afterCommit: (() => void)[];
  depth: number;
}

const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '53400']);
const UNAVAILABLE_ERRNOS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/** True when a pg error means the server or the connection went away. */
function isConnectionError(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (code.startsWith('08') || UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_ERRNOS.has(code))
      return true;
  }
  const message = (e as { message?: unknown }).message;
  return (
    typeof message === 'string' &&
    /connection terminated|not queryable|connection error|timeout exceeded when trying to connect|Connection ended|terminating connection/i.test(
      message,
    )
  );
}

const isRetryableTxError = (e: unknown): boolean => {
  const code = (e as { code?: unknown } | null)?.code;
  return code === '40001' || code === '40P01';
};

/** Strips the password from a connection URL so it can be printed. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== '') u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/:[^:@/]*@/, ':***@');
  }
}

/** The statements of every primitive over an executor (the pool, or a transaction's client). */
class PostgresCore {
  readonly clock: Clock;
  readonly schema: string;
  readonly #begin: () => Promise<{
    exec: Exec;
    done: (commit: boolean, broken?: unknown) => Promise<void>;
  }>;

  constructor(
    clock: Clock,
    schema: string,
    begin: () => Promise<{
      exec: Exec;
      done: (commit: boolean, broken?: unknown) => Promise<void>;
    }>,
  ) {
    this.clock = clock;
    this.schema = schema;
    this.#begin = begin;
  }

  /** Runs several statements atomically: inside the caller's transaction, or in a new one. */
  async atomic<T>(exec: Exec, fn: (exec: Exec) => Promise<T>): Promise<T> {
    if (exec.inTx) return fn(exec);
    const tx = await this.#begin();
    let result: T;
    try {
      result = await fn(tx.exec);
    } catch (e) {
      await tx.done(false, isConnectionError(e) ? e : undefined);
      throw e;
    }
    await tx.done(true);
    return result;
  }

  // -- kv --------------------------------------------------------------------------------------

  async kvGet(
    x: Exec,
    collection: string,
    key: Bytes,
    options?: KvGetOptions,
  ): Promise<KvEntry | undefined> {
    const lock = options?.forUpdate === true && x.inTx;
    const rows = await x.query<{ value: Buffer; version: number }>(
      lock ? 'kv_get_lock' : 'kv_get',
      `SELECT value, version FROM kv WHERE collection = $1 AND key = $2${lock ? ' FOR UPDATE' : ''}`,
      [collection, toBuffer(key)],
    );
    const row = rows[0];
    return row === undefined
      ? undefined
      : { key: toBuffer(key), value: row.value, version: row.version };
  }

  async kvGetMany(
    x: Exec,
    collection: string,
    keys: readonly Bytes[],
    options?: KvGetOptions,
  ): Promise<(KvEntry | undefined)[]> {
    if (keys.length === 0) return [];
    if (keys.length === 1) return [await this.kvGet(x, collection, keys[0]!, options)];
    const lock = options?.forUpdate === true && x.inTx;
    // Locks are taken in key order, whatever the order asked for, so two batches never deadlock.
    const rows = await x.query<{ key: Buffer; value: Buffer; version: number }>(
      lock ? 'kv_get_many_lock' : 'kv_get_many',
      `SELECT key, value, version FROM kv WHERE collection = $1 AND key = ANY($2::bytea[])${lock ? ' ORDER BY key FOR UPDATE' : ''}`,
      [collection, keys.map(toBuffer)],
    );
    const found = new Map<string, { value: Buffer; version: number }>();
    for (const row of rows) found.set(row.key.toString('latin1'), row);
    return keys.map((key) => {
      const k = toBuffer(key);
      const row = found.get(k.toString('latin1'));
      return row === undefined ? undefined : { key: k, value: row.value, version: row.version };
    });
  }

  async kvPut(
    x: Exec,
    collection: string,
    key: Bytes,
    value: Bytes,
    options?: KvPutOptions,
  ): Promise<number> {
    const k = toBuffer(key);
    const v = toBuffer(value);
    if (options?.ifAbsent === true) {
      const rows = await x.query(
        'kv_put_absent',
        'INSERT INTO kv (collection, key, value, version) VALUES ($1, $2, $3, 1) ON CONFLICT DO NOTHING RETURNING version',
        [collection, k, v],
      );
      if (rows.length === 0) throw conflictError(`kv put: key already exists in ${collection}`);
      return 1;
    }
    if (options?.ifVersion !== undefined) {
      const rows = await x.query<{ version: number }>(
        'kv_put_version',
        'UPDATE kv SET value = $3, version = version + 1 WHERE collection = $1 AND key = $2 AND version = $4 RETURNING version',
        [collection, k, v, options.ifVersion],
      );
      if (rows.length === 0)
        throw conflictError(`kv put: version ${options.ifVersion} did not match in ${collection}`);
      return rows[0]!.version;
    }
    const rows = await x.query<{ version: number }>(
      'kv_put',
      `INSERT INTO kv (collection, key, value, version) VALUES ($1, $2, $3, 1)
       ON CONFLICT (collection, key) DO UPDATE SET value = excluded.value, version = kv.version + 1
       RETURNING version`,
      [collection, k, v],
    );
    return rows[0]!.version;
  }

  async kvPutMany(
    x: Exec,
    collection: string,
    entries: readonly { key: Bytes; value: Bytes }[],
  ): Promise<void> {
    if (entries.length === 0) return;
    if (entries.length === 1) {
      await this.kvPut(x, collection, entries[0]!.key, entries[0]!.value);
      return;
    }
    // Rows go in key order, so concurrent writers lock them in one order.
    const sorted = entries
      .map((e) => ({ key: toBuffer(e.key), value: toBuffer(e.value) }))
      .sort((a, b) => Buffer.compare(a.key, b.key));
    await x.query(
      'kv_put_many',
      `INSERT INTO kv (collection, key, value, version)
       SELECT $1, k, v, 1 FROM unnest($2::bytea[], $3::bytea[]) AS t(k, v)
       ON CONFLICT (collection, key) DO UPDATE SET value = excluded.value, version = kv.version + 1`,
      [collection, sorted.map((e) => e.key), sorted.map((e) => e.value)],
    );
  }

  async kvDelete(
    x: Exec,
    collection: string,
    key: Bytes,
    options?: KvDeleteOptions,
  ): Promise<boolean> {
    if (options?.ifVersion !== undefined) {
      const rows = await x.query(
        'kv_delete_version',
        'DELETE FROM kv WHERE collection = $1 AND key = $2 AND version = $3 RETURNING 1',
        [collection, toBuffer(key), options.ifVersion],
      );
      if (rows.length === 0)
        throw conflictError(
          `kv delete: version ${options.ifVersion} did not match in ${collection}`,
        );
      return true;
    }
    const rows = await x.query(
      'kv_delete',
      'DELETE FROM kv WHERE collection = $1 AND key = $2 RETURNING 1',
      [collection, toBuffer(key)],
    );
    return rows.length > 0;
  }

  #range(
    options: KvScanOptions | undefined,
    select: string,
    withOrder: boolean,
  ): { name: string; sql: string; params: unknown[] } | undefined {
    const r = resolveScan(options);
    if (r.empty) return undefined;
    let sql = `${select} FROM kv WHERE collection = $1`;
    let name = withOrder ? 'kv_scan' : 'kv_count';
    const params: unknown[] = [];
    if (r.lower !== undefined) {
      params.push(r.lower.key);
      sql += r.lower.inclusive
        ? ` AND key >= $${params.length + 1}`
        : ` AND key > $${params.length + 1}`;
      name += r.lower.inclusive ? '_ge' : '_gt';
    }
    if (r.upper !== undefined) {
      params.push(r.upper.key);
      sql += r.upper.inclusive
        ? ` AND key <= $${params.length + 1}`
        : ` AND key < $${params.length + 1}`;
      name += r.upper.inclusive ? '_le' : '_lt';
    }
    if (withOrder) {
      params.push(r.limit);
      sql += ` ORDER BY key${r.reverse ? ' DESC' : ''} LIMIT $${params.length + 1}`;
      name += r.reverse ? '_desc' : '_asc';
    }
    return { name, sql, params };
  }

  async kvScan(x: Exec, collection: string, options?: KvScanOptions): Promise<KvEntry[]> {
    const q = this.#range(options, 'SELECT key, value, version', true);
    if (q === undefined) return [];
    return x.query<KvEntry>(q.name, q.sql, [collection, ...q.params]);
  }

  async kvCount(x: Exec, collection: string, options?: KvScanOptions): Promise<number> {
    const q = this.#range({ ...options, limit: 1 }, 'SELECT count(*) AS n', false);
    if (q === undefined) return 0;
    const rows = await x.query<{ n: number }>(q.name, q.sql, [collection, ...q.params]);
    return rows[0]!.n;
  }

  async kvClear(x: Exec, collection: string): Promise<number> {
    const rows = await x.query(undefined, 'DELETE FROM kv WHERE collection = $1 RETURNING 1', [
      collection,
    ]);
    return rows.length;
  }

  // -- logs ------------------------------------------------------------------------------------

  async logAppend(x: Exec, log: string, data: Bytes | readonly Bytes[]): Promise<LogRecord[]> {
    const items = ((Array.isArray(data) ? data : [data]) as readonly Bytes[]).map(toBuffer);
    if (items.length === 0) return [];
    return this.atomic(x, async (t) => {
      const now = this.clock.now();
      const meta = await t.query<{ last_seq: number; last_ts: number }>(
        'log_bump',
        `INSERT INTO logs (name, last_seq, last_ts) VALUES ($1, $2, $3)
         ON CONFLICT (name) DO UPDATE SET last_seq = logs.last_seq + $2, last_ts = greatest(logs.last_ts, excluded.last_ts)
         RETURNING last_seq, last_ts`,
        [log, items.length, now],
      );
      const { last_seq: last, last_ts: ts } = meta[0]!;
      const first = last - items.length + 1;
      await t.query(
        'log_insert',
        `INSERT INTO log_records (name, seq, ts, data)
         SELECT $1, $2::bigint + ord - 1, $3, d FROM unnest($4::bytea[]) WITH ORDINALITY AS u(d, ord)`,
        [log, first, ts, items],
      );
      return items.map((d, i) => ({ seq: first + i, timestamp: ts, data: d }));
    });
  }

  async logRead(x: Exec, log: string, options: LogReadOptions = {}): Promise<LogRecord[]> {
    const limit = Math.max(0, options.limit ?? 1000);
    let from = 1;
    if (options.fromSeq !== undefined) from = Math.max(from, options.fromSeq);
    if (options.afterSeq !== undefined) from = Math.max(from, options.afterSeq + 1);
    if (options.fromTime !== undefined) {
      const rows = await x.query<{ s: number | null }>(
        'log_at_time',
        'SELECT min(seq) AS s FROM log_records WHERE name = $1 AND ts >= $2',
        [log, options.fromTime],
      );
      const s = rows[0]?.s ?? null;
      if (s === null) return [];
      from = Math.max(from, s);
    }
    return x.query<LogRecord>(
      'log_read',
      'SELECT seq, ts AS timestamp, data FROM log_records WHERE name = $1 AND seq >= $2 ORDER BY seq LIMIT $3',
      [log, from, limit],
    );
  }

  async logBounds(x: Exec, log: string): Promise<LogBounds> {
    const rows = await x.query<{ last_seq: number | null; first: number | null }>(
      'log_bounds',
      `SELECT (SELECT last_seq FROM logs WHERE name = $1) AS last_seq,
              (SELECT min(seq) FROM log_records WHERE name = $1) AS first`,
      [log],
    );
    const r = rows[0]!;
    return { firstSeq: r.first ?? undefined, lastSeq: r.last_seq ?? 0 };
  }

  async logTrim(x: Exec, log: string, maxAgeMs: number): Promise<number> {
    const rows = await x.query(
      undefined,
      'DELETE FROM log_records WHERE name = $1 AND ts < $2 RETURNING 1',
      [log, this.clock.now() - maxAgeMs],
    );
    return rows.length;
  }

  async logDrop(x: Exec, log: string): Promise<void> {
    await this.atomic(x, async (t) => {
      await t.query(undefined, 'DELETE FROM log_records WHERE name = $1', [log]);
      await t.query(undefined, 'DELETE FROM logs WHERE name = $1', [log]);
    });
  }

  // -- queues ----------------------------------------------------------------------------------

  #notifyPayload(queue: string): string {
    return `${this.schema}|${queue}`;
  }

  async queueSend(x: Exec, queue: string, m: QueueSendOptions): Promise<QueueSendResult> {
    const now = this.clock.now();
    const id = randomUUID();
    const params = [
      queue,
      id,
      toBuffer(m.body),
      m.attributes ?? null,
      m.groupId ?? null,
      m.dedupId ?? null,
      now,
      now + Math.max(0, m.delayMs ?? 0),
      NOTIFY_CHANNEL,
      this.#notifyPayload(queue),
    ];
    const insertSql = `WITH ins AS (
         INSERT INTO queue_messages (queue, id, body, attributes, group_id, dedup_id, sent_at, enqueued_at, visible_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8) RETURNING seq)
       SELECT seq, pg_notify($9, $10) FROM ins`;
    if (m.dedupId === undefined) {
      const rows = await x.query<{ seq: number }>('q_send', insertSql, params);
      return { messageId: id, seq: rows[0]!.seq, duplicate: false };
    }
    const dedupId = m.dedupId;
    return this.atomic(x, async (t) => {
      // The dedup row is claimed first: a concurrent send of the same id waits on its lock and
      // then sees it, so exactly one of them enqueues.
      const claimed = await t.query<{ message_id: string }>(
        'q_dedup_claim',
        `INSERT INTO queue_dedup (queue, dedup_id, message_id, seq, expires_at) VALUES ($1, $2, $3, 0, $4)
         ON CONFLICT (queue, dedup_id) DO UPDATE SET message_id = excluded.message_id, seq = 0, expires_at = excluded.expires_at
         WHERE queue_dedup.expires_at <= $5
         RETURNING message_id`,
        [queue, dedupId, id, now + (m.dedupWindowMs ?? DEFAULT_DEDUP_WINDOW_MS), now],
      );
      if (claimed.length === 0) {
        const prior = await t.query<{ message_id: string; seq: number }>(
          'q_dedup_get',
          'SELECT message_id, seq FROM queue_dedup WHERE queue = $1 AND dedup_id = $2',
          [queue, dedupId],
        );
        return { messageId: prior[0]!.message_id, seq: prior[0]!.seq, duplicate: true };
      }
      const rows = await t.query<{ seq: number }>('q_send', insertSql, params);
      const seq = rows[0]!.seq;
      await t.query(
        'q_dedup_seq',
        'UPDATE queue_dedup SET seq = $3 WHERE queue = $1 AND dedup_id = $2',
        [queue, dedupId, seq],
      );
      return { messageId: id, seq, duplicate: false };
    });
  }

  async queueReceive(
    x: Exec,
    queue: string,
    options: QueueReceiveOptions,
  ): Promise<QueueMessage[]> {
    const max = Math.max(0, options.max ?? 1);
    if (max === 0) return [];
    return this.atomic(x, async (t) => {
      const now = this.clock.now();
      const out: QueueMessage[] = [];
      const redrive = options.redrive;
      // Rows already handed out in this receive (visibility 0 leaves them visible, and our own
      // row locks do not make SKIP LOCKED skip them).
      const seen = new Set<number>();
      for (;;) {
        const picked = await this.#pickReceivable(t, queue, now, max - out.length, seen);
        let moved = false;
        const deliver: MessageRow[] = [];
        for (const r of picked) {
          seen.add(r.seq);
          if (redrive !== undefined && r.receive_count >= redrive.maxReceiveCount) {
            await this.#moveRow(t, r, redrive.deadLetterQueue, redrive);
            moved = true;
          } else {
            r.receipt = `${r.id}.${randomUUID()}`;
            deliver.push(r);
          }
        }
        if (deliver.length > 0) {
          await t.query(
            'q_mark_received',
            `UPDATE queue_messages m SET visible_at = $1, receive_count = m.receive_count + 1,
               first_received_at = coalesce(m.first_received_at, $2), receipt = u.receipt
             FROM unnest($3::bigint[], $4::text[]) AS u(seq, receipt) WHERE m.seq = u.seq`,
            [
              now + Math.max(0, options.visibilityTimeoutMs),
              now,
              deliver.map((r) => r.seq),
              deliver.map((r) => r.receipt),
            ],
          );
          for (const r of deliver) {
            r.receive_count += 1;
            r.first_received_at ??= now;
            out.push(rowToMessage(r));
          }
        }
        // A move leaves the batch short and may have unblocked a FIFO group: pick again, or a
        // long poll would sleep past messages that are receivable now.
        if (!moved || out.length >= max) return out;
      }
    });
  }

  /** Up to `limit` receivable rows in delivery order, locked, skipping `seen`. */
  async #pickReceivable(
    t: Exec,
    queue: string,
    now: number,
    limit: number,
    seen: Set<number>,
  ): Promise<MessageRow[]> {
    const exclude = [...seen];
    const picked = await t.query<MessageRow>(
      'q_pick',
      `SELECT * FROM queue_messages WHERE queue = $1 AND visible_at <= $2 AND group_id IS NULL
         AND NOT (seq = ANY($4::bigint[]))
       ORDER BY visible_at, seq LIMIT $3 FOR UPDATE SKIP LOCKED`,
      [queue, now, limit, exclude],
    );
    if (picked.length >= limit) return picked;
    const heads = await t.query<MessageRow>(
      'q_pick_heads',
      `SELECT * FROM queue_messages m WHERE m.queue = $1 AND m.group_id IS NOT NULL AND m.visible_at <= $2
         AND NOT (m.seq = ANY($4::bigint[]))
         AND NOT EXISTS (SELECT 1 FROM queue_messages p
                         WHERE p.queue = m.queue AND p.group_id = m.group_id AND p.seq < m.seq)
       ORDER BY m.seq LIMIT $3 FOR UPDATE SKIP LOCKED`,
      [queue, now, limit - picked.length, exclude],
    );
    for (const head of heads) {
      if (picked.length >= limit) break;
      picked.push(head);
      if (picked.length >= limit) break;
      const run = await t.query<MessageRow>(
        'q_group_run',
        `SELECT * FROM queue_messages WHERE queue = $1 AND group_id = $2 AND seq > $3
         ORDER BY seq LIMIT $4 FOR UPDATE`,
        [queue, head.group_id, head.seq, limit - picked.length],
      );
      for (const r of run) {
        if (r.visible_at > now || seen.has(r.seq)) break;
        picked.push(r);
      }
    }
    return picked;
  }

  async queueNextVisibleAt(x: Exec, queue: string): Promise<number | undefined> {
    const rows = await x.query<{ t: number | null }>(
      'q_next_visible',
      'SELECT min(visible_at) AS t FROM queue_messages WHERE queue = $1 AND visible_at > $2',
      [queue, this.clock.now()],
    );
    return rows[0]?.t ?? undefined;
  }

  async queueChangeVisibility(
    x: Exec,
    queue: string,
    handle: string,
    timeoutMs: number,
    options: QueueChangeVisibilityOptions = {},
  ): Promise<ChangeVisibilityResult> {
    const id = handleMessageId(handle);
    if (id === undefined) return 'invalid-handle';
    const now = this.clock.now();
    const apply = options.staleHandle === 'apply';
    const rows = await x.query<{ receipt: string | null; was: number; changed: boolean }>(
      'q_change_visibility',
      `WITH cur AS (SELECT seq, receipt, visible_at FROM queue_messages WHERE id = $1 AND queue = $2 FOR UPDATE),
            upd AS (UPDATE queue_messages m SET visible_at = $4 FROM cur
                    WHERE m.seq = cur.seq AND cur.receipt IS NOT NULL
                      AND ($8 OR (cur.receipt = $3 AND cur.visible_at > $5)) RETURNING m.seq)
       SELECT cur.receipt, cur.visible_at AS was, EXISTS (SELECT 1 FROM upd) AS changed,
              pg_notify($6, $7) FROM cur`,
      [
        id,
        queue,
        handle,
        now + Math.max(0, timeoutMs),
        now,
        NOTIFY_CHANNEL,
        this.#notifyPayload(queue),
        apply,
      ],
    );
    const r = rows[0];
    if (r === undefined || r.receipt === null) return 'invalid-handle';
    if (!apply && r.receipt !== handle) return 'invalid-handle';
    return r.changed ? 'ok' : 'not-in-flight';
  }

  async queueDelete(x: Exec, queue: string, handle: string): Promise<boolean> {
    const id = handleMessageId(handle);
    if (id === undefined) return false;
    const rows = await x.query<{ group_id: string | null }>(
      'q_delete',
      'DELETE FROM queue_messages WHERE id = $1 AND queue = $2 AND receipt = $3 RETURNING group_id',
      [id, queue, handle],
    );
    if (rows[0] === undefined) return false;
    // Deleting a FIFO group's head can unlock the group for receives waiting on other nodes.
    if (rows[0].group_id !== null) {
      await x.query('q_notify', 'SELECT pg_notify($1, $2)', [
        NOTIFY_CHANNEL,
        this.#notifyPayload(queue),
      ]);
    }
    return true;
  }

  async #moveRow(t: Exec, r: MessageRow, to: string, options: QueueMoveOptions): Promise<void> {
    const now = this.clock.now();
    const fresh = options.newMessageId === true;
    await t.query('q_move_delete', 'DELETE FROM queue_messages WHERE seq = $1', [r.seq]);
    await t.query(
      'q_move_insert',
      `INSERT INTO queue_messages (queue, id, body, attributes, group_id, dedup_id, sent_at, enqueued_at, visible_at,
         receive_count, first_received_at, receipt, moved_from)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, NULL, $12)`,
      [
        to,
        fresh ? randomUUID() : r.id,
        r.body,
        r.attributes,
        r.group_id,
        options.dedupIdFromMessageId === true ? r.id : r.dedup_id,
        r.sent_at,
        options.resetEnqueuedAt === true ? now : r.enqueued_at,
        now,
        fresh ? 0 : r.receive_count,
        fresh ? null : r.first_received_at,
        r.queue,
      ],
    );
    await t.query('q_notify', 'SELECT pg_notify($1, $2)', [
      NOTIFY_CHANNEL,
      this.#notifyPayload(to),
    ]);
  }

  async queueMove(
    x: Exec,
    from: string,
    messageId: string,
    to: string,
    options: QueueMoveOptions = {},
  ): Promise<boolean> {
    return this.atomic(x, async (t) => {
      const rows = await t.query<MessageRow>(
        'q_move_pick',
        'SELECT * FROM queue_messages WHERE id = $1 AND queue = $2 FOR UPDATE',
        [messageId, from],
      );
      const r = rows[0];
      if (r === undefined) return false;
      await this.#moveRow(t, r, to, options);
      await t.query('q_notify', 'SELECT pg_notify($1, $2)', [
        NOTIFY_CHANNEL,
        this.#notifyPayload(from),
      ]);
      return true;
    });
  }

  async queuePurge(x: Exec, queue: string, enqueuedBefore?: number): Promise<number> {
    if (enqueuedBefore !== undefined) {
      const rows = await x.query(
        undefined,
        'DELETE FROM queue_messages WHERE queue = $1 AND enqueued_at < $2 RETURNING 1',
        [queue, enqueuedBefore],
      );
      return rows.length;
    }
    return this.atomic(x, async (t) => {
      await t.query(undefined, 'DELETE FROM queue_dedup WHERE queue = $1', [queue]);
      const rows = await t.query(
        undefined,
        'DELETE FROM queue_messages WHERE queue = $1 RETURNING 1',
        [queue],
      );
      return rows.length;
    });
  }

  async queueStats(x: Exec, queue: string): Promise<QueueStats> {
    const rows = await x.query<{ visible: number; in_flight: number; delayed: number }>(
      'q_stats',
      `SELECT count(*) FILTER (WHERE visible_at <= $2) AS visible,
              count(*) FILTER (WHERE visible_at > $2 AND receive_count > 0) AS in_flight,
              count(*) FILTER (WHERE visible_at > $2 AND receive_count = 0) AS delayed
       FROM queue_messages WHERE queue = $1`,
      [queue, this.clock.now()],
    );
    const r = rows[0]!;
    return { visible: r.visible, inFlight: r.in_flight, delayed: r.delayed };
  }

  async queuePeek(x: Exec, queue: string, options: QueuePeekOptions = {}): Promise<QueueMessage[]> {
    const rows = await x.query<MessageRow>(
      'q_peek',
      'SELECT * FROM queue_messages WHERE queue = $1 AND seq > $2 ORDER BY seq LIMIT $3',
      [queue, options.afterSeq ?? 0, options.limit ?? 100],
    );
    return rows.map(rowToMessage);
  }

  // -- leases ----------------------------------------------------------------------------------

  async leaseAcquire(
    x: Exec,
    name: string,
    owner: string,
    ttlMs: number,
  ): Promise<Lease | undefined> {
    const now = this.clock.now();
    const rows = await x.query<Lease>(
      'lease_acquire',
      `INSERT INTO leases (name, owner, token, expires_at) VALUES ($1, $2, 1, $3)
       ON CONFLICT (name) DO UPDATE SET
         token = CASE WHEN leases.owner = excluded.owner AND leases.expires_at > $4 THEN leases.token ELSE leases.token + 1 END,
         owner = excluded.owner,
         expires_at = excluded.expires_at
       WHERE leases.expires_at <= $4 OR leases.owner = excluded.owner
       RETURNING name, owner, token, expires_at AS "expiresAt"`,
      [name, owner, now + ttlMs, now],
    );
    return rows[0];
  }

  async leaseRenew(x: Exec, lease: Lease, ttlMs: number): Promise<Lease> {
    const rows = await x.query<Lease>(
      'lease_renew',
      `UPDATE leases SET expires_at = $4 WHERE name = $1 AND owner = $2 AND token = $3
       RETURNING name, owner, token, expires_at AS "expiresAt"`,
      [lease.name, lease.owner, lease.token, this.clock.now() + ttlMs],
    );
    if (rows[0] === undefined)
      throw conflictError(`lease ${lease.name}: token ${lease.token} is no longer held`);
    return rows[0];
  }

  async leaseRelease(x: Exec, lease: Lease): Promise<boolean> {
    const rows = await x.query(
      'lease_release',
      `UPDATE leases SET expires_at = 0, owner = '' WHERE name = $1 AND owner = $2 AND token = $3 RETURNING 1`,
      [lease.name, lease.owner, lease.token],
    );
    return rows.length > 0;
  }

  async leaseGet(x: Exec, name: string): Promise<Lease | undefined> {
    const rows = await x.query<Lease>(
      'lease_get',
      `SELECT name, owner, token, expires_at AS "expiresAt" FROM leases WHERE name = $1`,
      [name],
    );
    const row = rows[0];
    return row === undefined || row.owner === '' ? undefined : row;
  }

  async leaseAssert(x: Exec, lease: Lease): Promise<void> {
    const rows = await x.query<{ owner: string; token: number; expires_at: number }>(
      x.inTx ? 'lease_assert_share' : 'lease_assert',
      `SELECT owner, token, expires_at FROM leases WHERE name = $1${x.inTx ? ' FOR SHARE' : ''}`,
      [lease.name],
    );
    const row = rows[0];
    if (row === undefined || row.token !== lease.token || row.owner !== lease.owner) {
      throw conflictError(`lease ${lease.name}: fencing token ${lease.token} is stale`);
    }
    if (row.expires_at <= this.clock.now()) throw conflictError(`lease ${lease.name}: expired`);
  }

  // -- blob metadata ---------------------------------------------------------------------------

  async blobStat(
    x: Exec,
    key: string,
  ): Promise<(BlobInfo & { blobId: string; chunkSize: number }) | undefined> {
    const rows = await x.query<BlobInfo & { blobId: string; chunkSize: number }>(
      'blob_stat',
      `SELECT key, blob_id AS "blobId", size, md5, chunk_size AS "chunkSize", created_at AS "createdAt"
       FROM blobs WHERE key = $1`,
      [key],
    );
    return rows[0];
  }

  async blobDelete(x: Exec, key: string): Promise<boolean> {
    return this.atomic(x, async (t) => {
      const rows = await t.query<{ blob_id: string }>(
        'blob_delete',
        'DELETE FROM blobs WHERE key = $1 RETURNING blob_id',
        [key],
      );
      if (rows[0] === undefined) return false;
      await t.query('blob_delete_chunks', 'DELETE FROM blob_chunks WHERE blob_id = $1', [
        rows[0].blob_id,
      ]);
      return true;
    });
  }
}

export interface PostgresStoreOptions extends StoreOptions {
  /** Schema holding the store's tables (default `stratus`); overrides `?schema=` in the URL. */
  schema?: string;
}

/** Opens the PostgreSQL store at `url`, creating or migrating its schema. */
export async function openPostgresStore(
  url: string,
  options: PostgresStoreOptions = {},
): Promise<Store> {
  const store = new PostgresStore(url, options);
  await store.init();
  return store;
}

const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

class PostgresStore implements Store {
  readonly kind = 'postgres' as const;
  readonly location: string;
  readonly kv: KvOps;
  readonly logs: LogOps;
  readonly queues: QueueOps;
  readonly blobs: BlobOps;
  readonly leases: LeaseOps;

  readonly #schema: string;
  readonly #config: pg.PoolConfig;
  readonly #pool: pg.Pool;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #core: PostgresCore;
  readonly #als = new AsyncLocalStorage<TxContext>();
  readonly #waiters = new QueueWaiters();
  readonly #poolExec: Exec;
  #listener: pg.Client | undefined;
  #listening = false;
  #listenerReady = false;
  #listenRetry: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(url: string, options: PostgresStoreOptions) {
    this.location = redactUrl(url);
    this.#clock = options.clock ?? systemClock;
    this.#logger = options.logger ?? silentLogger;
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch (e) {
      throw new StratusError(
        'ERR_STORE_OPEN',
        `The store URL ${this.location} is not a valid URL.`,
        { cause: e },
      );
    }
    const schema = options.schema ?? parsed.searchParams.get('schema') ?? 'stratus';
    parsed.searchParams.delete('schema');
    if (!SCHEMA_NAME.test(schema)) {
      throw new StratusError(
        'ERR_STORE_OPEN',
        `The store schema "${schema}" is not a plain identifier (letters, digits, underscore).`,
      );
    }
    this.#schema = schema;
    this.#config = {
      connectionString: parsed.toString(),
      max: options.postgresPoolSize ?? 10,
      connectionTimeoutMillis: 5000,
      idleTimeoutMillis: 30_000,
      application_name: `stratus:${schema}`,
      options: `-c search_path=${schema}`,
      types: pgTypes,
    };
    this.#pool = new pg.Pool(this.#config);
    // An idle client whose server went away reports here; the pool drops it and the next
    // operation connects afresh. Without a listener the process would crash.
    this.#pool.on('error', (e) =>
      this.#logger.warn(`store: idle PostgreSQL connection lost: ${e.message}`),
    );
    this.#poolExec = this.#execFor(this.#pool, false);
    this.#core = new PostgresCore(this.#clock, schema, () => this.#beginTx());
    const ops = this.#makeOps(() => this.#currentExec(), true);
    this.kv = ops.kv;
    this.logs = ops.logs;
    this.queues = ops.queues;
    this.leases = ops.leases;
    this.blobs = {
      ...ops.blobs,
      put: (key, body) => this.#putBlob(key, body),
      get: (key, range) => this.#getBlob(key, range),
    };
  }

  async init(): Promise<void> {
    let client: pg.PoolClient;
    try {
      client = await this.#pool.connect();
    } catch (e) {
      await this.#pool.end().catch(() => undefined);
      throw new StratusError(
        'ERR_STORE_OPEN',
        `Cannot connect to the PostgreSQL store ${this.location}: ${(e as Error).message}.${isConnectionError(e) && !/too many/i.test((e as Error).message) ? ' Check that the server is running and the URL is right.' : ''}`,
        { cause: e },
      );
    }
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${this.#schema}`);
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${this.#schema}.stratus_meta (schema_version integer NOT NULL)`,
      );
      const meta = await client.query<{ schema_version: number }>(
        `SELECT schema_version FROM ${this.#schema}.stratus_meta`,
      );
      let version = meta.rows[0]?.schema_version ?? 0;
      if (meta.rows.length === 0)
        await client.query(`INSERT INTO ${this.#schema}.stratus_meta VALUES (0)`);
      if (version > POSTGRES_MIGRATIONS.length) {
        throw new StratusError(
          'ERR_STORE_SCHEMA',
          `The PostgreSQL store ${this.location} (schema ${this.#schema}) has schema version ${version}, newer than this Stratus understands (${POSTGRES_MIGRATIONS.length}). Upgrade Stratus.`,
        );
      }
      for (; version < POSTGRES_MIGRATIONS.length; version++) {
        await client.query(POSTGRES_MIGRATIONS[version]!);
        await client.query(`UPDATE ${this.#schema}.stratus_meta SET schema_version = $1`, [
          version + 1,
        ]);
      }
      await client.query('COMMIT');
      client.release();
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      client.release(true);
      await this.#pool.end().catch(() => undefined);
      if (isStratusError(e)) throw e;
      throw new StratusError(
        'ERR_STORE_OPEN',
        `Cannot prepare the PostgreSQL store ${this.location} (schema ${this.#schema}): ${(e as Error).message}`,
        { cause: e },
      );
    }
  }

  /** Starts LISTENing on the first long poll, so a store that never waits holds no extra connection. */
  #ensureListening(): void {
    if (this.#listening || this.#closed) return;
    this.#listening = true;
    void this.#listen();
  }

  /** Keeps one connection LISTENing so receives wake when another node sends. */
  async #listen(): Promise<void> {
    if (this.#closed) return;
    const client = new pg.Client(this.#config);
    client.on('notification', (n) => {
      const payload = n.payload ?? '';
      const sep = payload.indexOf('|');
      if (sep < 0 || payload.slice(0, sep) !== this.#schema) return;
      this.#waiters.notify(payload.slice(sep + 1));
    });
    const retry = (reason: string): void => {
      if (this.#closed || this.#listener !== client) return;
      this.#listener = undefined;
      this.#listenerReady = false;
      this.#logger.warn(`store: PostgreSQL notification connection lost (${reason}); reconnecting`);
      client.end().catch(() => undefined);
      // Meanwhile waiting receives poll once a second instead of waiting for a notification.
      this.#listenRetry = setTimeout(() => void this.#listen(), 1000);
      this.#listenRetry.unref();
    };
    client.on('error', (e) => retry(e.message));
    client.on('end', () => retry('connection ended'));
    this.#listener = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${NOTIFY_CHANNEL}`);
      this.#listenerReady = true;
      // Something may have been sent while we were not listening.
      this.#waiters.wakeAll();
    } catch (e) {
      retry((e as Error).message);
    }
  }

  #execFor(q: pg.Pool | pg.PoolClient, inTx: boolean): Exec {
    return {
      inTx,
      query: async <R>(name: string | undefined, text: string, values: unknown[]): Promise<R[]> => {
        if (this.#closed) throw closedError(this.location);
        try {
          const res =
            name === undefined
              ? await q.query(text, values)
              : await q.query({ name, text, values });
          return res.rows as R[];
        } catch (e) {
          throw this.#mapError(e);
        }
      },
    };
  }

  #mapError(e: unknown): unknown {
    if (isStratusError(e)) return e;
    if (isConnectionError(e)) {
      return new StratusError(
        'ERR_STORE_UNAVAILABLE',
        `The PostgreSQL store ${this.location} is unreachable (${(e as Error).message}); retry the operation.`,
        { cause: e, retryable: true },
      );
    }
    return e;
  }

  async #beginTx(): Promise<{
    exec: Exec;
    done: (commit: boolean, broken?: unknown) => Promise<void>;
  }> {
    if (this.#closed) throw closedError(this.location);
    let client: pg.PoolClient;
    try {
      client = await this.#pool.connect();
    } catch (e) {
      throw this.#mapError(e);
    }
    // A checked-out client has no pool listener: if the server drops it between statements the
    // 'error' event would crash the process. The next statement fails (retryably) instead.
    const onError = (e: Error): void =>
      this.#logger.warn(`store: PostgreSQL connection lost mid-transaction: ${e.message}`);
    client.on('error', onError);
    const exec = this.#execFor(client, true);
    try {
      await exec.query(undefined, 'BEGIN', []);
    } catch (e) {
      client.off('error', onError);
      client.release(true);
      throw e;
    }
    let released = false;
    return {
      exec,
      done: async (commit, broken) => {
        if (released) return;
        released = true;
        client.off('error', onError);
        if (broken !== undefined) {
          client.release(true);
          return;
        }
        try {
          await client.query(commit ? 'COMMIT' : 'ROLLBACK');
          client.release();
        } catch (e) {
          client.release(true);
          if (commit) throw this.#mapError(e);
        }
      },
    };
  }

  #currentExec(): Exec {
    const tx = this.#als.getStore();
    return tx?.store === this ? tx.exec : this.#poolExec;
  }

  #makeOps(
    exec: () => Exec,
    canWait: boolean,
  ): { kv: KvOps; logs: LogOps; queues: QueueOps; leases: LeaseOps; blobs: TxBlobOps } {
    const core = this.#core;
    const kv: KvOps = {
      get: (c, k, o) => core.kvGet(exec(), c, k, o),
      getMany: (c, ks, o) => core.kvGetMany(exec(), c, ks, o),
      put: (c, k, v, o) => core.kvPut(exec(), c, k, v, o),
      putMany: (c, es) => core.kvPutMany(exec(), c, es),
      delete: (c, k, o) => core.kvDelete(exec(), c, k, o),
      scan: (c, o) => core.kvScan(exec(), c, o),
      count: (c, o) => core.kvCount(exec(), c, o),
      clear: (c) => core.kvClear(exec(), c),
    };
    const logs: LogOps = {
      append: (l, d) => core.logAppend(exec(), l, d),
      read: (l, o) => core.logRead(exec(), l, o),
      bounds: (l) => core.logBounds(exec(), l),
      trim: (l, ms) => core.logTrim(exec(), l, ms),
      drop: (l) => core.logDrop(exec(), l),
    };
    const queues: QueueOps = {
      send: (q, m) => core.queueSend(exec(), q, m),
      receive: (q, o) => {
        const once = (): Promise<QueueMessage[]> => core.queueReceive(exec(), q, o);
        if (
          !canWait ||
          o.waitMs === undefined ||
          o.waitMs <= 0 ||
          this.#als.getStore() !== undefined
        )
          return once();
        this.#ensureListening();
        return longPoll({
          queue: q,
          waitMs: o.waitMs,
          clock: this.#clock,
          waiters: this.#waiters,
          signal: o.signal,
          isClosed: () => this.#closed,
          receiveOnce: once,
          nextVisibleAt: () => core.queueNextVisibleAt(exec(), q),
          fallbackPollMs: () => (this.#listenerReady ? undefined : LISTEN_FALLBACK_POLL_MS),
        });
      },
      changeVisibility: (q, h, ms, o) => core.queueChangeVisibility(exec(), q, h, ms, o),
      delete: (q, h) => core.queueDelete(exec(), q, h),
      move: (f, id, t, o) => core.queueMove(exec(), f, id, t, o),
      purge: (q, o) => core.queuePurge(exec(), q, o?.enqueuedBefore),
      stats: (q) => core.queueStats(exec(), q),
      peek: (q, o) => core.queuePeek(exec(), q, o),
    };
    const leases: LeaseOps = {
      acquire: (n, o, ttl) => core.leaseAcquire(exec(), n, o, ttl),
      renew: (l, ttl) => core.leaseRenew(exec(), l, ttl),
      release: (l) => core.leaseRelease(exec(), l),
      get: (n) => core.leaseGet(exec(), n),
      assertHeld: (l) => core.leaseAssert(exec(), l),
    };
    const blobs: TxBlobOps = {
      stat: async (k) => stripBlob(await core.blobStat(exec(), k)),
      delete: (k) => core.blobDelete(exec(), k),
    };
    return { kv, logs, queues, leases, blobs };
  }

  async #putBlob(key: string, body: BlobBody): Promise<BlobInfo> {
    // One transaction for the whole upload: chunks and metadata appear together or not at all,
    // so a crash mid-upload leaves nothing behind.
    const blobId = randomUUID();
    const hash = createHash('md5');
    let size = 0;
    return this.transaction(async () => {
      const x = this.#currentExec();
      let idx = 0;
      for await (const chunk of fixedChunks(bodyChunks(body), BLOB_CHUNK_BYTES)) {
        hash.update(chunk);
        size += chunk.length;
        await x.query(
          'blob_chunk',
          'INSERT INTO blob_chunks (blob_id, idx, data) VALUES ($1, $2, $3)',
          [blobId, idx++, chunk],
        );
      }
      const info: BlobInfo = { key, size, md5: hash.digest('hex'), createdAt: this.#clock.now() };
      const old = await x.query<{ blob_id: string }>(
        'blob_old',
        'SELECT blob_id FROM blobs WHERE key = $1 FOR UPDATE',
        [key],
      );
      await x.query(
        'blob_put',
        `INSERT INTO blobs (key, blob_id, size, md5, chunk_size, created_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (key) DO UPDATE SET blob_id = excluded.blob_id, size = excluded.size, md5 = excluded.md5,
           chunk_size = excluded.chunk_size, created_at = excluded.created_at`,
        [key, blobId, size, info.md5, BLOB_CHUNK_BYTES, info.createdAt],
      );
      if (old[0] !== undefined) {
        await x.query('blob_delete_chunks', 'DELETE FROM blob_chunks WHERE blob_id = $1', [
          old[0].blob_id,
        ]);
      }
      return info;
    });
  }

  async #getBlob(
    key: string,
    range?: BlobRange,
  ): Promise<{ info: BlobInfo; body: Readable } | undefined> {
    const row = await this.#core.blobStat(this.#currentExec(), key);
    if (row === undefined) return undefined;
    const start = range?.start ?? 0;
    const end = Math.min(range?.end ?? row.size - 1, row.size - 1);
    const readChunk = async (query: pg.QueryConfig): Promise<{ data: Buffer }[]> => {
      if (this.#closed) throw closedError(this.location);
      try {
        return (await this.#pool.query<{ data: Buffer }>(query)).rows;
      } catch (e) {
        throw this.#mapError(e);
      }
    };
    async function* chunks(): AsyncGenerator<Buffer> {
      if (end < start) return;
      const first = Math.floor(start / row!.chunkSize);
      const last = Math.floor(end / row!.chunkSize);
      for (let idx = first; idx <= last; idx++) {
        const base = idx * row!.chunkSize;
        const from = Math.max(start - base, 0);
        const to = Math.min(end - base, row!.chunkSize - 1);
        // substring() keeps a ranged read from shipping whole chunks it does not need.
        const rows = await readChunk({
          name: 'blob_read',
          text: 'SELECT substring(data FROM $3 FOR $4) AS data FROM blob_chunks WHERE blob_id = $1 AND idx = $2',
          values: [row!.blobId, idx, from + 1, to - from + 1],
        });
        if (rows[0] === undefined) {
          throw new StratusError(
            'ERR_STORE_UNAVAILABLE',
            `blob ${key} was replaced or deleted while being read`,
            {
              retryable: true,
            },
          );
        }
        yield rows[0].data;
      }
    }
    return { info: stripBlob(row)!, body: Readable.from(chunks(), { objectMode: false }) };
  }

  async transaction<T>(fn: (tx: StoreTransaction) => Promise<T>): Promise<T> {
    const current = this.#als.getStore();
    if (current?.store === this) return this.#savepoint(current, fn);
    for (let attempt = 1; ; attempt++) {
      const tx = await this.#beginTx();
      const ctx: TxContext = { store: this, exec: tx.exec, afterCommit: [], depth: 0 };
      let result: T;
      try {
        result = await this.#als.run(ctx, () => fn(this.#txView()));
      } catch (e) {
        const cause = (e as { cause?: unknown }).cause ?? e;
        await tx.done(false, isConnectionError(cause) ? cause : undefined);
        if (isRetryableTxError(cause) && attempt < MAX_TX_ATTEMPTS) continue;
        if (isRetryableTxError(cause)) {
          throw new StratusError(
            'ERR_STORE_CONFLICT',
            'transaction kept conflicting with concurrent ones',
            {
              cause: e,
              retryable: true,
            },
          );
        }
        throw e;
      }
      await tx.done(true);
      for (const after of ctx.afterCommit) after();
      return result;
    }
  }

  async #savepoint<T>(ctx: TxContext, fn: (tx: StoreTransaction) => Promise<T>): Promise<T> {
    const name = `sp${++ctx.depth}`;
    await ctx.exec.query(undefined, `SAVEPOINT ${name}`, []);
    try {
      const result = await fn(this.#txView());
      await ctx.exec.query(undefined, `RELEASE SAVEPOINT ${name}`, []);
      return result;
    } catch (e) {
      await ctx.exec.query(undefined, `ROLLBACK TO SAVEPOINT ${name}`, []).catch(() => undefined);
      throw e;
    } finally {
      ctx.depth--;
    }
  }

  #txView(): StoreTransaction {
    return this.#makeOps(() => this.#currentExec(), false);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#waiters.wakeAll();
    if (this.#listenRetry !== undefined) clearTimeout(this.#listenRetry);
    const listener = this.#listener;
    this.#listener = undefined;
    await listener?.end().catch(() => undefined);
    await this.#pool.end().catch(() => undefined);
  }
}

function stripBlob(
  row: (BlobInfo & { blobId: string; chunkSize: number }) | undefined,
): BlobInfo | undefined {
  if (row === undefined) return undefined;
  return { key: row.key, size: row.size, md5: row.md5, createdAt: row.createdAt };
}
