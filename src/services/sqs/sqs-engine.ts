/**
 * The SQS engine: queues (metadata in the store's key-value collections, cached in memory) and
 * their messages (the store's durable queues). The wire operations and the facade both run on
 * it, so a trigger reading a queue sees exactly what a client sees.
 */
import { createHash } from 'node:crypto';
import type { AwsError } from '../../core/errors.js';
import type { Clock, TimerHandle } from '../../core/clock.js';
import { parseArn } from '../../core/ids.js';
import type { Logger } from '../../core/logger.js';
import { isStoreConflict } from '../../store/index.js';
import type { QueueMessage, QueueRedrive, Store } from '../../store/index.js';
import { invalidParameterReason, queueDoesNotExist, sqsError } from './errors.js';
import type { MessageAttributeValue } from './md5.js';
import {
  MAX_VISIBILITY_TIMEOUT_SECONDS,
  applyAttributes,
  defaultAttributes,
  parseRedrivePolicy,
  redriveAllowed,
  type RedrivePolicy,
} from './queue-attributes.js';
import {
  decodeReceiptHandle,
  encodeReceiptHandle,
  type ReceiptHandleParts,
} from './receipt-handle.js';

/** What is stored per queue (JSON in the `queues` collection, keyed by name). */
export interface QueueRecord {
  name: string;
  fifo: boolean;
  /** Epoch ms. */
  createdAt: number;
  lastModifiedAt: number;
  /** Every settable attribute in effect (defaults included), normalised. */
  attributes: Record<string, string>;
  tags: Record<string, string>;
  /** The dedup scope fixed at creation (changing it later is reported but has no effect, as on AWS). */
  dedupScope: 'queue' | 'messageGroup';
  lastPurgeAt?: number;
  /** Set on DeleteQueue: the record stays as a tombstone for the recreate embargo. */
  deletedAt?: number;
}

/** A queue with its attributes parsed once (cached; rebuilt when the record changes). */
export interface ResolvedQueue {
  readonly record: QueueRecord;
  readonly version: number;
  readonly name: string;
  readonly arn: string;
  readonly url: string;
  /** The store queue holding its messages. */
  readonly storeName: string;
  readonly fifo: boolean;
  readonly delaySeconds: number;
  readonly visibilityTimeoutSeconds: number;
  readonly maxMessageSize: number;
  readonly retentionMs: number;
  readonly waitTimeSeconds: number;
  readonly contentBasedDedup: boolean;
  readonly redrive: RedrivePolicy | undefined;
}

/** What the engine keeps with a message besides its body (JSON in the store's `attributes`). */
export interface MessageMeta {
  /** Message attributes. */
  a?: Record<string, MessageAttributeValue>;
  /** MD5OfMessageAttributes of `a`, computed once at send. */
  m?: string;
  /** AWSTraceHeader. */
  t?: string;
  /** MessageGroupId on a standard queue (reported, no ordering effect). */
  g?: string;
  /** The MessageDeduplicationId as sent (FIFO). */
  d?: string;
}

export interface EngineSendInput {
  body: string;
  attributes?: Record<string, MessageAttributeValue> | undefined;
  md5OfAttributes?: string | undefined;
  traceHeader?: string | undefined;
  delaySeconds?: number | undefined;
  groupId?: string | undefined;
  dedupId?: string | undefined;
}

export interface EngineSendResult {
  messageId: string;
  /** FIFO only. */
  sequenceNumber: string | undefined;
  duplicate: boolean;
}

export interface EngineReceiveOptions {
  max: number;
  visibilityTimeoutSeconds?: number | undefined;
  waitTimeSeconds?: number | undefined;
  signal?: AbortSignal | undefined;
}

export interface ReceivedMessage {
  message: QueueMessage;
  receiptHandle: string;
  meta: MessageMeta | undefined;
}

export interface SqsEngineOptions {
  region: string;
  accountId: string;
  awsEndpoint: string;
  clock: Clock;
  logger: Logger;
  store: Store;
  /** Seconds a queue name stays blocked after DeleteQueue (AWS: 60; 0 turns the rule off). */
  recreateDelaySeconds?: number;
  /** Seconds between two PurgeQueue calls (AWS: 60; 0 turns the rule off). */
  purgeIntervalSeconds?: number;
  /** How often expired messages are removed (ms). */
  retentionSweepMs?: number;
}

