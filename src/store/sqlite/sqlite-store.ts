/**
 * The SQLite engine: one file (WAL) plus a `<file>.blobs/` folder for blob bodies.
 *
 * better-sqlite3 is synchronous and this engine keeps one connection, so every primitive is a
 * short synchronous step wrapped in a resolved promise. An async `transaction(fn)` holds the
 * connection across awaits: while it runs, other operations of this store wait at a gate (and
 * operations issued from inside `fn`, even through `store.kv`, join the transaction).
 *
 * Locking: by default the connection takes SQLite's exclusive lock for its lifetime, so a second
 * process opening the same file gets ERR_STORE_LOCKED. The OS drops that lock when the process
 * dies, even on `kill -9`, so a crash never leaves a stale lock behind.
 */

import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash, randomUUID } from 'node:crypto';
import {
  accessSync,
  closeSync,
  constants,
  mkdirSync,
  openSync,
  readSync,
  readdirSync,
  statSync,
  unlinkSync,
} from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import Database from 'better-sqlite3';
import { StratusError, isStratusError } from '../../core/errors.js';
import type { Clock } from '../../core/clock.js';
import { systemClock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import { silentLogger } from '../../core/logger.js';
import { QueueWaiters, longPoll } from '../queue-waiters.js';
import { resolveScan } from '../scan-bounds.js';
import { closedError, conflictError } from '../store-errors.js';
import { bodyChunks } from '../blob-body.js';
import type {
  BlobBody,
  BlobInfo,
  BlobOps,
  BlobRange,
  Bytes,
  ChangeVisibilityResult,
  KvDeleteOptions,
  KvEntry,
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
import { SQLITE_MIGRATIONS } from './sqlite-schema.js';
import { handleMessageId, rowToMessage, toBuffer, type MessageRow } from '../queue-rows.js';

type Db = Database.Database;
type Stmt = Database.Statement;

const SQLITE_MAGIC = 'SQLite format 3\0';
const DEFAULT_DEDUP_WINDOW_MS = 5 * 60 * 1000;
const BUSY_TIMEOUT_MS = 5000;

interface TxContext {
  store: SqliteStore;
  afterCommit: (() => void)[];
  depth: number;
}

/** Maps a SQLite error met during operation to the store's error vocabulary. */
function mapRuntimeError(e: unknown, location: string): Error {
  if (isStratusError(e)) return e;
  const code = (e as { code?: unknown }).code;
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return new StratusError(
      'ERR_STORE_UNAVAILABLE',
      `The SQLite store ${location} is busy (locked by another connection); retry the operation.`,
      { cause: e, retryable: true },
    );
  }
  if (code === 'SQLITE_READONLY' || code === 'SQLITE_FULL' || code === 'SQLITE_IOERR') {
    return new StratusError(
      'ERR_STORE_UNAVAILABLE',
      `The SQLite store ${location} cannot be written (${String(code)}).`,
      { cause: e, retryable: false },
    );
  }
  return e instanceof Error ? e : new StratusError('ERR_INTERNAL', String(e));
}

/** The connection-level steps of every primitive, synchronous. */
class SqliteCore {
  readonly db: Db;
  readonly clock: Clock;
  readonly #stmts = new Map<string, Stmt>();

  constructor(db: Db, clock: Clock) {
    this.db = db;
    this.clock = clock;
  }

  stmt(sql: string): Stmt {
    let s = this.#stmts.get(sql);
    if (s === undefined) {
      s = this.db.prepare(sql);
      this.#stmts.set(sql, s);
    }
    return s;
  }

  atomic<T>(fn: () => T): T {
    if (this.db.inTransaction) {
      // Nested inside a caller's transaction: a savepoint keeps this step all-or-nothing.
      return this.db.transaction(fn)();
    }
    return this.db.transaction(fn).immediate();
  }

  // -- kv --------------------------------------------------------------------------------------

  kvGet(collection: string, key: Bytes): KvEntry | undefined {
    const row = this.stmt('SELECT value, version FROM kv WHERE collection = ? AND key = ?').get(
      collection,
      key,
    ) as { value: Buffer; version: number } | undefined;
    if (row === undefined) return undefined;
    return { key: toBuffer(key), value: row.value, version: row.version };
  }

  kvPut(collection: string, key: Bytes, value: Bytes, options?: KvPutOptions): number {
    if (options?.ifAbsent === true) {
      const r = this.stmt(
        'INSERT INTO kv (collection, key, value, version) VALUES (?, ?, ?, 1) ON CONFLICT DO NOTHING',
      ).run(collection, key, value);
      if (r.changes === 0) throw conflictError(`kv put: key already exists in ${collection}`);
      return 1;
    }
    if (options?.ifVersion !== undefined) {
      const r = this.stmt(
        'UPDATE kv SET value = ?, version = version + 1 WHERE collection = ? AND key = ? AND version = ?',
      ).run(value, collection, key, options.ifVersion);
      if (r.changes === 0)
        throw conflictError(`kv put: version ${options.ifVersion} did not match in ${collection}`);
      return options.ifVersion + 1;
    }
    const row = this.stmt(
      `INSERT INTO kv (collection, key, value, version) VALUES (?, ?, ?, 1)
       ON CONFLICT (collection, key) DO UPDATE SET value = excluded.value, version = kv.version + 1
       RETURNING version`,
    ).get(collection, key, value) as { version: number };
    return row.version;
  }

  kvDelete(collection: string, key: Bytes, options?: KvDeleteOptions): boolean {
    if (options?.ifVersion !== undefined) {
      const r = this.stmt('DELETE FROM kv WHERE collection = ? AND key = ? AND version = ?').run(
        collection,
        key,
        options.ifVersion,
      );
      if (r.changes === 0)
        throw conflictError(
          `kv delete: version ${options.ifVersion} did not match in ${collection}`,
        );
      return true;
    }
    return (
      this.stmt('DELETE FROM kv WHERE collection = ? AND key = ?').run(collection, key).changes > 0
    );
  }

  #rangeSql(
    options: KvScanOptions | undefined,
    select: string,
    withOrder: boolean,
  ): { sql: string; params: unknown[]; limit: number } | undefined {
    const r = resolveScan(options);
    if (r.empty) return undefined;
    let sql = `${select} FROM kv WHERE collection = ?`;
    const params: unknown[] = [];
    if (r.lower !== undefined) {
      sql += r.lower.inclusive ? ' AND key >= ?' : ' AND key > ?';
      params.push(r.lower.key);
    }
    if (r.upper !== undefined) {
      sql += r.upper.inclusive ? ' AND key <= ?' : ' AND key < ?';
      params.push(r.upper.key);
    }
    if (withOrder) sql += r.reverse ? ' ORDER BY key DESC LIMIT ?' : ' ORDER BY key LIMIT ?';
    return { sql, params, limit: r.limit };
  }

  kvScan(collection: string, options?: KvScanOptions): KvEntry[] {
    const q = this.#rangeSql(options, 'SELECT key, value, version', true);
    if (q === undefined) return [];
    return this.stmt(q.sql).all(collection, ...q.params, q.limit) as KvEntry[];
  }

  kvCount(collection: string, options?: KvScanOptions): number {
    const q = this.#rangeSql({ ...options, limit: 1 }, 'SELECT count(*) AS n', false);
    if (q === undefined) return 0;
    return (this.stmt(q.sql).get(collection, ...q.params) as { n: number }).n;
  }

  kvClear(collection: string): number {
    return this.stmt('DELETE FROM kv WHERE collection = ?').run(collection).changes;
  }

  // -- logs ------------------------------------------------------------------------------------

  logAppend(log: string, data: Bytes | readonly Bytes[]): LogRecord[] {
    const items = (Array.isArray(data) ? data : [data]) as readonly Bytes[];
    if (items.length === 0) return [];
    return this.atomic(() => {
      const now = this.clock.now();
      const meta = this.stmt(
        `INSERT INTO logs (name, last_seq, last_ts) VALUES (?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET last_seq = logs.last_seq + ?, last_ts = max(logs.last_ts, excluded.last_ts)
         RETURNING last_seq, last_ts`,
      ).get(log, items.length, now, items.length) as { last_seq: number; last_ts: number };
      const first = meta.last_seq - items.length + 1;
      const ins = this.stmt('INSERT INTO log_records (name, seq, ts, data) VALUES (?, ?, ?, ?)');
      return items.map((d, i) => {
        const rec = { seq: first + i, timestamp: meta.last_ts, data: toBuffer(d) };
        ins.run(log, rec.seq, rec.timestamp, rec.data);
        return rec;
      });
    });
  }

  logRead(log: string, options: LogReadOptions = {}): LogRecord[] {
    const limit = Math.max(0, options.limit ?? 1000);
    let from = 1;
    if (options.fromSeq !== undefined) from = Math.max(from, options.fromSeq);
    if (options.afterSeq !== undefined) from = Math.max(from, options.afterSeq + 1);
    if (options.fromTime !== undefined) {
      const at = this.stmt('SELECT min(seq) AS s FROM log_records WHERE name = ? AND ts >= ?').get(
        log,
        options.fromTime,
      ) as { s: number | null };
      if (at.s === null) return [];
      from = Math.max(from, at.s);
    }
    return this.stmt(
      'SELECT seq, ts AS timestamp, data FROM log_records WHERE name = ? AND seq >= ? ORDER BY seq LIMIT ?',
    ).all(log, from, limit) as LogRecord[];
  }

  logBounds(log: string): LogBounds {
    const meta = this.stmt('SELECT last_seq FROM logs WHERE name = ?').get(log) as
      { last_seq: number } | undefined;
    const first = this.stmt('SELECT min(seq) AS s FROM log_records WHERE name = ?').get(log) as {
      s: number | null;
    };
    return { firstSeq: first.s ?? undefined, lastSeq: meta?.last_seq ?? 0 };
  }

  logTrim(log: string, maxAgeMs: number): number {
    return this.stmt('DELETE FROM log_records WHERE name = ? AND ts < ?').run(
      log,
      this.clock.now() - maxAgeMs,
    ).changes;
  }

  logDrop(log: string): void {
    this.atomic(() => {
      this.stmt('DELETE FROM log_records WHERE name = ?').run(log);
      this.stmt('DELETE FROM logs WHERE name = ?').run(log);
    });
  }

  // -- queues ----------------------------------------------------------------------------------

  queueSend(queue: string, m: QueueSendOptions): QueueSendResult {
    // Without a dedup id a send is one statement; only the dedup check needs a transaction.
    if (m.dedupId === undefined) return this.#queueSendOnce(queue, m);
    return this.atomic(() => this.#queueSendOnce(queue, m));
  }

  #queueSendOnce(queue: string, m: QueueSendOptions): QueueSendResult {
    const now = this.clock.now();
    const id = randomUUID();
    const body = toBuffer(m.body);
    if (m.dedupId !== undefined) {
      const prior = this.stmt(
        'SELECT message_id, seq FROM queue_dedup WHERE queue = ? AND dedup_id = ? AND expires_at > ?',
      ).get(queue, m.dedupId, now) as { message_id: string; seq: number } | undefined;
      if (prior !== undefined)
        return { messageId: prior.message_id, seq: prior.seq, duplicate: true };
    }
    const { seq } = this.stmt(
      `INSERT INTO queue_messages (queue, id, body, attributes, group_id, dedup_id, sent_at, enqueued_at, visible_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING seq`,
    ).get(
      queue,
      id,
      body,
      m.attributes ?? null,
      m.groupId ?? null,
      m.dedupId ?? null,
      now,
      now,
      now + Math.max(0, m.delayMs ?? 0),
    ) as { seq: number };
    if (m.dedupId !== undefined) {
      this.stmt(
        `INSERT INTO queue_dedup (queue, dedup_id, message_id, seq, expires_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (queue, dedup_id) DO UPDATE SET message_id = excluded.message_id, seq = excluded.seq,
           expires_at = excluded.expires_at`,
      ).run(queue, m.dedupId, id, seq, now + (m.dedupWindowMs ?? DEFAULT_DEDUP_WINDOW_MS));
    }
    return { messageId: id, seq, duplicate: false };
  }

  queueReceive(queue: string, options: QueueReceiveOptions): QueueMessage[] {
    const max = Math.max(0, options.max ?? 1);
    if (max === 0) return [];
    return this.atomic(() => {
      const now = this.clock.now();
      const out: QueueMessage[] = [];
      const redrive = options.redrive;
      const update = this.stmt(
        `UPDATE queue_messages SET visible_at = ?, receive_count = receive_count + 1,
           first_received_at = coalesce(first_received_at, ?), receipt = ? WHERE seq = ?`,
      );
      // Rows already handed out in this receive (visibility 0 leaves them visible).
      const seen = new Set<number>();
      for (;;) {
        const picked = this.#pickReceivable(queue, now, max - out.length, seen);
        let moved = false;
        for (const r of picked) {
          seen.add(r.seq);
          if (redrive !== undefined && r.receive_count >= redrive.maxReceiveCount) {
            this.#moveRow(r, redrive.deadLetterQueue, redrive);
            moved = true;
            continue;
          }
          const receipt = `${r.id}.${randomUUID()}`;
          update.run(now + Math.max(0, options.visibilityTimeoutMs), now, receipt, r.seq);
          r.receive_count += 1;
          r.first_received_at ??= now;
          r.receipt = receipt;
          out.push(rowToMessage(r));
        }
        // A move leaves the batch short and may have unblocked a FIFO group: pick again, or a
        // long poll would sleep past messages that are receivable now.
        if (!moved || out.length >= max) return out;
      }
    });
  }

  /** Up to `limit` receivable rows in delivery order, skipping `seen`. */
  #pickReceivable(queue: string, now: number, limit: number, seen: Set<number>): MessageRow[] {
    const exclude = JSON.stringify([...seen]);
    const picked: MessageRow[] = this.stmt(
      `SELECT * FROM queue_messages WHERE queue = ? AND visible_at <= ? AND group_id IS NULL
         AND seq NOT IN (SELECT value FROM json_each(?))
       ORDER BY visible_at, seq LIMIT ?`,
    ).all(queue, now, exclude, limit) as MessageRow[];
    if (picked.length >= limit) return picked;
    const heads = this.stmt(
      `SELECT * FROM queue_messages m WHERE m.queue = ? AND m.group_id IS NOT NULL AND m.visible_at <= ?
         AND m.seq NOT IN (SELECT value FROM json_each(?))
         AND NOT EXISTS (SELECT 1 FROM queue_messages p
                         WHERE p.queue = m.queue AND p.group_id = m.group_id AND p.seq < m.seq)
       ORDER BY m.seq LIMIT ?`,
    ).all(queue, now, exclude, limit - picked.length) as MessageRow[];
    for (const head of heads) {
      if (picked.length >= limit) break;
      // The receivable prefix of the group: consecutive messages from the head that are
      // visible, stopping at the first one in flight or delayed.
      const run = this.stmt(
        'SELECT * FROM queue_messages WHERE queue = ? AND group_id = ? AND seq >= ? ORDER BY seq LIMIT ?',
      ).all(queue, head.group_id, head.seq, limit - picked.length) as MessageRow[];
      for (const r of run) {
        if (r.visible_at > now || seen.has(r.seq)) break;
        picked.push(r);
      }
    }
    return picked;
  }

  queueNextVisibleAt(queue: string): number | undefined {
    const r = this.stmt(
      'SELECT min(visible_at) AS t FROM queue_messages WHERE queue = ? AND visible_at > ?',
    ).get(queue, this.clock.now()) as { t: number | null };
    return r.t ?? undefined;
  }

  queueChangeVisibility(
    queue: string,
    handle: string,
    timeoutMs: number,
    options: QueueChangeVisibilityOptions = {},
  ): ChangeVisibilityResult {
    const id = handleMessageId(handle);
    if (id === undefined) return 'invalid-handle';
    const row = this.stmt(
      'SELECT receipt, visible_at FROM queue_messages WHERE id = ? AND queue = ?',
    ).get(id, queue) as { receipt: string | null; visible_at: number } | undefined;
    if (row === undefined || row.receipt === null) return 'invalid-handle';
    const now = this.clock.now();
    if (options.staleHandle !== 'apply') {
      if (row.receipt !== handle) return 'invalid-handle';
      if (row.visible_at <= now) return 'not-in-flight';
    }
    this.stmt('UPDATE queue_messages SET visible_at = ? WHERE id = ?').run(
      now + Math.max(0, timeoutMs),
      id,
    );
    return 'ok';
  }

  queueDelete(queue: string, handle: string): boolean {
    const id = handleMessageId(handle);
    if (id === undefined) return false;
    return (
      this.stmt('DELETE FROM queue_messages WHERE id = ? AND queue = ? AND receipt = ?').run(
        id,
        queue,
        handle,
      ).changes > 0
    );
  }

  #moveRow(r: MessageRow, to: string, options: QueueMoveOptions): void {
    const now = this.clock.now();
    this.stmt('DELETE FROM queue_messages WHERE seq = ?').run(r.seq);
    this.stmt(
      `INSERT INTO queue_messages (queue, id, body, attributes, group_id, dedup_id, sent_at, enqueued_at, visible_at,
         receive_count, first_received_at, receipt, moved_from)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)`,
    ).run(
      to,
      options.newMessageId === true ? randomUUID() : r.id,
      r.body,
      r.attributes,
      r.group_id,
      options.dedupIdFromMessageId === true ? r.id : r.dedup_id,
      r.sent_at,
      options.resetEnqueuedAt === true ? now : r.enqueued_at,
      now,
      options.newMessageId === true ? 0 : r.receive_count,
      options.newMessageId === true ? null : r.first_received_at,
      r.queue,
    );
  }

  queueMove(from: string, messageId: string, to: string, options: QueueMoveOptions = {}): boolean {
    return this.atomic(() => {
      const r = this.stmt('SELECT * FROM queue_messages WHERE id = ? AND queue = ?').get(
        messageId,
        from,
      ) as MessageRow | undefined;
      if (r === undefined) return false;
      this.#moveRow(r, to, options);
      return true;
    });
  }

  queuePurge(queue: string, enqueuedBefore?: number): number {
    return this.atomic(() => {
      if (enqueuedBefore !== undefined) {
        return this.stmt('DELETE FROM queue_messages WHERE queue = ? AND enqueued_at < ?').run(
          queue,
          enqueuedBefore,
        ).changes;
      }
      this.stmt('DELETE FROM queue_dedup WHERE queue = ?').run(queue);
      return this.stmt('DELETE FROM queue_messages WHERE queue = ?').run(queue).changes;
    });
  }

  queueStats(queue: string): QueueStats {
    const now = this.clock.now();
    const r = this.stmt(
      `SELECT coalesce(sum(visible_at <= ?), 0) AS visible,
              coalesce(sum(visible_at > ? AND receive_count > 0), 0) AS in_flight,
              coalesce(sum(visible_at > ? AND receive_count = 0), 0) AS delayed
       FROM queue_messages WHERE queue = ?`,
    ).get(now, now, now, queue) as { visible: number; in_flight: number; delayed: number };
    return { visible: r.visible, inFlight: r.in_flight, delayed: r.delayed };
  }

  queuePeek(queue: string, options: QueuePeekOptions = {}): QueueMessage[] {
    const rows = this.stmt(
      'SELECT * FROM queue_messages WHERE queue = ? AND seq > ? ORDER BY seq LIMIT ?',
    ).all(queue, options.afterSeq ?? 0, options.limit ?? 100) as MessageRow[];
    return rows.map(rowToMessage);
  }

  // -- leases ----------------------------------------------------------------------------------

  leaseAcquire(name: string, owner: string, ttlMs: number): Lease | undefined {
    const now = this.clock.now();
    const row = this.stmt(
      `INSERT INTO leases (name, owner, token, expires_at) VALUES (?, ?, 1, ?)
       ON CONFLICT (name) DO UPDATE SET
         token = CASE WHEN leases.owner = excluded.owner AND leases.expires_at > ? THEN leases.token ELSE leases.token + 1 END,
         owner = excluded.owner,
         expires_at = excluded.expires_at
       WHERE leases.expires_at <= ? OR leases.owner = excluded.owner
       RETURNING name, owner, token, expires_at AS expiresAt`,
    ).get(name, owner, now + ttlMs, now, now) as Lease | undefined;
    return row;
  }

  leaseRenew(lease: Lease, ttlMs: number): Lease {
    const row = this.stmt(
      `UPDATE leases SET expires_at = ? WHERE name = ? AND owner = ? AND token = ?
       RETURNING name, owner, token, expires_at AS expiresAt`,
    ).get(this.clock.now() + ttlMs, lease.name, lease.owner, lease.token) as Lease | undefined;
    if (row === undefined)
      throw conflictError(`lease ${lease.name}: token ${lease.token} is no longer held`);
    return row;
  }

  leaseRelease(lease: Lease): boolean {
    return (
      this.stmt(
        `UPDATE leases SET expires_at = 0, owner = '' WHERE name = ? AND owner = ? AND token = ?`,
      ).run(lease.name, lease.owner, lease.token).changes > 0
    );
  }

  leaseGet(name: string): Lease | undefined {
    const row = this.stmt(
      'SELECT name, owner, token, expires_at AS expiresAt FROM leases WHERE name = ?',
    ).get(name) as Lease | undefined;
    if (row === undefined || row.owner === '') return undefined;
    return row;
  }

  leaseAssert(lease: Lease): void {
    const row = this.stmt('SELECT owner, token, expires_at FROM leases WHERE name = ?').get(
      lease.name,
    ) as { owner: string; token: number; expires_at: number } | undefined;
    if (row === undefined || row.token !== lease.token || row.owner !== lease.owner) {
      throw conflictError(`lease ${lease.name}: fencing token ${lease.token} is stale`);
    }
    if (row.expires_at <= this.clock.now()) throw conflictError(`lease ${lease.name}: expired`);
  }

  // -- blob metadata ---------------------------------------------------------------------------

  blobStat(key: string): (BlobInfo & { file: string }) | undefined {
    return this.stmt(
      'SELECT key, file, size, md5, created_at AS createdAt FROM blobs WHERE key = ?',
    ).get(key) as (BlobInfo & { file: string }) | undefined;
  }

  /** Records a finished blob; returns the file it replaced, to unlink after commit. */
  blobCommit(info: BlobInfo, file: string): string | undefined {
    return this.atomic(() => {
      const old = this.blobStat(info.key);
      this.stmt(
        `INSERT INTO blobs (key, file, size, md5, created_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET file = excluded.file, size = excluded.size, md5 = excluded.md5,
           created_at = excluded.created_at`,
      ).run(info.key, file, info.size, info.md5, info.createdAt);
      return old?.file;
    });
  }

  blobDelete(key: string): string | undefined {
    const old = this.blobStat(key);
    if (old === undefined) return undefined;
    this.stmt('DELETE FROM blobs WHERE key = ?').run(key);
    return old.file;
  }
}

