/**
 * The streams of a region as the Streams API and the stream → Lambda trigger see them: the stream
 * catalog (`storage/stream-catalog.ts`) plus each stream's store log, presented as one shard per
 * stream, and the 24-hour retention that trims the logs.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Clock, TimerHandle } from '../../../core/clock.js';
import type { Logger } from '../../../core/logger.js';
import type { Store } from '../../../store/types.js';
import { streamCatalogCollection, type StreamCatalogEntry } from '../storage/stream-catalog.js';
import type { StoredStreamRecord } from '../storage/stream-record.js';
import { streamLogName } from '../storage/table-meta.js';
import { formatSequenceNumber } from './sequence-number.js';

/** Stream records are kept 24 hours (DG *Change data capture for DynamoDB Streams*). */
export const STREAM_RETENTION_MS = 24 * 60 * 60 * 1000;
/** GetRecords returns at most 1 MB (API GetRecords). */
export const MAX_READ_BYTES = 1024 * 1024;
/** GetRecords returns at most 1000 records. */
export const MAX_READ_RECORDS = 1000;
/** How often the logs are trimmed to the retention period. */
const DEFAULT_TRIM_INTERVAL_MS = 60 * 1000;

/** A stream record as GetRecords and the Lambda event carry it (with its SequenceNumber). */
export interface DynamoDbStreamRecord extends Omit<StoredStreamRecord, 'dynamodb'> {
  dynamodb: StoredStreamRecord['dynamodb'] & { SequenceNumber: string };
}

/** One record read from a shard. */
export interface ShardRecord {
  /** The store log seq (its SequenceNumber is `formatSequenceNumber(seq)`). */
  seq: number;
  record: DynamoDbStreamRecord;
  /** Bytes of the stored record (what counts toward the 1 MB read and 6 MB batch limits). */
  bytes: number;
}

/** The one shard of a stream. */
export interface StreamShard {
  shardId: string;
  startingSequenceNumber: string;
  /** Present once the stream is disabled: the shard is closed. */
  endingSequenceNumber?: string;
}

/** A stream, its status and its shard. */
export interface StreamInfo {
  entry: StreamCatalogEntry;
  status: 'ENABLED' | 'DISABLED';
  shard: StreamShard;
  /** The store log holding the records. */
  log: string;
  /** Oldest seq still readable (TRIM_HORIZON starts here). */
  horizon: number;
  /** Newest seq appended, 0 when none. */
  lastSeq: number;
}

export interface ReadShardOptions {
  /** Read records with a seq greater than this. */
  afterSeq: number;
  /** At most this many records (default and maximum 1000). */
  limit?: number;
  /** Stop once this many bytes were read (the record crossing it included); default 1 MB. */
  maxBytes?: number;
}

export interface ReadShardResult {
  records: ShardRecord[];
  /** The shard is closed and every record up to its end has been read. */
  drained: boolean;
}

export interface DynamoDbStreamsOptions {
  store: Store;
  /** `<account>:<region>` (the stream catalog's namespace). */
  scope: string;
  clock: Clock;
  logger: Logger;
  /** How often to trim the logs (default one minute). */
  trimIntervalMs?: number;
}

/** The shard id of a stream: `shardId-<20-digit creation ms>-<8 hex>`, stable for the stream. */
export function shardIdOf(entry: StreamCatalogEntry): string {
  const hex = createHash('sha256').update(entry.arn).digest('hex').slice(0, 8);
  return `shardId-${String(entry.createdAt).padStart(20, '0')}-${hex}`;
}

/** The Streams API and trigger view of a region's DynamoDB streams. */
export class DynamoDbStreams {
  readonly #options: DynamoDbStreamsOptions;
  readonly #collection: string;
  readonly #owner = randomUUID();
  #timer: TimerHandle | undefined;
  #trimming: Promise<void> | undefined;
  #stopped = true;

  constructor(options: DynamoDbStreamsOptions) {
    this.#options = options;
    this.#collection = streamCatalogCollection(options.scope);
  }

