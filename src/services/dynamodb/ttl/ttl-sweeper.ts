/**
 * The TTL sweeper: deletes expired items of tables with TTL enabled, each through the table store
 * (indexes updated, a REMOVE stream record with the DynamoDB service's `userIdentity` in the same
 * transaction). Expired items stay readable until a sweep deletes them.
 *
 * `prompt` mode (default) deletes about a second after expiry — what a developer testing a TTL
 * flow needs; `aws` mode spreads deletions over up to 48 h after expiry, as AWS's background
 * process does. In a cluster one node sweeps a table at a time (a store lease per table).
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Clock, TimerHandle } from '../../../core/clock.js';
import type { Logger } from '../../../core/logger.js';
import type { Lease } from '../../../store/types.js';
import type { DynamoDbContext } from '../dynamodb-context.js';
import { TTL_USER_IDENTITY } from '../storage/stream-record.js';
import { compileTable, type Table, type TableMeta } from '../storage/table-meta.js';
import type { AttributeMap } from '../values/index.js';
import { expiryOf } from './ttl-expiry.js';

export type TtlMode = 'prompt' | 'aws';

export interface TtlSweeperOptions {
  /** Sweep period in ms (default 1000). A sweep also runs as soon as a seen item comes due. */
  intervalMs?: number;
  /** `prompt` (default): delete right after expiry; `aws`: within up to `awsMaxDelayMs` after it. */
  mode?: TtlMode;
  /** `aws` mode: the longest delay between expiry and deletion (default 48 h). */
  awsMaxDelayMs?: number;
  /** Items examined per table per sweep (default 10 000); bigger tables take several sweeps. */
  maxItemsPerSweep?: number;
  /** False: no timer, sweeps only through `sweepNow()` (tests). Default true. */
  automatic?: boolean;
}

const DEFAULT_INTERVAL_MS = 1000;
const DEFAULT_AWS_MAX_DELAY_MS = 48 * 60 * 60 * 1000;
const DEFAULT_MAX_ITEMS = 10_000;
/** Never wake more often than this, even when items come due sooner. */
const MIN_WAKE_MS = 20;
const PAGE = 500;
/** Deletes committed per store transaction. */
const DELETES_PER_TRANSACTION = 50;

/** Deletes expired items of every TTL-enabled table of a DynamoDB context. */
export class TtlSweeper {
  readonly #ctx: DynamoDbContext;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #intervalMs: number;
  readonly #mode: TtlMode;
  readonly #awsMaxDelayMs: number;
  readonly #maxItems: number;
  readonly #automatic: boolean;
  readonly #owner = randomUUID();
  /** Where the last partial pass over a table stopped (table id → store key). */
  readonly #cursors = new Map<string, Buffer>();
  #timer: TimerHandle | undefined;
  #running: Promise<number> | undefined;
  #stopped = true;

  constructor(ctx: DynamoDbContext, options: TtlSweeperOptions = {}) {
    this.#ctx = ctx;
    this.#clock = ctx.clock;
    this.#logger = ctx.logger;
    this.#intervalMs = options.intervalMs ?? DEFAULT_INTERVAL_MS;
    this.#mode = options.mode ?? 'prompt';
    this.#awsMaxDelayMs = options.awsMaxDelayMs ?? DEFAULT_AWS_MAX_DELAY_MS;
    this.#maxItems = options.maxItemsPerSweep ?? DEFAULT_MAX_ITEMS;
    this.#automatic = options.automatic ?? true;
  }

  get mode(): TtlMode {
    return this.#mode;
  }

