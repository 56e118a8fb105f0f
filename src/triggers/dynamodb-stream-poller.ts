/**
 * The DynamoDB Streams → Lambda event source mapping (lambda.md §5.3, §6.5): reads the stream's
 * shard through the DynamoDB service's typed streams API, skips records the filter rejects,
 * invokes the function synchronously with batches in sequence order, and checkpoints in the store.
 *
 * - A failed batch (function error, invalid partial-batch response) is retried, blocking the
 *   shard, until it succeeds, MaximumRetryAttempts is used up or a record is older than
 *   MaximumRecordAgeInSeconds; then the metadata-only on-failure record goes to the mapping's
 *   OnFailure destination and the shard moves on. Throttles and invoke errors retry without
 *   using attempts. BisectBatchOnFunctionError halves a failed batch (not using attempts).
 * - ReportBatchItemFailures: the checkpoint moves to just before the lowest reported sequence
 *   number and the rest of the batch is retried (an invalid report fails the whole batch).
 * - ParallelizationFactor N: up to N lanes per shard, a record's lane chosen by its item key, so
 *   order holds per item; the checkpoint only passes records every lane has finished.
 * - The checkpoint (highest seq fully handled) lives in a kv collection, keyed by the mapping's
 *   UUID (stable across restarts and reloads), stream and shard; one node owns a shard at
 *   a time through a store lease, and checkpoint writes are fenced by it, so a restart or another
 *   node resumes where the last owner stopped (records may be delivered again, never skipped).
 */
