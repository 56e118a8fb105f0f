/**
 * The store interface: the primitives every durable thing in Stratus is built from. Services see
 * only these types; SQL and engine details stay inside `sqlite/` and `postgres/`.
 *
 * Conventions shared by every primitive:
 * - Names (collections, logs, queues, blobs, leases) are opaque strings chosen by the caller;
 *   services prefix them with their own scope (e.g. `ddb:us-east-1:Orders`).
 * - Keys and values are bytes. Keys compare as plain bytes (memcmp), which is why the key codec
 *   exists: it maps DynamoDB key values onto bytes that sort the way DynamoDB sorts.
 * - All times are epoch milliseconds from the store's injected Clock.
 * - A lost condition (conditional write, stale lease token) throws a StratusError with code
 *   `ERR_STORE_CONFLICT`; `isStoreConflict(e)` tells it apart.
 */

import type { Readable } from 'node:stream';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';

/** Bytes accepted as input; the store always hands back `Buffer`s. */
export type Bytes = Uint8Array;

// ---------------------------------------------------------------------------------------------
// Ordered key-value collections

/** One stored entry. `version` starts at 1 and grows by one on every write of the key. */
export interface KvEntry {
  key: Buffer;
  value: Buffer;
  version: number;
}

export interface KvPutOptions {
  /** Write only if the key does not exist. */
  ifAbsent?: boolean;
  /** Write only if the key exists with exactly this version. */
  ifVersion?: number;
}

export interface KvDeleteOptions {
  /** Delete only if the key exists with exactly this version. */
  ifVersion?: number;
}

/**
 * A read-check-write (a DynamoDB condition expression) is: in a transaction, `get` with
 * `forUpdate`, evaluate, then `put` with `ifVersion` (or `ifAbsent` when nothing was there);
 * on ERR_STORE_CONFLICT another writer got in first: run the transaction again.
 */
export interface KvGetOptions {
  /**
   * Inside a transaction: lock the entry until commit so a read-then-write cannot interleave
   * with another node's write (`SELECT … FOR UPDATE` on PostgreSQL; SQLite transactions are
   * already exclusive).
   */
  forUpdate?: boolean;
}

/**
 * A range of keys. Bounds combine (all must hold). Forward scans return ascending keys, reverse
 * scans descending ones; `after` is the exclusive start key of a paginated scan in scan order
 * (DynamoDB's ExclusiveStartKey): forward it means "> after", reverse "< after".
 */
export interface KvScanOptions {
  prefix?: Bytes;
  /** Inclusive lower bound. */
  gte?: Bytes;
  /** Exclusive lower bound. */
  gt?: Bytes;
  /** Inclusive upper bound. */
  lte?: Bytes;
  /** Exclusive upper bound. */
  lt?: Bytes;
  after?: Bytes;
  reverse?: boolean;
  /** Maximum entries returned; default 1000. */
  limit?: number;
}

/** Ordered key-value collections with conditional writes and range scans. */
export interface KvOps {
  get(collection: string, key: Bytes, options?: KvGetOptions): Promise<KvEntry | undefined>;
  /**
   * Reads several keys at once (one round trip on PostgreSQL): the entries in the order of `keys`,
   * `undefined` where a key has none. With `forUpdate` the entries are locked in key order.
   */
  getMany(
    collection: string,
    keys: readonly Bytes[],
    options?: KvGetOptions,
  ): Promise<(KvEntry | undefined)[]>;
  /** Writes `value`; returns the new version. Throws ERR_STORE_CONFLICT when a condition fails. */
  put(collection: string, key: Bytes, value: Bytes, options?: KvPutOptions): Promise<number>;
  /**
   * Writes several entries unconditionally (one statement on PostgreSQL), as `put` without
   * options would, each version growing by one. Keys must be distinct.
   */
  putMany(collection: string, entries: readonly { key: Bytes; value: Bytes }[]): Promise<void>;
  /** Deletes the key; returns whether it existed. Throws ERR_STORE_CONFLICT when `ifVersion` fails. */
  delete(collection: string, key: Bytes, options?: KvDeleteOptions): Promise<boolean>;
  scan(collection: string, options?: KvScanOptions): Promise<KvEntry[]>;
  /** Counts entries in a range (same bounds as scan, no limit). */
  count(
    collection: string,
    options?: Omit<KvScanOptions, 'limit' | 'reverse' | 'after'>,
  ): Promise<number>;
  /** Deletes every entry of the collection; returns how many. */
  clear(collection: string): Promise<number>;
}

// ---------------------------------------------------------------------------------------------
// Append-only logs (shards of Kinesis streams and DynamoDB streams)

export interface LogRecord {
  /** Sequence number: starts at 1, strictly increasing within a log, in commit order. */
  seq: number;
  /** Append time (epoch ms), never earlier than the previous record's. */
  timestamp: number;
  data: Buffer;
}

