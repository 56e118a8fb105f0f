/**
 * The store: every durable thing in Stratus (items, stream records, queue messages, objects,
 * schedules, invocation records) goes through this one async interface. Two engines implement
 * it and pass one conformance suite (`conformance.ts`):
 * - `sqlite/` (default): one WAL file under `.stratus/`, nothing to install or start;
 * - `postgres/` (`--store postgres://…`): several Stratus nodes on one database.
 *
 * The primitives — ordered key-value collections with conditional writes, append-only logs,
 * queues with visibility timeouts and FIFO groups, streamed blobs, fenced leases — and
 * transactions spanning them are in `types.ts`. A service never sees SQL and never depends on
 * one engine. `key-codec.ts` maps DynamoDB key values onto byte-ordered keys.
 *
 * Deliberate differences and gaps:
 * - Blob bodies are written outside transactions (streamed into place, then published
 *   atomically); a transaction can stat and delete blobs but not write one.
 * - FIFO queue-level delay applies at send time, not retroactively (SQS applies it
 *   retroactively to FIFO queues). TODO: a receive-side minimum age for FIFO queues.
 * - SQLite `synchronous = NORMAL` by default: a process crash loses nothing committed, a power
 *   loss may lose the last commits (`sqliteSynchronous: 'full'` closes that gap).
 */

export { openStore, isPostgresUrl } from './open-store.js';
export { openSqliteStore } from './sqlite/sqlite-store.js';
export { openPostgresStore, redactUrl } from './postgres/postgres-store.js';
export type { PostgresStoreOptions } from './postgres/postgres-store.js';
export { isStoreConflict, isStoreUnavailable } from './store-errors.js';
export {
  encodeKey,
  encodeKeyPart,
  encodeKeyPrefix,
  decodeKey,
  prefixUpperBound,
  canonicalNumber,
} from './key-codec.js';
export type { KeyValue } from './key-codec.js';
export type * from './types.js';
