/**
 * The table catalog: every table's description in one kv collection of the store (key = table
 * name), mirrored in memory so the hot path never reads it. A table another node created is
 * found by reading the store on a miss; `refresh()` reloads the whole catalog.
 */
import type { KvOps, Store, StoreTransaction } from '../../../store/types.js';
import { compileTable, type Table, type TableMeta } from './table-meta.js';

export class TableCatalog {
  private readonly tables = new Map<string, Table>();
  /** Store version of each cached description (absent: unknown, re-read when checked). */
  private readonly versions = new Map<string, number>();
  readonly collection: string;

  constructor(
    private readonly store: Store,
    scope: string,
  ) {
    this.collection = `ddb:tables:${scope}`;
  }

  /** Loads every table description from the store. */
  async refresh(): Promise<void> {
    const fresh = new Map<string, Table>();
    const versions = new Map<string, number>();
    let after: Buffer | undefined;
    for (;;) {
      const page = await this.store.kv.scan(this.collection, {
        limit: 500,
        ...(after === undefined ? {} : { after }),
      });
      for (const entry of page) {
        const meta = JSON.parse(entry.value.toString('utf8')) as TableMeta;
        fresh.set(meta.name, compileTable(meta));
        versions.set(meta.name, entry.version);
      }
      if (page.length < 500) break;
      after = page[page.length - 1]!.key;
    }
    this.tables.clear();
    this.versions.clear();
    for (const [name, table] of fresh) this.tables.set(name, table);
    for (const [name, version] of versions) this.versions.set(name, version);
  }

  /** The table from memory (no I/O). */
  get(name: string): Table | undefined {
    return this.tables.get(name);
  }

  /** The table, reading the store when memory does not know it (another node may have made it). */
  async lookup(name: string): Promise<Table | undefined> {
    const known = this.tables.get(name);
    if (known !== undefined) return known;
    const entry = await this.store.kv.get(this.collection, Buffer.from(name, 'utf8'));
    if (entry === undefined) return undefined;
    const table = compileTable(JSON.parse(entry.value.toString('utf8')) as TableMeta);
    this.tables.set(name, table);
    this.versions.set(name, entry.version);
    return table;
  }

  /**
   * The table as committed, read inside a write's transaction: another node may have changed it
   * (an index added) since this node cached it. Undefined when it was deleted.
   */
  async current(tx: StoreTransaction, table: Table): Promise<Table | undefined> {
    const entry = await tx.kv.get(this.collection, Buffer.from(table.name, 'utf8'));
    if (entry === undefined) return undefined;
    const cached = this.tables.get(table.name);
    if (cached !== undefined && this.versions.get(table.name) === entry.version) return cached;
    const fresh = compileTable(JSON.parse(entry.value.toString('utf8')) as TableMeta);
    this.tables.set(table.name, fresh);
    this.versions.set(table.name, entry.version);
    return fresh;
  }

  /** Writes a description (inside the caller's transaction when `kv` is one) and caches it. */
  async save(meta: TableMeta, kv: KvOps = this.store.kv): Promise<Table> {
    await kv.put(
      this.collection,
      Buffer.from(meta.name, 'utf8'),
      Buffer.from(JSON.stringify(meta)),
    );
    const table = compileTable(meta);
    this.tables.set(meta.name, table);
    return table;
  }

  /** Caches a description the caller has already written (inside its own transaction). */
  cache(meta: TableMeta): Table {
    const table = compileTable(meta);
    this.tables.set(meta.name, table);
    this.versions.delete(meta.name);
    return table;
  }

  /** Removes a description. */
  async remove(name: string, kv: KvOps = this.store.kv): Promise<void> {
    await kv.delete(this.collection, Buffer.from(name, 'utf8'));
    this.forget(name);
  }

  /** Forgets a cached table. */
  forget(name: string): void {
    this.tables.delete(name);
    this.versions.delete(name);
  }

  /** Table names in ascending byte order. */
  names(): string[] {
    return [...this.tables.keys()].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  }
}