export interface LogReadOptions {
  /** Start at the first record with `seq >= fromSeq`. */
  fromSeq?: number;
  /** Start at the first record with `seq > afterSeq`. */
  afterSeq?: number;
  /** Start at the first record with `timestamp >= fromTime`. */
  fromTime?: number;
  /** Maximum records; default 1000. */
  limit?: number;
}

export interface LogBounds {
  /** Oldest untrimmed record, if any (TRIM_HORIZON). */
  firstSeq: number | undefined;
  /** Newest record ever appended, 0 when none (LATEST reads from `lastSeq + 1`). */
  lastSeq: number;
}

/** Append-only logs with monotonically increasing sequence numbers. */
export interface LogOps {
  /** Appends records in order; returns them with their sequence numbers and timestamp. */
  append(log: string, data: Bytes | readonly Bytes[]): Promise<LogRecord[]>;
  read(log: string, options?: LogReadOptions): Promise<LogRecord[]>;
  bounds(log: string): Promise<LogBounds>;
  /** Deletes records older than `maxAgeMs` (by the store's clock); returns how many. */
  trim(log: string, maxAgeMs: number): Promise<number>;
  /** Deletes the log and its records. Sequence numbers restart if it is used again. */
  drop(log: string): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Queues (SQS queues, the async invocation queue)

export interface QueueSendOptions {
  body: Bytes | string;
  /** Opaque text kept with the message (services keep their attributes here, e.g. as JSON). */
  attributes?: string;
  /** Not receivable before `now + delayMs`. */
  delayMs?: number;
  /** Messages with a group id are FIFO: delivered in send order, one in-flight batch per group. */
  groupId?: string;
  /** A second send with the same id within the window is acknowledged but not enqueued. */
  dedupId?: string;
  /** Deduplication window; default 5 minutes (SQS FIFO). */
  dedupWindowMs?: number;
}

export interface QueueSendResult {
  messageId: string;
  /** Queue-wide sequence number (FIFO SequenceNumber). */
  seq: number;
  /** True when the send was dropped as a duplicate; `messageId` is then the original's. */
  duplicate: boolean;
}

export interface QueueMessage {
  messageId: string;
  seq: number;
  body: Buffer;
  attributes: string | undefined;
  groupId: string | undefined;
  dedupId: string | undefined;
  /** SentTimestamp. */
  sentAt: number;
  /** Start of retention (equals `sentAt` unless a move reset it). */
  enqueuedAt: number;
  /** ApproximateReceiveCount, including this receive. */
  receiveCount: number;
  /** ApproximateFirstReceiveTimestamp. */
  firstReceivedAt: number | undefined;
  /** Valid until the message is received again. */
  receiptHandle: string;
  /** The queue it was moved from (dead-letter source), if any. */
  movedFrom: string | undefined;
}

export interface QueueRedrive {
  /** A message already received this many times is moved instead of returned. */
  maxReceiveCount: number;
  deadLetterQueue: string;
  /** FIFO dead-letter queues reset the retention clock on the move. */
  resetEnqueuedAt?: boolean;
  /** FIFO dead-letter queues replace the dedup id by the message id. */
  dedupIdFromMessageId?: boolean;
}

export interface QueueReceiveOptions {
  /** Maximum messages; default 1. */
  max?: number;
  /** In-flight time; 0 returns messages but leaves them visible. */
  visibilityTimeoutMs: number;
  /** Long poll: wait up to this long for a first message (by the store's clock). */
  waitMs?: number;
  /** Aborts a long poll early (returns what it has: nothing). */
  signal?: AbortSignal;
  redrive?: QueueRedrive;
}

export type ChangeVisibilityResult = 'ok' | 'invalid-handle' | 'not-in-flight';

export interface QueueChangeVisibilityOptions {
  /**
   * A handle that a newer receive superseded, or whose visibility already ran out: `reject`
   * (default) reports it (`invalid-handle`, `not-in-flight`); `apply` sets the deadline of the
   * message's current receive anyway, as SQS standard queues do. `invalid-handle` then means
   * the message is gone from the queue (or was never received).
   */
  staleHandle?: 'reject' | 'apply';
}

export interface QueueStats {
  visible: number;
  inFlight: number;
  delayed: number;
}

export interface QueueMoveOptions {
  resetEnqueuedAt?: boolean;
  dedupIdFromMessageId?: boolean;
  /** Give the message a new id (SQS move tasks do). */
  newMessageId?: boolean;
}

export interface QueuePeekOptions {
  limit?: number;
  afterSeq?: number;
}

/** Durable message queues with visibility timeouts, FIFO groups and deduplication. */
export interface QueueOps {
  send(queue: string, message: QueueSendOptions): Promise<QueueSendResult>;
  /**
   * Receives up to `max` messages, making them invisible for the visibility timeout. Messages
   * moved to the dead-letter queue on the way do not count: the batch keeps filling, so a move
   * that unblocks a FIFO group delivers the group's next message in the same receive.
   */
  receive(queue: string, options: QueueReceiveOptions): Promise<QueueMessage[]>;
  /** Sets the message's visibility deadline to `now + timeoutMs`. */
  changeVisibility(
    queue: string,
    receiptHandle: string,
    timeoutMs: number,
    options?: QueueChangeVisibilityOptions,
  ): Promise<ChangeVisibilityResult>;
  /** Deletes the message if the handle is its latest; returns whether something was deleted. */
  delete(queue: string, receiptHandle: string): Promise<boolean>;
  /** Atomically moves a message (by id) to another queue, keeping id, body and receive state. */
  move(from: string, messageId: string, to: string, options?: QueueMoveOptions): Promise<boolean>;
  /** Deletes every message (and the dedup history); with `enqueuedBefore`, only older ones. */
  purge(queue: string, options?: { enqueuedBefore?: number }): Promise<number>;
  stats(queue: string): Promise<QueueStats>;
  /** Lists messages without receiving them (console, tests), in sequence order. */
  peek(queue: string, options?: QueuePeekOptions): Promise<QueueMessage[]>;
}

// ---------------------------------------------------------------------------------------------
// Blobs (S3 object bodies, large payloads)

export interface BlobInfo {
  key: string;
  size: number;
  /** Hex MD5 of the content (the S3 ETag of a single-part upload). */
  md5: string;
  createdAt: number;
}

export type BlobBody = Bytes | string | Readable | AsyncIterable<Uint8Array>;

export interface BlobRange {
  /** First byte, inclusive. */
  start: number;
  /** Last byte, inclusive (HTTP Range semantics). */
  end: number;
}

/** Large bodies streamed in and out without holding them whole in memory. */
export interface BlobOps {
  /** Streams `body` in; the blob becomes visible (replacing any previous one) only when complete. */
  put(key: string, body: BlobBody): Promise<BlobInfo>;
  /** Streams the blob (or a byte range of it) out. */
  get(key: string, range?: BlobRange): Promise<{ info: BlobInfo; body: Readable } | undefined>;
  stat(key: string): Promise<BlobInfo | undefined>;
  delete(key: string): Promise<boolean>;
}

/** The blob operations available inside a transaction (writing a body happens outside one). */
export type TxBlobOps = Pick<BlobOps, 'stat' | 'delete'>;

// ---------------------------------------------------------------------------------------------
// Leases

export interface Lease {
  name: string;
  owner: string;
  /** Fencing token: grows every time the lease changes hands, never reused. */
  token: number;
  expiresAt: number;
}

/** Named leases with expiry and fencing tokens: one owner at a time per shard, poller, schedule. */
export interface LeaseOps {
  /**
   * Takes the lease if it is free, expired or already ours (then it is renewed with the same
   * token); returns undefined while another owner holds it.
   */
  acquire(name: string, owner: string, ttlMs: number): Promise<Lease | undefined>;
  /** Extends a held lease; throws ERR_STORE_CONFLICT if it changed hands. */
  renew(lease: Lease, ttlMs: number): Promise<Lease>;
  /** Gives the lease up (it keeps its token so fencing stays monotonic). */
  release(lease: Lease): Promise<boolean>;
  get(name: string): Promise<Lease | undefined>;
  /**
   * Throws ERR_STORE_CONFLICT unless `lease` is still held (same token, not expired). Inside a
   * transaction this fences the writes that follow: a takeover waits for the commit.
   */
  assertHeld(lease: Lease): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Transactions and the store

/** What a transaction body can use: everything commits together or not at all. */
export interface StoreTransaction {
  readonly kv: KvOps;
  readonly logs: LogOps;
  /** Queue operations; a receive inside a transaction never waits. */
  readonly queues: QueueOps;
  readonly leases: LeaseOps;
  readonly blobs: TxBlobOps;
}

export type StoreKind = 'sqlite' | 'postgres';

export interface Store {
  readonly kind: StoreKind;
  /** Where the store lives, safe to print (a path, or a URL without its password). */
  readonly location: string;
  readonly kv: KvOps;
  readonly logs: LogOps;
  readonly queues: QueueOps;
  readonly blobs: BlobOps;
  readonly leases: LeaseOps;
  /**
   * Runs `fn` in one transaction. A throw rolls everything back and is rethrown. On PostgreSQL
   * a serialization failure or deadlock re-runs `fn` (so keep side effects out of it).
   */
  transaction<T>(fn: (tx: StoreTransaction) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export type StoreLocation =
  string | { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string; schema?: string };

export interface StoreOptions {
  clock?: Clock;
  logger?: Logger;
  /**
   * SQLite: `exclusive` (default) holds a lock for the store's lifetime so a second Stratus
   * process fails with ERR_STORE_LOCKED; `shared` lets tools (and the race tests) open it too.
   */
  sqliteLocking?: 'exclusive' | 'shared';
  /**
   * SQLite: `normal` (default) survives a process crash; `full` also survives power loss at the
   * cost of an fsync per commit.
   */
  sqliteSynchronous?: 'normal' | 'full';
  /** PostgreSQL: maximum pooled connections (default 10). */
  postgresPoolSize?: number;
}
