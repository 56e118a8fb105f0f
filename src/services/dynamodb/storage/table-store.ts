/**
 * Items of DynamoDB tables in the store: one kv collection per table (key = key codec of the
 * partition and sort key, value = compact JSON of the AttributeValue map), one per secondary
 * index (key = index key + table key, value = the projected item; sparse), and each write's index
 * entries and stream record committed in the same store transaction as the item.
 *
 * This is the internal API the operations, the TTL sweeper and PartiQL share.
 */
import type { Clock } from '../../../core/clock.js';
import type { KvScanOptions, Store, StoreTransaction } from '../../../store/types.js';
import { resourceNotFound } from '../errors.js';
import { itemSize, valuesEqual, type AttributeMap } from '../values/index.js';
import type { TableCatalog } from './table-catalog.js';
import { indexEntryKey, itemKey, segmentOf } from './item-keys.js';
import { createStreamRecord, EventIdSource, type StreamUserIdentity } from './stream-record.js';
import { pickKey, projectForIndex, type Index, type Table } from './table-meta.js';

/** 1 MB: the most item data one Query or Scan page reads (§6.4). */
export const MAX_PAGE_BYTES = 1024 * 1024;

/** What one item write did to the secondary indexes (for capacity accounting). */
export interface IndexWrites {
  /** Index name → KB-rounded write units spent on its entries. */
  units: Map<string, number>;
}

/** The outcome of a write decision. `next` undefined deletes; `same` keeps the old item. */
export type WriteDecision<T> =
  | { readonly action: 'put'; readonly item: AttributeMap; readonly result: T }
  | { readonly action: 'delete'; readonly result: T }
  | { readonly action: 'none'; readonly result: T };

export interface WriteOutcome<T> {
  result: T;
  old: AttributeMap | undefined;
  next: AttributeMap | undefined;
  indexWrites: IndexWrites;
}

export interface WriteOptions {
  /** Stream `userIdentity` of the change (TTL deletes). */
  userIdentity?: StreamUserIdentity;
}

/** One page read from a table or index in key order. */
export interface ReadPage {
  items: AttributeMap[];
  /** Total §2.4 size of the items read. */
  bytes: number;
  /** The last item read when the page stopped early (Limit or 1 MB); undefined when exhausted. */
  last: AttributeMap | undefined;
}

export interface ReadOptions {
  bounds: Omit<KvScanOptions, 'limit' | 'after' | 'reverse'>;
  after?: Buffer;
  reverse?: boolean;
  /** Items to read at most (DynamoDB's Limit: counted before any filter). */
  limit?: number;
  /** Parallel scan: keep only items of this segment (partition-key hash). */
  segment?: { segment: number; total: number };
}

function parseItem(value: Buffer): AttributeMap {
  return JSON.parse(value.toString('utf8')) as AttributeMap;
}

export class TableStore {
  /** Several nodes share a PostgreSQL store: a write re-checks the table description it uses. */
  private readonly shared: boolean;
  private readonly eventIds = new EventIdSource();

  constructor(
    readonly store: Store,
    private readonly clock: Clock,
    private readonly region: string,
    private readonly catalog: TableCatalog,
  ) {
    this.shared = store.kind === 'postgres';
  }

  /**
   * The table description to write with, inside a transaction: on a shared store another node
   * may have added or dropped an index (or the table) since this node cached it.
   */
  async freshTable(tx: StoreTransaction, table: Table): Promise<Table> {
    if (!this.shared) return table;
    const current = await this.catalog.current(tx, table);
    if (current === undefined) throw resourceNotFound();
    return current;
  }

  /** Reads one item by its key attributes. */
  async getItem(table: Table, key: AttributeMap): Promise<AttributeMap | undefined> {
    const entry = await this.store.kv.get(table.collection, itemKey(table, key));
    return entry === undefined ? undefined : parseItem(entry.value);
  }

  /** Reads several items by their key attributes at once; `undefined` where there is none. */
  async getItems(
    table: Table,
    keys: readonly AttributeMap[],
    tx?: StoreTransaction,
  ): Promise<(AttributeMap | undefined)[]> {
    const kv = tx?.kv ?? this.store.kv;
    const entries = await kv.getMany(
      table.collection,
      keys.map((key) => itemKey(table, key)),
      tx === undefined ? undefined : { forUpdate: true },
    );
    return entries.map((entry) => (entry === undefined ? undefined : parseItem(entry.value)));
  }