const CACHE_TTL_MS = 1000;
const SEQUENCE_BASE = 18_000_000_000_000_000_000n;

/** FIFO SequenceNumber: a 20-digit decimal growing with the store's sequence. */
export function sequenceNumber(seq: number): string {
  return (SEQUENCE_BASE + BigInt(seq)).toString();
}

export class SqsEngine {
  readonly region: string;
  readonly accountId: string;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly store: Store;
  readonly #endpoint: string;
  readonly #collection: string;
  readonly #recreateDelayMs: number;
  readonly #purgeIntervalMs: number;
  readonly #sweepMs: number;
  readonly #cache = new Map<string, { queue: ResolvedQueue; at: number }>();
  readonly #listeners = new Map<string, Set<() => void>>();
  readonly #warned = new Set<string>();
  #sweepTimer: TimerHandle | undefined;
  #sweeping = false;
  #stopped = false;

  constructor(options: SqsEngineOptions) {
    this.region = options.region;
    this.accountId = options.accountId;
    this.clock = options.clock;
    this.logger = options.logger;
    this.store = options.store;
    this.#endpoint = options.awsEndpoint.replace(/\/+$/, '');
    this.#collection = `sqs:${options.region}:${options.accountId}:queues`;
    this.#recreateDelayMs = (options.recreateDelaySeconds ?? 60) * 1000;
    this.#purgeIntervalMs = (options.purgeIntervalSeconds ?? 60) * 1000;
    this.#sweepMs = options.retentionSweepMs ?? 5000;
  }

  /** `<awsEndpoint>/<account>/<name>`, as AWS builds queue URLs. */
  queueUrl(name: string): string {
    return `${this.#endpoint}/${this.accountId}/${name}`;
  }

  queueArn(name: string): string {
    return `arn:aws:sqs:${this.region}:${this.accountId}:${name}`;
  }

  // -- queue metadata ----------------------------------------------------------------------------

  async #readRecord(name: string): Promise<{ record: QueueRecord; version: number } | undefined> {
    const entry = await this.store.kv.get(this.#collection, Buffer.from(name, 'utf8'));
    if (entry === undefined) return undefined;
    return {
      record: JSON.parse(entry.value.toString('utf8')) as QueueRecord,
      version: entry.version,
    };
  }