/** A tiny FIFO mutex: at most one async transaction holds the connection at a time. */
class Gate {
  #held = false;
  readonly #queue: (() => void)[] = [];

  get held(): boolean {
    return this.#held;
  }

  async acquire(): Promise<void> {
    if (!this.#held) {
      this.#held = true;
      return;
    }
    await new Promise<void>((resolve) => this.#queue.push(resolve));
  }

  release(): void {
    const next = this.#queue.shift();
    if (next !== undefined) next();
    else this.#held = false;
  }
}

/** Opens (creating if needed) the SQLite store at `path`. */
export async function openSqliteStore(path: string, options: StoreOptions = {}): Promise<Store> {
  const store = new SqliteStore(path, options);
  await store.init();
  return store;
}

class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  readonly location: string;
  readonly kv: KvOps;
  readonly logs: LogOps;
  readonly queues: QueueOps;
  readonly blobs: BlobOps;
  readonly leases: LeaseOps;

  readonly #path: string;
  readonly #blobDir: string;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #options: StoreOptions;
  readonly #gate = new Gate();
  readonly #als = new AsyncLocalStorage<TxContext>();
  readonly #waiters = new QueueWaiters();
  #core: SqliteCore | undefined;
  #closed = false;

  constructor(path: string, options: StoreOptions) {
    this.#path = path;
    this.location = path;
    this.#blobDir = `${path}.blobs`;
    this.#clock = options.clock ?? systemClock;
    this.#logger = options.logger ?? silentLogger;
    this.#options = options;
    const run = <T>(fn: (core: SqliteCore) => T): Promise<T> => this.#run(fn);
    this.kv = makeKv(run);
    this.logs = makeLogs(run);
    this.queues = this.#makeQueues(run, true);
    this.leases = makeLeases(run);
    this.blobs = {
      put: (key, body) => this.#putBlob(key, body),
      get: (key, range) => this.#getBlob(key, range),
      stat: (key) => run((c) => stripFile(c.blobStat(key))),
      delete: (key) => this.#deleteBlob(key),
    };
  }