  /** Every stream still within retention, in ARN order. */
  async list(): Promise<StreamCatalogEntry[]> {
    const now = this.#options.clock.now();
    const out: StreamCatalogEntry[] = [];
    let after: Buffer | undefined;
    for (;;) {
      const page = await this.#options.store.kv.scan(this.#collection, {
        limit: 500,
        ...(after === undefined ? {} : { after }),
      });
      for (const kv of page) {
        const entry = JSON.parse(kv.value.toString('utf8')) as StreamCatalogEntry;
        if (!isExpired(entry, now)) out.push(entry);
      }
      if (page.length < 500) return out;
      after = page[page.length - 1]!.key;
    }
  }

  /** A stream's catalog entry, status, shard and log bounds; undefined when unknown or expired. */
  async stream(arn: string): Promise<StreamInfo | undefined> {
    const kv = await this.#options.store.kv.get(this.#collection, Buffer.from(arn, 'utf8'));
    if (kv === undefined) return undefined;
    const entry = JSON.parse(kv.value.toString('utf8')) as StreamCatalogEntry;
    if (isExpired(entry, this.#options.clock.now())) return undefined;
    const log = streamLogName(arn);
    const bounds = await this.#options.store.logs.bounds(log);
    const disabled = entry.disabledAt !== undefined;
    const shard: StreamShard = {
      shardId: shardIdOf(entry),
      startingSequenceNumber: formatSequenceNumber(1),
    };
    if (disabled) shard.endingSequenceNumber = formatSequenceNumber(Math.max(1, bounds.lastSeq));
    return {
      entry,
      status: disabled ? 'DISABLED' : 'ENABLED',
      shard,
      log,
      horizon: bounds.firstSeq ?? bounds.lastSeq + 1,
      lastSeq: bounds.lastSeq,
    };
  }

  /** Reads records of a stream's shard in sequence order. */
  async read(info: StreamInfo, options: ReadShardOptions): Promise<ReadShardResult> {
    const limit = Math.min(options.limit ?? MAX_READ_RECORDS, MAX_READ_RECORDS);
    const maxBytes = options.maxBytes ?? MAX_READ_BYTES;
    const raw = await this.#options.store.logs.read(info.log, {
      afterSeq: options.afterSeq,
      limit,
    });
    const records: ShardRecord[] = [];
    let bytes = 0;
    for (const r of raw) {
      const stored = JSON.parse(r.data.toString('utf8')) as StoredStreamRecord;
      const record = stored as DynamoDbStreamRecord;
      record.dynamodb.SequenceNumber = formatSequenceNumber(r.seq);
      records.push({ seq: r.seq, record, bytes: r.data.length });
      bytes += r.data.length;
      if (bytes >= maxBytes) break;
    }
    const position = records.length > 0 ? records[records.length - 1]!.seq : options.afterSeq;
    // A disabled stream takes no more records: once its last one is read, the shard is drained.
    let drained = false;
    if (info.status === 'DISABLED') {
      const bounds = await this.#options.store.logs.bounds(info.log);
      drained = position >= bounds.lastSeq;
    }
    return { records, drained };
  }

  /** Starts the periodic retention trim. */
  start(): void {
    this.#stopped = false;
    this.#schedule();
  }

  /** Stops the trim timer and waits for a running trim. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#timer?.cancel();
    this.#timer = undefined;
    await this.#trimming;
  }

  /**
   * Trims every stream's log to 24 hours and forgets streams disabled more than 24 hours ago (their
   * records are all gone). In a cluster one node does it at a time (a store lease).
   */
  async trim(): Promise<void> {
    const { store, clock, logger } = this.#options;
    const interval = this.#options.trimIntervalMs ?? DEFAULT_TRIM_INTERVAL_MS;
    const lease = await store.leases.acquire(
      `ddb-streams-retention:${this.#options.scope}`,
      this.#owner,
      Math.max(interval * 2, 10_000),
    );
    if (lease === undefined) return;
    const now = clock.now();
    let after: Buffer | undefined;
    for (;;) {
      const page = await store.kv.scan(this.#collection, {
        limit: 500,
        ...(after === undefined ? {} : { after }),
      });
      for (const kv of page) {
        const entry = JSON.parse(kv.value.toString('utf8')) as StreamCatalogEntry;
        const log = streamLogName(entry.arn);
        if (isExpired(entry, now)) {
          await store.transaction(async (tx) => {
            await tx.leases.assertHeld(lease);
            await tx.logs.drop(log);
            await tx.kv.delete(this.#collection, kv.key, { ifVersion: kv.version });
          });
          logger.debug(`stream ${entry.arn} expired (disabled over 24 h ago); dropped`);
        } else {
          await store.logs.trim(log, STREAM_RETENTION_MS);
        }
      }
      if (page.length < 500) break;
      after = page[page.length - 1]!.key;
    }
  }

  #schedule(): void {
    if (this.#stopped) return;
    const interval = this.#options.trimIntervalMs ?? DEFAULT_TRIM_INTERVAL_MS;
    this.#timer = this.#options.clock.setTimeout(() => {
      this.#trimming = this.trim()
        .catch((e: unknown) => this.#options.logger.warn(`stream retention: ${String(e)}`))
        .finally(() => {
          this.#trimming = undefined;
          this.#schedule();
        });
    }, interval);
  }
}

/** A stream disabled more than 24 hours ago has nothing left to read: it is gone. */
function isExpired(entry: StreamCatalogEntry, now: number): boolean {
  return entry.disabledAt !== undefined && now - entry.disabledAt > STREAM_RETENTION_MS;
}
