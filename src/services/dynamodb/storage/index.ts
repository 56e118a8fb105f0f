/**
 * How DynamoDB tables live in the store. Only the store interface is used (no SQL), so both
 * engines work:
 * - `table-catalog.ts`: table descriptions (key schema, indexes, billing, stream, TTL, tags) in
 *   the kv collection `ddb:tables:<account>:<region>` (key = table name), mirrored in memory;
 *   on a shared (PostgreSQL) store each write re-checks the description it uses.
 * - `table-store.ts`: items in `ddb:items:<tableId>` (key = key codec of partition then sort
 *   key, value = compact JSON of the AttributeValue map); one collection per secondary index,
 *   `ddb:index:<tableId>:<index>` (key = index key + table key, value = the projected item;
 *   sparse); every write, its index entries and its stream record in one store transaction.
 * - `stream-record.ts`: the DynamoDB Streams `Record` appended to the store log
 *   `ddb-stream:<streamArn>` (without SequenceNumber: the Streams API derives it from the log
 *   seq); `stream-catalog.ts`: every stream ever created (`ddb:streams:<account>:<region>`).
 * - `item-keys.ts`: store keys of items and index entries, and the parallel-scan segment hash.
 */
export { TableCatalog } from './table-catalog.js';
export { TableStore, MAX_PAGE_BYTES } from './table-store.js';
export type {
  IndexWrites,
  ReadOptions,
  ReadPage,
  WriteDecision,
  WriteOptions,
  WriteOutcome,
} from './table-store.js';
export {
  compileTable,
  indexCollection,
  itemsCollection,
  pickKey,
  projectForIndex,
  streamLogName,
} from './table-meta.js';
export type { Index, Table, TableMeta, StreamViewType } from './table-meta.js';
export { createStreamRecord, EventIdSource, TTL_USER_IDENTITY } from './stream-record.js';
export type { StoredStreamRecord, StreamUserIdentity } from './stream-record.js';
export { disableStream, saveStream, streamCatalogCollection } from './stream-catalog.js';
export type { StreamCatalogEntry } from './stream-catalog.js';
export { encodeValue, indexEntryKey, itemKey, segmentOf } from './item-keys.js';