  /** Reads one item inside a transaction, locking it until commit. */
  async getItemForUpdate(
    tx: StoreTransaction,
    table: Table,
    key: AttributeMap,
  ): Promise<AttributeMap | undefined> {
    const entry = await tx.kv.get(table.collection, itemKey(table, key), { forUpdate: true });
    return entry === undefined ? undefined : parseItem(entry.value);
  }

  /**
   * Reads the item, lets `decide` choose what to write given the current item (it may throw, e.g.
   * ConditionalCheckFailedException, which writes nothing), and commits the item, its index
   * entries and its stream record in one store transaction.
   */
  async write<T>(
    table: Table,
    key: AttributeMap,
    decide: (old: AttributeMap | undefined) => WriteDecision<T>,
    options: WriteOptions = {},
  ): Promise<WriteOutcome<T>> {
    return this.store.transaction(async (tx) => {
      table = await this.freshTable(tx, table);
      const old = await this.getItemForUpdate(tx, table, key);
      const decision = decide(old);
      const next =
        decision.action === 'put' ? decision.item : decision.action === 'delete' ? undefined : old;
      const indexWrites =
        decision.action === 'none'
          ? { units: new Map<string, number>() }
          : await this.applyInTransaction(tx, table, old, next, options);
      return { result: decision.result, old, next, indexWrites };
    });
  }

  /** Writes an item unconditionally. */
  async putItem(
    table: Table,
    item: AttributeMap,
    options: WriteOptions = {},
  ): Promise<AttributeMap | undefined> {
    const outcome = await this.write(
      table,
      item,
      () => ({ action: 'put', item, result: undefined }),
      options,
    );
    return outcome.old;
  }

  /** Deletes an item unconditionally; returns the deleted item. */
  async deleteItem(
    table: Table,
    key: AttributeMap,
    options: WriteOptions = {},
  ): Promise<AttributeMap | undefined> {
    const outcome = await this.write(
      table,
      key,
      () => ({ action: 'delete', result: undefined }),
      options,
    );
    return outcome.old;
  }

  /**
   * Applies one item change inside a transaction: the item, every index entry and the stream
   * record. A change that leaves the item identical writes nothing and emits no record.
   */
  async applyInTransaction(
    tx: StoreTransaction,
    table: Table,
    old: AttributeMap | undefined,
    next: AttributeMap | undefined,
    options: WriteOptions = {},
    /** Collects the item and index writes instead, for the caller to flush with the others. */
    pending?: PendingWrites,
  ): Promise<IndexWrites> {
    const kv = pending ?? tx.kv;
    const units = new Map<string, number>();
    if (old === undefined && next === undefined) return { units };
    if (old !== undefined && next !== undefined && valuesEqual({ M: old }, { M: next })) {
      return { units };
    }
    const keySource = (next ?? old)!;
    const key = itemKey(table, keySource);
    if (next === undefined) await kv.delete(table.collection, key);
    else await kv.put(table.collection, key, Buffer.from(JSON.stringify(next)));
    for (const index of table.indexes) {
      const oldKey = old === undefined ? undefined : indexEntryKey(table, index, old);
      const newKey = next === undefined ? undefined : indexEntryKey(table, index, next);
      let spent = 0;
      if (oldKey !== undefined && (newKey === undefined || !oldKey.equals(newKey))) {
        await kv.delete(index.collection, oldKey);
        spent += Math.max(1, Math.ceil(itemSize(projectForIndex(index, old!)) / 1024));
      }
      if (newKey !== undefined) {
        const projected = projectForIndex(index, next!);
        await kv.put(index.collection, newKey, Buffer.from(JSON.stringify(projected)));
        spent += Math.max(1, Math.ceil(itemSize(projected) / 1024));
      }
      if (spent > 0) units.set(index.name, spent);
    }
    if (table.stream !== undefined) {
      const record = createStreamRecord({
        eventId: this.eventIds.next(),
        region: this.region,
        nowMs: this.clock.now(),
        viewType: table.stream.viewType,
        keys: pickKey(table, keySource),
        old,
        next,
        userIdentity: options.userIdentity,
      });
      const data = Buffer.from(JSON.stringify(record));
      if (pending !== undefined) pending.append(table.stream.log, data);
      else await tx.logs.append(table.stream.log, data);
    }
    return { units };
  }