  async init(): Promise<void> {
    this.#core = this.#openDatabase();
    try {
      mkdirSync(this.#blobDir, { recursive: true });
      if (this.#options.sqliteLocking !== 'shared') await this.#sweepBlobFiles();
    } catch (e) {
      // Give the lock back: a store that failed to open must not block the next attempt.
      this.#core.db.close();
      this.#closed = true;
      throw new StratusError(
        'ERR_STORE_OPEN',
        `Cannot open the SQLite store ${this.#path}: its blob folder ${this.#blobDir} cannot be used.`,
        { cause: e },
      );
    }
  }

  #openDatabase(): SqliteCore {
    const path = this.#path;
    const fail = (what: string, cause?: unknown): StratusError =>
      new StratusError('ERR_STORE_OPEN', `Cannot open the SQLite store ${path}: ${what}`, {
        cause,
      });
    try {
      mkdirSync(dirname(path), { recursive: true });
    } catch (e) {
      throw fail('its folder cannot be created', e);
    }
    let size = -1;
    try {
      const st = statSync(path);
      if (st.isDirectory()) throw fail('it is a directory; pass a file path.');
      size = st.size;
    } catch (e) {
      if (isStratusError(e)) throw e;
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw fail('it cannot be read', e);
    }
    if (size > 0) {
      // Checked before SQLite touches the file, so a foreign or damaged file is never rewritten.
      const head = Buffer.alloc(16);
      let fd: number;
      try {
        fd = openSync(path, 'r');
      } catch (e) {
        throw fail('it cannot be read', e);
      }
      try {
        readSync(fd, head, 0, 16, 0);
      } finally {
        closeSync(fd);
      }
      if (head.toString('latin1') !== SQLITE_MAGIC) {
        throw fail(
          'the file is not a SQLite database (corrupt, or some other file). It was left untouched; move it away or pass another --store path.',
        );
      }
    }
    // SQLite would quietly open a write-protected file read-only and fail on the first write
    // (or the WAL file) later; say so now instead.
    try {
      accessSync(size >= 0 ? path : dirname(path), constants.W_OK);
      if (size >= 0) accessSync(dirname(path), constants.W_OK);
    } catch (e) {
      throw fail(
        size >= 0
          ? 'the file (or its folder) is read-only; Stratus needs to write it. Fix its permissions or pass another --store path.'
          : 'its folder is read-only; Stratus needs to create the file there.',
        e,
      );
    }
    let db: Db;
    try {
      db = new Database(path);
    } catch (e) {
      throw fail(String((e as Error).message), e);
    }
    try {
      const exclusive = this.#options.sqliteLocking !== 'shared';
      db.pragma(`busy_timeout = ${exclusive ? 100 : BUSY_TIMEOUT_MS}`);
      if (db.readonly) throw fail('the file is read-only.');
      if (exclusive) db.pragma('locking_mode = EXCLUSIVE');
      // Taking a write lock now turns "another process has it" into an error at open, not later.
      try {
        db.exec('BEGIN IMMEDIATE');
        db.exec('COMMIT');
      } catch (e) {
        const code = (e as { code?: string }).code;
        if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
          throw new StratusError(
            'ERR_STORE_LOCKED',
            `The SQLite store ${path} is in use by another Stratus process. Stop that process, or give this one another --store path.`,
            { cause: e },
          );
        }
        throw e;
      }
      const mode = db.pragma('journal_mode = WAL', { simple: true });
      if (mode !== 'wal') throw fail(`could not switch to WAL mode (got ${String(mode)})`);
      db.pragma(`synchronous = ${this.#options.sqliteSynchronous === 'full' ? 'FULL' : 'NORMAL'}`);
      if (exclusive) {
        // Hold the lock from now on: an exclusive-mode connection keeps it once it has written.
        db.exec('BEGIN IMMEDIATE');
        db.exec('COMMIT');
      }
      // Reading the schema parses page 1 onwards: a damaged file fails here, before any write.
      db.prepare('SELECT count(*) FROM sqlite_master').get();
      this.#migrate(db);
      return new SqliteCore(db, this.#clock);
    } catch (e) {
      db.close();
      if (isStratusError(e)) throw e;
      const code = (e as { code?: string }).code;
      if (code === 'SQLITE_READONLY' || code === 'SQLITE_CANTOPEN' || code === 'SQLITE_PERM') {
        throw fail('the file (or its folder) is read-only.', e);
      }
      if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
        throw fail(
          'the database file is corrupt. It was left untouched; move it away or pass another --store path.',
          e,
        );
      }
      throw fail(String((e as Error).message), e);
    }
  }