  #resolve(record: QueueRecord, version: number): ResolvedQueue {
    const a = record.attributes;
    const queue: ResolvedQueue = {
      record,
      version,
      name: record.name,
      arn: this.queueArn(record.name),
      url: this.queueUrl(record.name),
      storeName: this.queueArn(record.name),
      fifo: record.fifo,
      delaySeconds: Number(a['DelaySeconds'] ?? 0),
      visibilityTimeoutSeconds: Number(a['VisibilityTimeout'] ?? 30),
      maxMessageSize: Number(a['MaximumMessageSize'] ?? 1_048_576),
      retentionMs: Number(a['MessageRetentionPeriod'] ?? 345_600) * 1000,
      waitTimeSeconds: Number(a['ReceiveMessageWaitTimeSeconds'] ?? 0),
      contentBasedDedup: a['ContentBasedDeduplication'] === 'true',
      redrive: parseRedrivePolicy(a['RedrivePolicy']),
    };
    this.#cache.set(record.name, { queue, at: this.clock.now() });
    return queue;
  }

  /** The live queue named `name`, or undefined. */
  async queue(name: string): Promise<ResolvedQueue | undefined> {
    const cached = this.#cache.get(name);
    if (cached !== undefined && this.clock.now() - cached.at < CACHE_TTL_MS) return cached.queue;
    const found = await this.#readRecord(name);
    if (found === undefined || found.record.deletedAt !== undefined) {
      this.#cache.delete(name);
      return undefined;
    }
    if (cached !== undefined && cached.queue.version === found.version) {
      cached.at = this.clock.now();
      return cached.queue;
    }
    return this.#resolve(found.record, found.version);
  }

  /** The queue an ARN of this account and region names. */
  async queueByArn(arn: string): Promise<ResolvedQueue | undefined> {
    const parts = parseArn(arn);
    if (parts === undefined || parts.service !== 'sqs') return undefined;
    if (parts.region !== this.region || parts.accountId !== this.accountId) return undefined;
    return this.queue(parts.resource);
  }

  /** Finds a queue by ARN, queue URL (any host: only the path counts) or bare name. */
  async queueByRef(ref: string): Promise<ResolvedQueue | undefined> {
    if (ref.startsWith('arn:')) return this.queueByArn(ref);
    const name = this.nameFromUrl(ref);
    return name === undefined ? undefined : this.queue(name);
  }

  /** The queue name a QueueUrl names, or undefined when it names another account. */
  nameFromUrl(ref: string): string | undefined {
    if (!ref.includes('/')) return ref;
    let path = ref;
    const scheme = ref.indexOf('://');
    if (scheme !== -1) {
      const slash = ref.indexOf('/', scheme + 3);
      path = slash === -1 ? '/' : ref.slice(slash);
    }
    const q = path.indexOf('?');
    if (q !== -1) path = path.slice(0, q);
    const segments = path.split('/').filter((s) => s !== '');
    if (segments.length === 1) return decodeURIComponent(segments[0]!);
    if (segments.length !== 2) return undefined;
    if (segments[0] !== this.accountId) return undefined;
    return decodeURIComponent(segments[1]!);
  }

  /** Like `queueByRef`, but a missing queue is AWS's QueueDoesNotExist. */
  async requireQueue(ref: string): Promise<ResolvedQueue> {
    const queue = await this.queueByRef(ref);
    if (queue === undefined) throw queueDoesNotExist();
    return queue;
  }

  /** Every live queue whose name starts with `prefix`, in name order. */
  async listQueues(prefix = ''): Promise<QueueRecord[]> {
    const out: QueueRecord[] = [];
    let after: Buffer | undefined;
    for (;;) {
      const page = await this.store.kv.scan(this.#collection, {
        ...(prefix === '' ? {} : { prefix: Buffer.from(prefix, 'utf8') }),
        ...(after === undefined ? {} : { after }),
        limit: 1000,
      });
      for (const entry of page) {
        const record = JSON.parse(entry.value.toString('utf8')) as QueueRecord;
        if (record.deletedAt === undefined) out.push(record);
      }
      if (page.length < 1000) return out;
      after = page[page.length - 1]!.key;
    }
  }

  /**
   * Creates a queue, or returns the existing one when every given attribute matches it
   * (QueueAlreadyExists naming the first that differs). `attributes` are normalised.
   */
  async createQueue(
    name: string,
    fifo: boolean,
    attributes: Record<string, string>,
    tags: Record<string, string>,
    options: { ignoreRecreateDelay?: boolean } = {},
  ): Promise<{ queue: ResolvedQueue; created: boolean }> {
    for (;;) {
      const existing = await this.#readRecord(name);
      if (existing !== undefined && existing.record.deletedAt === undefined) {
        const current = existing.record.attributes;
        for (const [attr, value] of Object.entries(attributes)) {
          if ((current[attr] ?? '') !== value) {
            throw sqsError(
              'QueueAlreadyExists',
              `A queue already exists with the same name and a different value for attribute ${attr}`,
            );
          }
        }
        if (existing.record.fifo !== fifo) {
          throw sqsError(
            'QueueAlreadyExists',
            'A queue already exists with the same name and a different value for attribute FifoQueue',
          );
        }
        return { queue: this.#resolve(existing.record, existing.version), created: false };
      }
      const now = this.clock.now();
      if (
        existing?.record.deletedAt !== undefined &&
        options.ignoreRecreateDelay !== true &&
        now - existing.record.deletedAt < this.#recreateDelayMs
      ) {
        throw sqsError(
          'AWS.SimpleQueueService.QueueDeletedRecently',
          'You must wait 60 seconds after deleting a queue before you can create another with the same name.',
        );
      }
      const effective = applyAttributes(defaultAttributes(fifo), attributes);
      const record: QueueRecord = {
        name,
        fifo,
        createdAt: now,
        lastModifiedAt: now,
        attributes: effective,
        tags: { ...tags },
        dedupScope: effective['DeduplicationScope'] === 'messageGroup' ? 'messageGroup' : 'queue',
      };
      try {
        const version = await this.store.kv.put(
          this.#collection,
          Buffer.from(name, 'utf8'),
          Buffer.from(JSON.stringify(record), 'utf8'),
          existing === undefined ? { ifAbsent: true } : { ifVersion: existing.version },
        );
        return { queue: this.#resolve(record, version), created: true };
      } catch (e) {
        if (!isStoreConflict(e)) throw e;
      }
    }
  }

  /** Read-modify-write of a live queue's record; retried when another writer wins. */
  async updateQueue(name: string, mutate: (record: QueueRecord) => void): Promise<ResolvedQueue> {
    for (;;) {
      const found = await this.#readRecord(name);
      if (found === undefined || found.record.deletedAt !== undefined) throw queueDoesNotExist();
      const record = structuredClone(found.record);
      mutate(record);
      try {
        const version = await this.store.kv.put(
          this.#collection,
          Buffer.from(name, 'utf8'),
          Buffer.from(JSON.stringify(record), 'utf8'),
          { ifVersion: found.version },
        );
        return this.#resolve(record, version);
      } catch (e) {
        if (!isStoreConflict(e)) throw e;
      }
    }
  }

  /** Changes attributes (already normalised); updates LastModifiedTimestamp. */
  async setAttributes(
    queue: ResolvedQueue,
    changes: Record<string, string>,
  ): Promise<ResolvedQueue> {
    return this.updateQueue(queue.name, (record) => {
      record.attributes = applyAttributes(record.attributes, changes);
      record.lastModifiedAt = this.clock.now();
    });
  }

  /** Deletes the queue and its messages; the name stays blocked for the recreate delay. */
  async deleteQueue(queue: ResolvedQueue): Promise<void> {
    await this.updateQueue(queue.name, (record) => {
      record.deletedAt = this.clock.now();
      record.tags = {};
    });
    this.#cache.delete(queue.name);
    await this.store.queues.purge(queue.storeName);
    this.#listeners.delete(queue.storeName);
  }

  /** PurgeQueue: every message and the dedup history; one purge per interval. */
  async purgeQueue(queue: ResolvedQueue): Promise<void> {
    const now = this.clock.now();
    await this.updateQueue(queue.name, (record) => {
      if (record.lastPurgeAt !== undefined && now - record.lastPurgeAt < this.#purgeIntervalMs) {
        throw sqsError(
          'AWS.SimpleQueueService.PurgeQueueInProgress',
          `Only one PurgeQueue operation on ${queue.name} is allowed every 60 seconds.`,
          403,
        );
      }
      record.lastPurgeAt = now;
    });
    await this.store.queues.purge(queue.storeName);
  }

  // -- messages ----------------------------------------------------------------------------------

  /** Enqueues one validated message. */
  async send(queue: ResolvedQueue, input: EngineSendInput): Promise<EngineSendResult> {
    const meta: MessageMeta = {};
    let hasMeta = false;
    if (input.attributes !== undefined) {
      meta.a = input.attributes;
      if (input.md5OfAttributes !== undefined) meta.m = input.md5OfAttributes;
      hasMeta = true;
    }
    if (input.traceHeader !== undefined) {
      meta.t = input.traceHeader;
      hasMeta = true;
    }
    let dedupKey: string | undefined;
    let groupId: string | undefined;
    if (queue.fifo) {
      groupId = input.groupId;
      const dedupId =
        input.dedupId ??
        (queue.contentBasedDedup
          ? createHash('sha256').update(input.body, 'utf8').digest('hex')
          : undefined);
      if (dedupId !== undefined) {
        meta.d = dedupId;
        hasMeta = true;
        dedupKey =
          queue.record.dedupScope === 'messageGroup' ? `${groupId ?? ''}\n${dedupId}` : dedupId;
      }
    } else if (input.groupId !== undefined) {
      meta.g = input.groupId;
      hasMeta = true;
    }
    // FIFO queues have no per-message delay; the queue's applies (at send time: see index.ts).
    const delaySeconds = queue.fifo
      ? queue.delaySeconds
      : (input.delaySeconds ?? queue.delaySeconds);
    const result = await this.store.queues.send(queue.storeName, {
      body: input.body,
      ...(hasMeta ? { attributes: JSON.stringify(meta) } : {}),
      ...(delaySeconds > 0 ? { delayMs: delaySeconds * 1000 } : {}),
      ...(groupId !== undefined ? { groupId } : {}),
      ...(dedupKey !== undefined ? { dedupId: dedupKey } : {}),
    });
    if (!result.duplicate) this.#notify(queue.storeName);
    return {
      messageId: result.messageId,
      sequenceNumber: queue.fifo ? sequenceNumber(result.seq) : undefined,
      duplicate: result.duplicate,
    };
  }

  /** The store's redrive settings for a queue, when its dead-letter queue can take messages. */
  async #redriveFor(queue: ResolvedQueue): Promise<QueueRedrive | undefined> {
    const policy = queue.redrive;
    if (policy === undefined) return undefined;
    const dlq = await this.queueByArn(policy.deadLetterTargetArn);
    let problem: string | undefined;
    if (dlq === undefined) problem = 'does not exist';
    else if (dlq.fifo !== queue.fifo) problem = 'is not the same queue type';
    else if (!redriveAllowed(dlq.record.attributes['RedriveAllowPolicy'], queue.arn)) {
      problem = 'does not allow this queue in its RedriveAllowPolicy';
    }
    if (problem !== undefined || dlq === undefined) {
      const key = `${queue.name}->${policy.deadLetterTargetArn}`;
      if (!this.#warned.has(key)) {
        this.#warned.add(key);
        this.logger.warn(
          `queue ${queue.name}: dead-letter queue ${policy.deadLetterTargetArn} ${problem ?? ''}; messages stay in the source queue`,
        );
      }
      return undefined;
    }
    return {
      maxReceiveCount: policy.maxReceiveCount,
      deadLetterQueue: dlq.storeName,
      ...(queue.fifo ? { resetEnqueuedAt: true, dedupIdFromMessageId: true } : {}),
    };
  }

  /** Receives up to `max` messages (long polling when a wait applies). */
  async receive(queue: ResolvedQueue, options: EngineReceiveOptions): Promise<ReceivedMessage[]> {
    const redrive = await this.#redriveFor(queue);
    const visibilitySeconds = options.visibilityTimeoutSeconds ?? queue.visibilityTimeoutSeconds;
    const waitSeconds = options.waitTimeSeconds ?? queue.waitTimeSeconds;
    // The store keeps filling the batch after a redrive move, so one (long-polling) receive
    // also delivers what a move unblocks.
    const messages = await this.store.queues.receive(queue.storeName, {
      max: options.max,
      visibilityTimeoutMs: visibilitySeconds * 1000,
      ...(options.signal !== undefined ? { signal: options.signal } : {}),
      ...(waitSeconds > 0 ? { waitMs: waitSeconds * 1000 } : {}),
      ...(redrive !== undefined ? { redrive } : {}),
    });
    if (messages.length === 0) return [];
    const receivedAt = this.clock.now();
    const expiredBefore = receivedAt - queue.retentionMs;
    const out: ReceivedMessage[] = [];
    for (const message of messages) {
      // Past retention but not yet swept: gone, as on AWS.
      if (message.enqueuedAt <= expiredBefore) {
        await this.store.queues.delete(queue.storeName, message.receiptHandle);
        continue;
      }
      out.push({
        message,
        receiptHandle: encodeReceiptHandle({
          queueName: queue.name,
          seq: message.seq,
          receivedAt,
          storeHandle: message.receiptHandle,
        }),
        meta:
          message.attributes === undefined
            ? undefined
            : (JSON.parse(message.attributes) as MessageMeta),
      });
    }
    return out;
  }

  /** Decodes a handle of this queue; ReceiptHandleIsInvalid otherwise. */
  #handle(queue: ResolvedQueue, handle: string): ReceiptHandleParts {
    const parts = decodeReceiptHandle(handle);
    if (parts === undefined) {
      throw sqsError(
        'ReceiptHandleIsInvalid',
        `The input receipt handle "${handle}" is not a valid receipt handle.`,
        404,
      );
    }
    if (parts.queueName !== queue.name) {
      throw sqsError(
        'ReceiptHandleIsInvalid',
        `The receipt handle "${handle}" is not valid for this queue.`,
        404,
      );
    }
    return parts;
  }

  /** True while the message a handle names is still in the queue (under any handle). */
  async #stillQueued(queue: ResolvedQueue, parts: ReceiptHandleParts): Promise<boolean> {
    const [first] = await this.store.queues.peek(queue.storeName, {
      afterSeq: parts.seq - 1,
      limit: 1,
    });
    return first !== undefined && first.seq === parts.seq;
  }

  #expired(handle: string): AwsError {
    return invalidParameterReason(handle, 'ReceiptHandle', 'The receipt handle has expired.');
  }

  /**
   * DeleteMessage. Standard queues accept any handle issued for the message (deleting it if the
   * handle is still its latest) and succeed for deleted messages; FIFO queues reject a handle
   * whose visibility timeout has expired or that a newer receive superseded.
   */
  async deleteMessage(queue: ResolvedQueue, handle: string): Promise<void> {
    const parts = this.#handle(queue, handle);
    if (!queue.fifo) {
      await this.store.queues.delete(queue.storeName, parts.storeHandle);
      return;
    }
    const outcome = await this.store.transaction(async (tx) => {
      // changeVisibility tells in-flight from expired without a read primitive; the delete
      // that follows in the same transaction makes the temporary deadline irrelevant.
      const r = await tx.queues.changeVisibility(queue.storeName, parts.storeHandle, 1000);
      if (r === 'ok') await tx.queues.delete(queue.storeName, parts.storeHandle);
      return r;
    });
    if (outcome === 'ok') return;
    if (outcome === 'not-in-flight' || (await this.#stillQueued(queue, parts)))
      throw this.#expired(handle);
  }

  /** ChangeMessageVisibility: a new deadline from now, capped at 12 h after the receive. */
  async changeVisibility(
    queue: ResolvedQueue,
    handle: string,
    timeoutSeconds: number,
  ): Promise<void> {
    const parts = this.#handle(queue, handle);
    const now = this.clock.now();
    if (now + timeoutSeconds * 1000 - parts.receivedAt > MAX_VISIBILITY_TIMEOUT_SECONDS * 1000) {
      throw invalidParameterReason(
        timeoutSeconds,
        'VisibilityTimeout',
        `Total VisibilityTimeout for the message is beyond the limit [${MAX_VISIBILITY_TIMEOUT_SECONDS} seconds]`,
      );
    }
    // Standard queues take any handle issued for the message, expired or superseded, and apply
    // the change to its current receive; FIFO queues reject such handles.
    const r = await this.store.queues.changeVisibility(
      queue.storeName,
      parts.storeHandle,
      timeoutSeconds * 1000,
      queue.fifo ? {} : { staleHandle: 'apply' },
    );
    if (r === 'ok') return;
    if (r === 'not-in-flight' || (queue.fifo && (await this.#stillQueued(queue, parts)))) {
      throw this.#expired(handle);
    }
    throw invalidParameterReason(
      handle,
      'ReceiptHandle',
      'Message does not exist or is not available for visibility timeout change.',
    );
  }

  /** Approximate counts: available, in flight, delayed. */
  stats(queue: ResolvedQueue): ReturnType<Store['queues']['stats']> {
    return this.store.queues.stats(queue.storeName);
  }

  // -- wake-ups and housekeeping -----------------------------------------------------------------

  /** Calls `listener` after each message sent to the queue through this node; returns an unsubscribe. */
  onMessage(queue: ResolvedQueue, listener: () => void): () => void {
    let set = this.#listeners.get(queue.storeName);
    if (set === undefined) {
      set = new Set();
      this.#listeners.set(queue.storeName, set);
    }
    set.add(listener);
    return () => {
      this.#listeners.get(queue.storeName)?.delete(listener);
    };
  }

  #notify(storeName: string): void {
    const set = this.#listeners.get(storeName);
    if (set === undefined || set.size === 0) return;
    queueMicrotask(() => {
      for (const listener of set) {
        try {
          listener();
        } catch (e) {
          this.logger.error('sqs: onMessage listener failed', e);
        }
      }
    });
  }

  /** Starts the retention sweep. */
  start(): void {
    this.#stopped = false;
    this.#scheduleSweep();
  }

  stop(): void {
    this.#stopped = true;
    this.#sweepTimer?.cancel();
    this.#sweepTimer = undefined;
  }

  #scheduleSweep(): void {
    if (this.#stopped) return;
    this.#sweepTimer = this.clock.setTimeout(() => {
      void this.sweepExpired().finally(() => this.#scheduleSweep());
    }, this.#sweepMs);
  }

  /** Removes messages older than their queue's MessageRetentionPeriod. */
  async sweepExpired(): Promise<number> {
    if (this.#sweeping) return 0;
    this.#sweeping = true;
    let removed = 0;
    try {
      const now = this.clock.now();
      for (const record of await this.listQueues()) {
        const retentionMs = Number(record.attributes['MessageRetentionPeriod'] ?? 345_600) * 1000;
        removed += await this.store.queues.purge(this.queueArn(record.name), {
          enqueuedBefore: now - retentionMs + 1,
        });
      }
    } catch (e) {
      if (!this.#stopped) this.logger.warn(`sqs: retention sweep failed: ${(e as Error).message}`);
    } finally {
      this.#sweeping = false;
    }
    return removed;
  }
}