  /**
   * Reads items of a table (`index` undefined) or index in key order, stopping after `limit`
   * items or once 1 MB has been read (the item crossing it included).
   */
  async read(table: Table, index: Index | undefined, options: ReadOptions): Promise<ReadPage> {
    const collection = index === undefined ? table.collection : index.collection;
    const items: AttributeMap[] = [];
    let bytes = 0;
    let after = options.after;
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    for (;;) {
      const want = Math.min(
        Math.max(limit - items.length, 1),
        options.segment === undefined ? 500 : 1000,
      );
      const entries = await this.store.kv.scan(collection, {
        ...options.bounds,
        ...(after === undefined ? {} : { after }),
        ...(options.reverse === true ? { reverse: true } : {}),
        limit: want,
      });
      for (const entry of entries) {
        const item = parseItem(entry.value);
        after = entry.key;
        if (options.segment !== undefined) {
          const pk = item[table.hash.name];
          if (
            pk === undefined ||
            segmentOf(pk, options.segment.total) !== options.segment.segment
          ) {
            continue;
          }
        }
        items.push(item);
        bytes += itemSize(item);
        if (items.length >= limit || bytes >= MAX_PAGE_BYTES) {
          return { items, bytes, last: item };
        }
      }
      if (entries.length < want) return { items, bytes, last: undefined };
    }
  }

  /** Number of items and their total size in a table or index collection (DescribeTable). */
  async stats(collection: string): Promise<{ count: number; bytes: number }> {
    let count = 0;
    let bytes = 0;
    let after: Buffer | undefined;
    for (;;) {
      const page = await this.store.kv.scan(collection, {
        limit: 1000,
        ...(after === undefined ? {} : { after }),
      });
      for (const entry of page) {
        count++;
        bytes += itemSize(parseItem(entry.value));
      }
      if (page.length < 1000) return { count, bytes };
      after = page[page.length - 1]!.key;
    }
  }

  /** Adds entries for every existing item to a new index (UpdateTable backfill). */
  async backfill(table: Table, index: Index): Promise<void> {
    let after: Buffer | undefined;
    for (;;) {
      const page = await this.store.kv.scan(table.collection, {
        limit: 500,
        ...(after === undefined ? {} : { after }),
      });
      if (page.length > 0) {
        await this.store.transaction(async (tx) => {
          for (const entry of page) {
            const item = parseItem(entry.value);
            const key = indexEntryKey(table, index, item);
            if (key !== undefined) {
              await tx.kv.put(
                index.collection,
                key,
                Buffer.from(JSON.stringify(projectForIndex(index, item))),
              );
            }
          }
        });
      }
      if (page.length < 500) return;
      after = page[page.length - 1]!.key;
    }
  }

  /** Drops every item and index entry of a table. */
  async drop(table: Table): Promise<void> {
    await this.store.kv.clear(table.collection);
    for (const index of table.indexes) await this.store.kv.clear(index.collection);
  }
}

/**
 * The item, index and stream writes of several item changes, held until `flush` sends them to
 * the store: per collection the deletes, then all puts in one `putMany`; per stream all records,
 * in order, in one `append`. For changes of distinct items, whose index entries never share a
 * key, the outcome is the same as writing each at once.
 */
export class PendingWrites {
  readonly #puts = new Map<string, { key: Buffer; value: Buffer }[]>();
  readonly #deletes = new Map<string, Buffer[]>();
  readonly #records = new Map<string, Buffer[]>();

  put(collection: string, key: Buffer, value: Buffer): void {
    listOf(this.#puts, collection).push({ key, value });
  }

  delete(collection: string, key: Buffer): void {
    listOf(this.#deletes, collection).push(key);
  }

  append(log: string, data: Buffer): void {
    listOf(this.#records, log).push(data);
  }

  async flush(tx: StoreTransaction): Promise<void> {
    for (const [collection, keys] of this.#deletes) {
      for (const key of keys) await tx.kv.delete(collection, key);
    }
    for (const [collection, entries] of this.#puts) await tx.kv.putMany(collection, entries);
    for (const [log, records] of this.#records) await tx.logs.append(log, records);
    this.#puts.clear();
    this.#deletes.clear();
    this.#records.clear();
  }
}

function listOf<T>(lists: Map<string, T[]>, name: string): T[] {
  let list = lists.get(name);
  if (list === undefined) lists.set(name, (list = []));
  return list;
}