  #migrate(db: Db): void {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > SQLITE_MIGRATIONS.length) {
      throw new StratusError(
        'ERR_STORE_SCHEMA',
        `The SQLite store ${this.#path} has schema version ${version}, newer than this Stratus understands (${SQLITE_MIGRATIONS.length}). Upgrade Stratus or use another --store path.`,
      );
    }
    for (let v = version; v < SQLITE_MIGRATIONS.length; v++) {
      db.transaction(() => {
        db.exec(SQLITE_MIGRATIONS[v]!);
        db.pragma(`user_version = ${v + 1}`);
      }).immediate();
      this.#logger.debug(`store: migrated ${this.#path} to schema ${v + 1}`);
    }
  }

  /** Removes blob files no row points at (an upload cut short by a crash). */
  async #sweepBlobFiles(): Promise<void> {
    const core = this.#core!;
    const known = new Set(
      (core.stmt('SELECT file FROM blobs').all() as { file: string }[]).map((r) => r.file),
    );
    for (const name of readdirSync(this.#blobDir)) {
      if (!known.has(name)) await unlink(join(this.#blobDir, name)).catch(() => undefined);
    }
  }

  #core_(): SqliteCore {
    if (this.#closed || this.#core === undefined) throw closedError(this.location);
    return this.#core;
  }

  /** Runs one synchronous step: at once when no transaction holds the connection, else after it. */
  #run<T>(fn: (core: SqliteCore) => T): Promise<T> {
    if (!this.#gate.held || this.#als.getStore()?.store === this) {
      try {
        return Promise.resolve(fn(this.#core_()));
      } catch (e) {
        return Promise.reject(mapRuntimeError(e, this.location));
      }
    }
    return this.#gate.acquire().then(() => {
      try {
        return fn(this.#core_());
      } catch (e) {
        throw mapRuntimeError(e, this.location);
      } finally {
        this.#gate.release();
      }
    });
  }

  #makeQueues(run: <T>(fn: (core: SqliteCore) => T) => Promise<T>, canWait: boolean): QueueOps {
    return {
      send: (queue, m) =>
        run((c) => {
          const r = c.queueSend(queue, m);
          if (!r.duplicate) this.#notifyLater(queue);
          return r;
        }),
      receive: async (queue, options) => {
        const once = (): Promise<QueueMessage[]> =>
          run((c) => {
            const got = c.queueReceive(queue, options);
            if (options.redrive !== undefined) this.#notifyLater(options.redrive.deadLetterQueue);
            return got;
          });
        if (
          !canWait ||
          options.waitMs === undefined ||
          options.waitMs <= 0 ||
          this.#als.getStore() !== undefined
        ) {
          return once();
        }
        return longPoll({
          queue,
          waitMs: options.waitMs,
          clock: this.#clock,
          waiters: this.#waiters,
          signal: options.signal,
          isClosed: () => this.#closed,
          receiveOnce: once,
          nextVisibleAt: () => run((c) => c.queueNextVisibleAt(queue)),
        });
      },
      changeVisibility: (queue, handle, ms, o) =>
        run((c) => {
          const r = c.queueChangeVisibility(queue, handle, ms, o);
          if (r === 'ok') this.#notifyLater(queue);
          return r;
        }),
      delete: (queue, handle) =>
        run((c) => {
          const deleted = c.queueDelete(queue, handle);
          // Deleting a FIFO group's head can unlock the group for a waiting receive.
          if (deleted) this.#notifyLater(queue);
          return deleted;
        }),
      move: (from, id, to, o) =>
        run((c) => {
          const moved = c.queueMove(from, id, to, o);
          if (moved) {
            this.#notifyLater(to);
            this.#notifyLater(from);
          }
          return moved;
        }),
      purge: (queue, o) => run((c) => c.queuePurge(queue, o?.enqueuedBefore)),
      stats: (queue) => run((c) => c.queueStats(queue)),
      peek: (queue, o) => run((c) => c.queuePeek(queue, o)),
    };
  }

  /** Wakes waiting receives once the current transaction (if any) has committed. */
  #notifyLater(queue: string): void {
    if (!this.#waiters.isWatched(queue)) return;
    const tx = this.#als.getStore();
    if (tx?.store === this) tx.afterCommit.push(() => this.#waiters.notify(queue));
    else queueMicrotask(() => this.#waiters.notify(queue));
  }

  async #putBlob(key: string, body: BlobBody): Promise<BlobInfo> {
    this.#core_();
    const file = randomUUID();
    const tmp = join(this.#blobDir, `${file}.tmp`);
    const hash = createHash('md5');
    let size = 0;
    const fh = await open(tmp, 'wx');
    try {
      for await (const chunk of bodyChunks(body)) {
        hash.update(chunk);
        size += chunk.length;
        await fh.write(chunk);
      }
      await fh.sync();
    } catch (e) {
      await fh.close();
      await unlink(tmp).catch(() => undefined);
      throw e;
    }
    await fh.close();
    await rename(tmp, join(this.#blobDir, file));
    const info: BlobInfo = { key, size, md5: hash.digest('hex'), createdAt: this.#clock.now() };
    try {
      const old = await this.#run((c) => c.blobCommit(info, file));
      if (old !== undefined) this.#unlinkBlobLater(old);
    } catch (e) {
      await unlink(join(this.#blobDir, file)).catch(() => undefined);
      throw e;
    }
    return info;
  }

  async #getBlob(
    key: string,
    range?: BlobRange,
  ): Promise<{ info: BlobInfo; body: Readable } | undefined> {
    const row = await this.#run((c) => c.blobStat(key));
    if (row === undefined) return undefined;
    let fh;
    try {
      fh = await open(join(this.#blobDir, row.file), 'r');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
    const body =
      range === undefined
        ? fh.createReadStream()
        : fh.createReadStream({
            start: range.start,
            end: Math.min(range.end, Math.max(0, row.size - 1)),
          });
    return { info: stripFile(row)!, body };
  }

  async #deleteBlob(key: string): Promise<boolean> {
    const old = await this.#run((c) => c.blobDelete(key));
    if (old === undefined) return false;
    this.#unlinkBlobLater(old);
    return true;
  }

  #unlinkBlobLater(file: string): void {
    const path = join(this.#blobDir, file);
    const doUnlink = (): void => {
      try {
        unlinkSync(path);
      } catch {
        // Already gone: nothing to reclaim.
      }
    };
    const tx = this.#als.getStore();
    if (tx?.store === this) tx.afterCommit.push(doUnlink);
    else doUnlink();
  }

  async transaction<T>(fn: (tx: StoreTransaction) => Promise<T>): Promise<T> {
    const current = this.#als.getStore();
    if (current?.store === this) return this.#savepoint(current, fn);
    await this.#gate.acquire();
    const ctx: TxContext = { store: this, afterCommit: [], depth: 0 };
    try {
      const core = this.#core_();
      try {
        core.db.exec('BEGIN IMMEDIATE');
      } catch (e) {
        throw mapRuntimeError(e, this.location);
      }
      let result: T;
      try {
        result = await this.#als.run(ctx, () => fn(this.#txView(core)));
      } catch (e) {
        if (core.db.inTransaction) core.db.exec('ROLLBACK');
        throw mapRuntimeError(e, this.location);
      }
      try {
        core.db.exec('COMMIT');
      } catch (e) {
        if (core.db.inTransaction) core.db.exec('ROLLBACK');
        throw mapRuntimeError(e, this.location);
      }
      for (const after of ctx.afterCommit) after();
      return result;
    } finally {
      this.#gate.release();
    }
  }

  async #savepoint<T>(ctx: TxContext, fn: (tx: StoreTransaction) => Promise<T>): Promise<T> {
    const core = this.#core_();
    const name = `sp${++ctx.depth}`;
    const mark = ctx.afterCommit.length;
    core.db.exec(`SAVEPOINT ${name}`);
    try {
      const result = await fn(this.#txView(core));
      core.db.exec(`RELEASE ${name}`);
      return result;
    } catch (e) {
      core.db.exec(`ROLLBACK TO ${name}`);
      core.db.exec(`RELEASE ${name}`);
      ctx.afterCommit.length = mark;
      throw e;
    } finally {
      ctx.depth--;
    }
  }

  #txView(core: SqliteCore): StoreTransaction {
    const run = <T>(fn: (c: SqliteCore) => T): Promise<T> => {
      if (this.#closed) return Promise.reject(closedError(this.location));
      try {
        return Promise.resolve(fn(core));
      } catch (e) {
        return Promise.reject(mapRuntimeError(e, this.location));
      }
    };
    const blobs: TxBlobOps = {
      stat: (key) => run((c) => stripFile(c.blobStat(key))),
      delete: (key) =>
        run((c) => {
          const old = c.blobDelete(key);
          if (old !== undefined) this.#unlinkBlobLater(old);
          return old !== undefined;
        }),
    };
    return {
      kv: makeKv(run),
      logs: makeLogs(run),
      queues: this.#makeQueues(run, false),
      leases: makeLeases(run),
      blobs,
    };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    // Let a running transaction finish before the connection goes.
    await this.#gate.acquire();
    this.#closed = true;
    this.#waiters.wakeAll();
    this.#core?.db.close();
    this.#gate.release();
  }
}

function stripFile(row: (BlobInfo & { file: string }) | undefined): BlobInfo | undefined {
  if (row === undefined) return undefined;
  return { key: row.key, size: row.size, md5: row.md5, createdAt: row.createdAt };
}

type Runner = <T>(fn: (core: SqliteCore) => T) => Promise<T>;

function makeKv(run: Runner): KvOps {
  return {
    get: (collection, key) => run((c) => c.kvGet(collection, key)),
    getMany: (collection, keys) => run((c) => keys.map((key) => c.kvGet(collection, key))),
    put: (collection, key, value, o) => run((c) => c.kvPut(collection, key, value, o)),
    putMany: (collection, entries) =>
      run((c) => {
        for (const e of entries) c.kvPut(collection, e.key, e.value);
      }),
    delete: (collection, key, o) => run((c) => c.kvDelete(collection, key, o)),
    scan: (collection, o) => run((c) => c.kvScan(collection, o)),
    count: (collection, o) => run((c) => c.kvCount(collection, o)),
    clear: (collection) => run((c) => c.kvClear(collection)),
  };
}

function makeLogs(run: Runner): LogOps {
  return {
    append: (log, data) => run((c) => c.logAppend(log, data)),
    read: (log, o) => run((c) => c.logRead(log, o)),
    bounds: (log) => run((c) => c.logBounds(log)),
    trim: (log, maxAgeMs) => run((c) => c.logTrim(log, maxAgeMs)),
    drop: (log) => run((c) => c.logDrop(log)),
  };
}

function makeLeases(run: Runner): LeaseOps {
  return {
    acquire: (name, owner, ttlMs) => run((c) => c.leaseAcquire(name, owner, ttlMs)),
    renew: (lease, ttlMs) => run((c) => c.leaseRenew(lease, ttlMs)),
    release: (lease) => run((c) => c.leaseRelease(lease)),
    get: (name) => run((c) => c.leaseGet(name)),
    assertHeld: (lease) => run((c) => c.leaseAssert(lease)),
  };
}