import { randomUUID } from 'node:crypto';
import { crc32 } from 'node:zlib';
import type { EventSourceMappingModel } from '../core/app-model.js';
import type { Clock, TimerHandle } from '../core/clock.js';
import { AwsError, isStratusError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { FunctionInvoker, InvokeResult } from '../functions/types.js';
import type {
  DynamoDbStreams,
  ShardRecord,
  StreamInfo,
} from '../services/dynamodb/streams/index.js';
import type { Lease, Store } from '../store/types.js';
import type { RecordFilter } from './record-filter.js';

/** Lambda's invocation payload limit bounds a batch. */
const MAX_BATCH_PAYLOAD_BYTES = 6 * 1024 * 1024;
/** Room for the `{"Records":[…]}` wrapper and the eventSourceARN added to each record. */
const RECORD_OVERHEAD_BYTES = 200;
const DEFAULT_BATCH_SIZE = 100;
/** Lambda polls each DynamoDB stream shard about four times a second. */
const DEFAULT_POLL_INTERVAL_MS = 250;
const DEFAULT_RETRY_BASE_MS = 500;
const DEFAULT_RETRY_MAX_MS = 30_000;
const DEFAULT_LEASE_TTL_MS = 15_000;
/** How often a missing stream is looked for again. */
const MISSING_STREAM_RETRY_MS = 2000;

/** The kv collection of stream checkpoints. */
export const CHECKPOINT_COLLECTION = 'esm:checkpoints';

/** The part of the DynamoDB streams API the poller reads. */
export type StreamReader = Pick<DynamoDbStreams, 'stream' | 'read'>;

export interface DynamoDbStreamPollerOptions {
  mapping: EventSourceMappingModel;
  streams: StreamReader;
  store: Store;
  invoker: FunctionInvoker;
  filter: RecordFilter | undefined;
  clock: Clock;
  logger: Logger;
  region: string;
  /** Sends an on-failure record to the mapping's OnFailure destination (SQS queue, SNS topic). */
  deliver?: (targetArn: string, body: string) => Promise<void>;
  /** Delay between polls of an idle shard (default 250 ms). */
  pollIntervalMs?: number;
  /** First delay before retrying a failed batch, doubled per attempt (default 500 ms). */
  retryBaseDelayMs?: number;
  /** Longest delay between retries (default 30 s). */
  retryMaxDelayMs?: number;
  /** Shard lease duration (default 15 s), renewed while the shard is owned. */
  leaseTtlMs?: number;
}

/** Why a batch was given up (the on-failure record's `condition`). */
type GiveUpCondition = 'RetryAttemptsExhausted' | 'RecordAgeExceeded';

interface PendingBatch {
  records: ShardRecord[];
  attempts: number;
}

/** The outcome of one invoke of a batch. */
type BatchOutcome =
  | { kind: 'ok'; result: InvokeResult }
  | { kind: 'partial'; failedFrom: number; result: InvokeResult }
  | { kind: 'failed'; result: InvokeResult | undefined }
  | { kind: 'retry'; reason: string };

/** A lost lease or a fenced write: another node owns the shard now. */
function isStoreConflict(e: unknown): boolean {
  return isStratusError(e, 'ERR_STORE_CONFLICT');
}

/** Stops the shard's processing when the lease is lost or the poller stops. */
class ShardReleased extends Error {}

/** Runs one DynamoDB stream event source mapping. */
export class DynamoDbStreamPoller {
  readonly #options: DynamoDbStreamPollerOptions;
  readonly #owner = randomUUID();
  readonly #abort = new AbortController();
  readonly #batchSize: number;
  readonly #lanes: number;
  readonly #pollMs: number;
  readonly #leaseTtlMs: number;
  #loop: Promise<void> | undefined;
  #lease: Lease | undefined;
  #lost = false;
  #generation = 0;
  #renewTimer: TimerHandle | undefined;

  constructor(options: DynamoDbStreamPollerOptions) {
    this.#options = options;
    this.#batchSize = Math.max(1, options.mapping.batchSize ?? DEFAULT_BATCH_SIZE);
    this.#lanes = Math.min(10, Math.max(1, options.mapping.parallelizationFactor ?? 1));
    this.#pollMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
    this.#leaseTtlMs = options.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS;
  }

  /** Starts polling in the background. */
  start(): Promise<void> {
    this.#loop ??= this.#run().catch((e: unknown) =>
      this.#options.logger.error(`stream poller for ${this.#options.mapping.logicalId} stopped`, e),
    );
    return Promise.resolve();
  }

  /** Stops polling; a batch in flight finishes first. Releases the shard lease. */
  async stop(): Promise<void> {
    this.#abort.abort();
    await this.#loop;
  }

  get #arn(): string {
    return this.#options.mapping.eventSourceArn;
  }

  async #run(): Promise<void> {
    const { streams, store, logger } = this.#options;
    let warned = false;
    while (!this.#abort.signal.aborted) {
      let info: StreamInfo | undefined;
      try {
        info = await streams.stream(this.#arn);
      } catch (e) {
        logger.warn(`stream ${this.#arn}: ${String(e)}; retrying`);
        await this.#sleep(MISSING_STREAM_RETRY_MS);
        continue;
      }
      if (info === undefined) {
        if (!warned) {
          logger.warn(
            `event source mapping ${this.#options.mapping.logicalId}: stream ${this.#arn} does not exist; waiting for it`,
          );
          warned = true;
        }
        await this.#sleep(MISSING_STREAM_RETRY_MS);
        continue;
      }
      warned = false;
      const lease = await store.leases
        .acquire(this.#leaseName(info), this.#owner, this.#leaseTtlMs)
        .catch(() => undefined);
      if (lease === undefined) {
        // Another node owns the shard; look again before its lease could expire.
        await this.#sleep(Math.max(this.#pollMs, this.#leaseTtlMs / 3));
        continue;
      }
      this.#hold(lease);
      try {
        const drained = await this.#own(info);
        if (drained) {
          logger.info(`stream ${this.#arn} is disabled and fully processed; polling stops`);
          return;
        }
      } catch (e) {
        if (!(e instanceof ShardReleased) && !isStoreConflict(e)) {
          logger.error(`stream poller for ${this.#arn} failed; resuming from the checkpoint`, e);
          await this.#sleep(DEFAULT_RETRY_BASE_MS);
        }
      } finally {
        await this.#letGo();
      }
    }
  }

  #leaseName(info: StreamInfo): string {
    return `esm-shard:${this.#options.mapping.uuid}:${info.shard.shardId}`;
  }

  #checkpointKey(info: StreamInfo): Buffer {
    return Buffer.from(`${this.#options.mapping.uuid}|${this.#arn}|${info.shard.shardId}`, 'utf8');
  }

  /** Keeps the lease renewed while the shard is owned (invokes may run for minutes). */
  #hold(lease: Lease): void {
    this.#lease = lease;
    this.#lost = false;
    // A renewal answering after the shard was let go (and maybe taken again) must not touch it.
    const generation = ++this.#generation;
    const renew = (): void => {
      this.#renewTimer = this.#options.clock.setTimeout(() => {
        const held = this.#lease;
        if (held === undefined || generation !== this.#generation) return;
        this.#options.store.leases.renew(held, this.#leaseTtlMs).then(
          (next) => {
            if (this.#lease === undefined || generation !== this.#generation) return;
            this.#lease = next;
            renew();
          },
          () => {
            if (generation === this.#generation) this.#lost = true;
          },
        );
      }, this.#leaseTtlMs / 3);
    };
    renew();
  }

  async #letGo(): Promise<void> {
    this.#renewTimer?.cancel();
    const lease = this.#lease;
    this.#lease = undefined;
    if (lease !== undefined && !this.#lost) {
      await this.#options.store.leases.release(lease).catch(() => false);
    }
  }

  #checkHeld(): void {
    if (this.#lost || this.#lease === undefined) throw new ShardReleased();
  }

  /** Processes the owned shard; resolves true once a disabled stream is drained. */
  async #own(first: StreamInfo): Promise<boolean> {
    let position = await this.#loadCheckpoint(first);
    if (position === undefined) {
      // LATEST means "from when the mapping was created": persist it so a restart keeps it.
      position =
        this.#options.mapping.startingPosition === 'LATEST' ? first.lastSeq : first.horizon - 1;
      await this.#saveCheckpoint(first, position);
    }
    while (!this.#abort.signal.aborted) {
      this.#checkHeld();
      const info = await this.#options.streams.stream(this.#arn);
      if (info === undefined) return false;
      if (position + 1 < info.horizon) {
        this.#options.logger.warn(
          `stream ${this.#arn}: records after ${position} were trimmed before they were processed`,
        );
        position = info.horizon - 1;
      }
      const window = await this.#gather(info, position);
      if (window.records.length === 0) {
        if (window.drained) return true;
        await this.#sleep(this.#pollMs);
        continue;
      }
      await this.#processWindow(info, window.records);
      position = window.records[window.records.length - 1]!.seq;
    }
    return false;
  }

  /**
   * Reads up to BatchSize × ParallelizationFactor records, waiting up to the batching window for
   * more once the first record is there.
   */
  async #gather(
    info: StreamInfo,
    afterSeq: number,
  ): Promise<{ records: ShardRecord[]; drained: boolean }> {
    const { streams, clock, mapping } = this.#options;
    const target = this.#batchSize * this.#lanes;
    const windowMs = (mapping.maximumBatchingWindowInSeconds ?? 0) * 1000;
    const records: ShardRecord[] = [];
    let firstAt: number | undefined;
    let next = afterSeq;
    for (;;) {
      const read = await streams.read(info, {
        afterSeq: next,
        limit: Math.min(1000, target - records.length),
        maxBytes: MAX_BATCH_PAYLOAD_BYTES,
      });
      records.push(...read.records);
      if (read.records.length > 0) next = read.records[read.records.length - 1]!.seq;
      if (records.length >= target || read.drained) return { records, drained: read.drained };
      if (records.length === 0) return { records, drained: false };
      // A full read means more is waiting: take it now rather than after a pause.
      if (read.records.length === 1000) continue;
      if (windowMs === 0) return { records, drained: false };
      firstAt ??= clock.now();
      const left = firstAt + windowMs - clock.now();
      if (left <= 0 || this.#abort.signal.aborted) return { records, drained: false };
      await this.#sleep(Math.min(this.#pollMs, left));
    }
  }

  /** Runs a window's records through the lanes; the checkpoint follows the handled prefix. */
  async #processWindow(info: StreamInfo, records: readonly ShardRecord[]): Promise<void> {
    const { filter } = this.#options;
    const done = new Array<boolean>(records.length).fill(false);
    const indexOf = new Map(records.map((r, i) => [r.seq, i]));
    let frontier = 0;
    let saving: Promise<void> = Promise.resolve();
    const markDone = (handled: readonly ShardRecord[]): void => {
      for (const r of handled) done[indexOf.get(r.seq)!] = true;
      const before = frontier;
      while (frontier < records.length && done[frontier]) frontier++;
      if (frontier > before) {
        const seq = records[frontier - 1]!.seq;
        saving = saving.then(() => this.#saveCheckpoint(info, seq));
      }
    };
    const lanes: ShardRecord[][] = Array.from({ length: this.#lanes }, () => []);
    const skipped: ShardRecord[] = [];
    for (const r of records) {
      if (filter !== undefined && !filter(this.#eventRecord(r))) {
        skipped.push(r);
        continue;
      }
      lanes[this.#laneOf(r)]!.push(r);
    }
    markDone(skipped);
    const results = await Promise.allSettled(
      lanes.filter((l) => l.length > 0).map((l) => this.#runLane(info, l, markDone)),
    );
    await saving;
    const failure = results.find((r) => r.status === 'rejected');
    if (failure !== undefined) throw failure.reason;
  }

  #laneOf(record: ShardRecord): number {
    if (this.#lanes === 1) return 0;
    return crc32(JSON.stringify(record.record.dynamodb.Keys)) % this.#lanes;
  }

  /** A lane's records in batches of BatchSize (and at most 6 MB), one after the other. */
  async #runLane(
    info: StreamInfo,
    records: readonly ShardRecord[],
    markDone: (handled: readonly ShardRecord[]) => void,
  ): Promise<void> {
    let batch: ShardRecord[] = [];
    let bytes = 0;
    for (const r of records) {
      const size = r.bytes + RECORD_OVERHEAD_BYTES;
      if (
        batch.length > 0 &&
        (batch.length >= this.#batchSize || bytes + size > MAX_BATCH_PAYLOAD_BYTES)
      ) {
        await this.#processBatch(info, batch, markDone);
        batch = [];
        bytes = 0;
      }
      batch.push(r);
      bytes += size;
    }
    if (batch.length > 0) await this.#processBatch(info, batch, markDone);
  }

  /** Invokes until the batch is handled: success, or given up after retries / record age. */
  async #processBatch(
    info: StreamInfo,
    records: ShardRecord[],
    markDone: (handled: readonly ShardRecord[]) => void,
  ): Promise<void> {
    const { mapping, logger } = this.#options;
    const maxRetries = mapping.maximumRetryAttempts ?? -1;
    const maxAgeMs = (mapping.maximumRecordAgeInSeconds ?? -1) * 1000;
    const pending: PendingBatch[] = [{ records, attempts: 0 }];
    let invokes = 0;
    let last: InvokeResult | undefined;
    while (pending.length > 0) {
      if (this.#abort.signal.aborted) throw new ShardReleased();
      this.#checkHeld();
      const current = pending[0]!;
      if (maxAgeMs >= 0) {
        // Records arrive in order, so the too-old ones are a prefix of the batch.
        const now = this.#options.clock.now();
        const old = current.records.filter(
          (r) => now - r.record.dynamodb.ApproximateCreationDateTime * 1000 > maxAgeMs,
        );
        if (old.length > 0) {
          await this.#giveUp(info, old, 'RecordAgeExceeded', invokes, last);
          markDone(old);
          current.records = current.records.slice(old.length);
          if (current.records.length === 0) {
            pending.shift();
            continue;
          }
        }
      }
      const outcome = await this.#invoke(current.records);
      if (outcome.kind === 'retry') {
        logger.debug(
          `stream ${this.#arn}: invoke of ${mapping.functionName} failed (${outcome.reason}); retrying`,
        );
        await this.#sleep(this.#retryDelay(1));
        continue;
      }
      invokes++;
      last = outcome.result;
      if (outcome.kind === 'ok') {
        markDone(current.records);
        pending.shift();
        continue;
      }
      if (outcome.kind === 'partial') {
        markDone(current.records.slice(0, outcome.failedFrom));
        current.records = current.records.slice(outcome.failedFrom);
      }
      if (mapping.bisectBatchOnFunctionError === true && current.records.length > 1) {
        const half = Math.ceil(current.records.length / 2);
        pending.splice(
          0,
          1,
          { records: current.records.slice(0, half), attempts: current.attempts },
          { records: current.records.slice(half), attempts: current.attempts },
        );
        continue;
      }
      current.attempts++;
      if (maxRetries >= 0 && current.attempts > maxRetries) {
        await this.#giveUp(info, current.records, 'RetryAttemptsExhausted', invokes, last);
        markDone(current.records);
        pending.shift();
        continue;
      }
      await this.#sleep(this.#retryDelay(current.attempts));
    }
  }

  #retryDelay(attempt: number): number {
    const base = this.#options.retryBaseDelayMs ?? DEFAULT_RETRY_BASE_MS;
    const max = this.#options.retryMaxDelayMs ?? DEFAULT_RETRY_MAX_MS;
    return Math.min(max, base * 2 ** Math.min(attempt - 1, 20));
  }

  #eventRecord(r: ShardRecord): Record<string, unknown> {
    return { ...r.record, eventSourceARN: this.#arn };
  }

  async #invoke(records: readonly ShardRecord[]): Promise<BatchOutcome> {
    const { invoker, mapping } = this.#options;
    let result: InvokeResult;
    try {
      result = await invoker.invoke({
        functionName: mapping.functionName,
        payload: Buffer.from(JSON.stringify({ Records: records.map((r) => this.#eventRecord(r)) })),
        invocationType: 'RequestResponse',
      });
    } catch (e) {
      // A payload Lambda refuses is the batch's fault (bisecting can help); throttles and
      // service errors are retried without using attempts (lambda.md §5.3).
      if (e instanceof AwsError && e.status === 413) return { kind: 'failed', result: undefined };
      return { kind: 'retry', reason: e instanceof AwsError ? e.code : String(e) };
    }
    if (result.functionError !== undefined) return { kind: 'failed', result };
    if (!mapping.functionResponseTypes.includes('ReportBatchItemFailures')) {
      return { kind: 'ok', result };
    }
    const failedFrom = reportedFailure(result.payload, records);
    if (failedFrom === undefined) return { kind: 'ok', result };
    if (failedFrom === 0) return { kind: 'failed', result };
    return { kind: 'partial', failedFrom, result };
  }

  /** Sends the metadata-only record of a discarded batch to the OnFailure destination. */
  async #giveUp(
    info: StreamInfo,
    records: readonly ShardRecord[],
    condition: GiveUpCondition,
    invokes: number,
    last: InvokeResult | undefined,
  ): Promise<void> {
    const { mapping, logger, deliver, clock } = this.#options;
    const first = records[0]!;
    const final = records[records.length - 1]!;
    const destination = mapping.onFailureDestinationArn;
    logger.warn(
      `stream ${this.#arn}: ${mapping.functionName} gave up on ${records.length} record(s) ` +
        `(${first.record.dynamodb.SequenceNumber}…${final.record.dynamodb.SequenceNumber}, ${condition})` +
        (destination === undefined ? '; no OnFailure destination' : `; sent to ${destination}`),
    );
    if (destination === undefined || deliver === undefined) return;
    const body: Record<string, unknown> = {
      requestContext: {
        requestId: randomUUID(),
        functionArn: this.#functionArn(),
        condition,
        approximateInvokeCount: invokes,
      },
    };
    if (last !== undefined) {
      body['responseContext'] = {
        statusCode: last.statusCode,
        executedVersion: last.executedVersion,
        functionError: last.functionError ?? '',
      };
    }
    body['version'] = '1.0';
    body['timestamp'] = new Date(clock.now()).toISOString();
    body['DDBStreamBatchInfo'] = {
      shardId: info.shard.shardId,
      startSequenceNumber: first.record.dynamodb.SequenceNumber,
      endSequenceNumber: final.record.dynamodb.SequenceNumber,
      approximateArrivalOfFirstRecord: isoSeconds(first),
      approximateArrivalOfLastRecord: isoSeconds(final),
      batchSize: records.length,
      streamArn: this.#arn,
    };
    try {
      await deliver(destination, JSON.stringify(body));
    } catch (e) {
      logger.error(`stream ${this.#arn}: on-failure record not delivered to ${destination}`, e);
    }
  }

  #functionArn(): string {
    const name = this.#options.mapping.functionName;
    if (name.startsWith('arn:')) return name;
    const account = this.#arn.split(':')[4] ?? '';
    return `arn:aws:lambda:${this.#options.region}:${account}:function:${name}`;
  }

  async #loadCheckpoint(info: StreamInfo): Promise<number | undefined> {
    const entry = await this.#options.store.kv.get(
      CHECKPOINT_COLLECTION,
      this.#checkpointKey(info),
    );
    if (entry === undefined) return undefined;
    const seq = (JSON.parse(entry.value.toString('utf8')) as { afterSeq?: unknown }).afterSeq;
    return typeof seq === 'number' ? seq : undefined;
  }

  /** Writes the checkpoint, fenced by the shard lease (a node that lost it cannot move it). */
  async #saveCheckpoint(info: StreamInfo, afterSeq: number): Promise<void> {
    const lease = this.#lease;
    if (lease === undefined || this.#lost) throw new ShardReleased();
    const value = Buffer.from(JSON.stringify({ afterSeq, at: this.#options.clock.now() }));
    try {
      await this.#options.store.transaction(async (tx) => {
        await tx.leases.assertHeld(lease);
        await tx.kv.put(CHECKPOINT_COLLECTION, this.#checkpointKey(info), value);
      });
    } catch (e) {
      if (isStoreConflict(e)) this.#lost = true;
      throw e;
    }
  }

  /** Waits on the injected clock; a stop cuts the wait short. */
  #sleep(ms: number): Promise<void> {
    const signal = this.#abort.signal;
    if (signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = this.#options.clock.setTimeout(done, ms);
      function done(): void {
        timer.cancel();
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done, { once: true });
    });
  }
}

/**
 * Where a ReportBatchItemFailures response says the batch failed: undefined for success, the
 * index of the lowest reported record, or 0 (whole batch) for an invalid response.
 */
export function reportedFailure(
  payload: Buffer,
  records: readonly ShardRecord[],
): number | undefined {
  let response: unknown;
  try {
    response = payload.length === 0 ? null : JSON.parse(payload.toString('utf8'));
  } catch {
    return 0;
  }
  if (response === null || response === '') return undefined;
  if (typeof response !== 'object' || Array.isArray(response)) return 0;
  const items = (response as { batchItemFailures?: unknown }).batchItemFailures;
  if (items === null || items === undefined) return undefined;
  if (!Array.isArray(items)) return 0;
  let lowest: number | undefined;
  for (const item of items) {
    const id = (item as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    if (typeof id !== 'string' || id === '') return 0;
    const index = records.findIndex((r) => r.record.dynamodb.SequenceNumber === id);
    if (index === -1) return 0;
    if (lowest === undefined || index < lowest) lowest = index;
  }
  return lowest;
}

function isoSeconds(r: ShardRecord): string {
  return new Date(r.record.dynamodb.ApproximateCreationDateTime * 1000).toISOString();
}