  /** Starts sweeping periodically (unless `automatic: false`). */
  start(): void {
    this.#stopped = false;
    if (this.#automatic) this.#schedule(this.#intervalMs);
  }

  /** Stops the timer and waits for a sweep in progress. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#timer?.cancel();
    this.#timer = undefined;
    await this.#running?.catch(() => undefined);
  }

  /** Runs a sweep now (after the one in progress, if any); resolves to the items deleted. */
  async sweepNow(): Promise<number> {
    await this.#running?.catch(() => undefined);
    return this.#sweepOnce().deleted;
  }

  #sweepOnce(): { deleted: Promise<number>; nextDue: Promise<number | undefined> } {
    let nextDue: number | undefined;
    const run = (async () => {
      const result = await this.#sweep();
      nextDue = result.nextDue;
      return result.deleted;
    })();
    this.#running = run;
    const clear = (): void => {
      if (this.#running === run) this.#running = undefined;
    };
    run.then(clear, clear);
    return { deleted: run, nextDue: run.then(() => nextDue) };
  }

  #schedule(delayMs: number): void {
    if (this.#stopped || !this.#automatic) return;
    this.#timer?.cancel();
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = undefined;
      if (this.#running !== undefined) {
        this.#schedule(this.#intervalMs);
        return;
      }
      const { nextDue } = this.#sweepOnce();
      nextDue.then(
        (due) => {
          const now = this.#clock.now();
          const untilDue = due === undefined ? this.#intervalMs : due - now + 1;
          this.#schedule(Math.max(MIN_WAKE_MS, Math.min(this.#intervalMs, untilDue)));
        },
        (e: unknown) => {
          this.#logger.warn(`TTL sweep failed: ${String(e)}; retrying`);
          this.#schedule(this.#intervalMs);
        },
      );
    }, delayMs);
  }

  /** One pass over every TTL-enabled table. */
  async #sweep(): Promise<{ deleted: number; nextDue: number | undefined }> {
    let deleted = 0;
    let nextDue: number | undefined;
    for (const table of await this.#ttlTables()) {
      const result = await this.#sweepTable(table);
      deleted += result.deleted;
      if (result.nextDue !== undefined && (nextDue === undefined || result.nextDue < nextDue)) {
        nextDue = result.nextDue;
      }
    }
    return { deleted, nextDue };
  }

  /** Tables with TTL enabled, read from the store (another node may have enabled it). */
  async #ttlTables(): Promise<Table[]> {
    const tables: Table[] = [];
    let after: Buffer | undefined;
    for (;;) {
      const page = await this.#ctx.store.kv.scan(this.#ctx.catalog.collection, {
        limit: PAGE,
        ...(after === undefined ? {} : { after }),
      });
      for (const entry of page) {
        const meta = JSON.parse(entry.value.toString('utf8')) as TableMeta;
        if (meta.ttl?.enabled === true) tables.push(compileTable(meta));
      }
      if (page.length < PAGE) return tables;
      after = page[page.length - 1]!.key;
    }
  }

  /** When a sweep may delete the item (epoch ms), or undefined when it never expires. */
  #dueAt(table: Table, item: AttributeMap, attributeName: string, now: number): number | undefined {
    const expiry = expiryOf(item, attributeName, now);
    if (expiry === undefined) return undefined;
    // Deletion happens strictly after the expiry second has passed (`ttl < now`).
    const due = expiry + 1;
    if (this.#mode === 'prompt') return due;
    // Spread as AWS's background process does, the same on every node (a hash of the item key).
    const key = JSON.stringify([
      table.meta.id,
      item[table.hash.name],
      table.range === undefined ? null : item[table.range.name],
    ]);
    const fraction = createHash('sha256').update(key).digest().readUInt32BE(0) / 0x1_0000_0000;
    return due + Math.floor(fraction * this.#awsMaxDelayMs);
  }

  async #sweepTable(table: Table): Promise<{ deleted: number; nextDue: number | undefined }> {
    const { store } = this.#ctx;
    const attributeName = table.meta.ttl!.attributeName;
    const lease = await store.leases.acquire(
      `ddb-ttl:${this.#ctx.scope}:${table.name}`,
      this.#owner,
      Math.max(10_000, this.#intervalMs * 5),
    );
    if (lease === undefined) return { deleted: 0, nextDue: undefined };
    const now = this.#clock.now();
    let after = this.#cursors.get(table.meta.id);
    let examined = 0;
    let nextDue: number | undefined;
    const expired: AttributeMap[] = [];
    for (;;) {
      const page = await store.kv.scan(table.collection, {
        limit: PAGE,
        ...(after === undefined ? {} : { after }),
      });
      for (const entry of page) {
        const item = JSON.parse(entry.value.toString('utf8')) as AttributeMap;
        const due = this.#dueAt(table, item, attributeName, now);
        if (due === undefined) continue;
        if (due <= now) expired.push(item);
        else if (nextDue === undefined || due < nextDue) nextDue = due;
      }
      examined += page.length;
      if (page.length < PAGE) {
        after = undefined;
        break;
      }
      after = page[page.length - 1]!.key;
      if (examined >= this.#maxItems) break;
    }
    if (after === undefined) this.#cursors.delete(table.meta.id);
    else this.#cursors.set(table.meta.id, after);
    let deleted = 0;
    for (let i = 0; i < expired.length; i += DELETES_PER_TRANSACTION) {
      deleted += await this.#deleteExpired(
        table,
        lease,
        attributeName,
        expired.slice(i, i + DELETES_PER_TRANSACTION),
      );
    }
    if (deleted > 0) this.#logger.debug(`TTL: deleted ${deleted} expired item(s) of ${table.name}`);
    return { deleted, nextDue };
  }

  /** Deletes items that are still expired when locked (an update may have un-expired them). */
  async #deleteExpired(
    table: Table,
    lease: Lease,
    attributeName: string,
    candidates: readonly AttributeMap[],
  ): Promise<number> {
    const { store, items } = this.#ctx;
    return store.transaction(async (tx) => {
      // Fenced: a node that lost the table's lease cannot delete behind the new owner's back.
      await tx.leases.assertHeld(lease);
      const fresh = await items.freshTable(tx, table);
      const now = this.#clock.now();
      let deleted = 0;
      for (const candidate of candidates) {
        const current = await items.getItemForUpdate(tx, fresh, candidate);
        if (current === undefined) continue;
        const due = this.#dueAt(fresh, current, attributeName, now);
        if (due === undefined || due > now) continue;
        await items.applyInTransaction(tx, fresh, current, undefined, {
          userIdentity: TTL_USER_IDENTITY,
        });
        deleted++;
      }
      return deleted;
    });
  }
}
