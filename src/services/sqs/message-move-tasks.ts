/**
 * Message move tasks (DLQ redrive: StartMessageMoveTask / ListMessageMoveTasks /
 * CancelMessageMoveTask). A task receives from the dead-letter queue and, per message, sends a
 * new message (new id, new enqueue time) to the destination and deletes the original in one
 * store transaction. Task records are durable; a RUNNING task resumes when Stratus starts.
 */
import { randomUUID } from 'node:crypto';
import { isStoreConflict } from '../../store/index.js';
import { invalidParameterValue, sqsError } from './errors.js';
import { parseRedrivePolicy } from './queue-attributes.js';
import type { SqsEngine } from './sqs-engine.js';

export type MoveTaskStatus = 'RUNNING' | 'COMPLETED' | 'CANCELLING' | 'CANCELLED' | 'FAILED';

export interface MoveTaskRecord {
  taskId: string;
  sourceArn: string;
  destinationArn?: string;
  maxNumberOfMessagesPerSecond?: number;
  status: MoveTaskStatus;
  moved: number;
  toMove: number;
  /** Epoch ms. */
  startedAt: number;
  failureReason?: string;
}

const BATCH = 10;
const IN_FLIGHT_MS = 30_000;
const MAX_RATE = 500;

function notFound(member: 'SourceArn' | 'DestinationArn'): ReturnType<typeof sqsError> {
  return sqsError(
    'ResourceNotFoundException',
    `The resource that you specified for the ${member} parameter doesn't exist.`,
    404,
  );
}

/** A task's store key; newest first within a source (the key sorts by inverted start time). */
function taskKey(record: Pick<MoveTaskRecord, 'sourceArn' | 'startedAt' | 'taskId'>): Buffer {
  const inverted = String(9_999_999_999_999 - record.startedAt).padStart(13, '0');
  return Buffer.from(`${record.sourceArn}\n${inverted}\n${record.taskId}`, 'utf8');
}

/** The opaque TaskHandle of a task (it encodes the task's key, so Cancel can find it). */
export function moveTaskHandle(
  record: Pick<MoveTaskRecord, 'sourceArn' | 'startedAt' | 'taskId'>,
): string {
  return taskKey(record).toString('base64url');
}

export class MessageMoveTasks {
  readonly #engine: SqsEngine;
  readonly #collection: string;
  readonly #running = new Set<string>();
  #stopped = false;

  constructor(engine: SqsEngine) {
    this.#engine = engine;
    this.#collection = `sqs:${engine.region}:${engine.accountId}:move-tasks`;
  }

  #key(record: Pick<MoveTaskRecord, 'sourceArn' | 'startedAt' | 'taskId'>): Buffer {
    return taskKey(record);
  }

  /** StartMessageMoveTask. */
  async start(
    sourceArn: string,
    destinationArn: string | undefined,
    rate: number | undefined,
  ): Promise<string> {
    const engine = this.#engine;
    const source = await engine.queueByArn(sourceArn);
    if (source === undefined) throw notFound('SourceArn');
    if (destinationArn !== undefined && (await engine.queueByArn(destinationArn)) === undefined) {
      throw notFound('DestinationArn');
    }
    if (rate !== undefined && (rate < 1 || rate > MAX_RATE)) {
      throw invalidParameterValue(
        `Value ${rate} for parameter MaxNumberOfMessagesPerSecond is invalid. Reason: Must be between 1 and ${MAX_RATE}.`,
      );
    }
    const isDlq = (await engine.listQueues()).some(
      (r) => parseRedrivePolicy(r.attributes['RedrivePolicy'])?.deadLetterTargetArn === sourceArn,
    );
    if (!isDlq)
      throw invalidParameterValue('Source queue must be configured as a Dead Letter Queue.');
    if (
      (await this.list(sourceArn, 10)).some(
        (t) => t.status === 'RUNNING' || t.status === 'CANCELLING',
      )
    ) {
      throw invalidParameterValue(
        'There is already a task running. Only one active task is allowed for a source queue arn at a given time.',
      );
    }
    const stats = await engine.stats(source);
    const record: MoveTaskRecord = {
      taskId: randomUUID(),
      sourceArn,
      ...(destinationArn !== undefined ? { destinationArn } : {}),
      ...(rate !== undefined ? { maxNumberOfMessagesPerSecond: rate } : {}),
      status: 'RUNNING',
      moved: 0,
      toMove: stats.visible,
      startedAt: engine.clock.now(),
    };
    const key = this.#key(record);
    await engine.store.kv.put(this.#collection, key, Buffer.from(JSON.stringify(record), 'utf8'), {
      ifAbsent: true,
    });
    this.#run(key);
    return key.toString('base64url');
  }

  /** ListMessageMoveTasks: most recent first. */
  async list(sourceArn: string, maxResults: number): Promise<MoveTaskRecord[]> {
    const entries = await this.#engine.store.kv.scan(this.#collection, {
      prefix: Buffer.from(`${sourceArn}\n`, 'utf8'),
      limit: maxResults,
    });
    return entries.map((e) => JSON.parse(e.value.toString('utf8')) as MoveTaskRecord);
  }

  /** CancelMessageMoveTask: returns how many messages were moved. */
  async cancel(handle: string): Promise<number> {
    let key: Buffer;
    try {
      key = Buffer.from(handle, 'base64url');
    } catch {
      throw invalidParameterValue('Value for parameter TaskHandle is invalid.');
    }
    if (key.length === 0 || key.toString('utf8').split('\n').length !== 3) {
      throw invalidParameterValue('Value for parameter TaskHandle is invalid.');
    }
    for (;;) {
      const entry = await this.#engine.store.kv.get(this.#collection, key);
      if (entry === undefined)
        throw sqsError('ResourceNotFoundException', 'Task does not exist.', 404);
      const record = JSON.parse(entry.value.toString('utf8')) as MoveTaskRecord;
      if (record.status !== 'RUNNING') {
        throw invalidParameterValue('Only active tasks can be cancelled.');
      }
      record.status = 'CANCELLED';
      try {
        await this.#engine.store.kv.put(
          this.#collection,
          key,
          Buffer.from(JSON.stringify(record), 'utf8'),
          {
            ifVersion: entry.version,
          },
        );
        return record.moved;
      } catch (e) {
        if (!isStoreConflict(e)) throw e;
      }
    }
  }

  /** Resumes tasks left RUNNING by a previous run. */
  async resume(): Promise<void> {
    this.#stopped = false;
    const entries = await this.#engine.store.kv.scan(this.#collection, { limit: 1000 });
    for (const e of entries) {
      const record = JSON.parse(e.value.toString('utf8')) as MoveTaskRecord;
      if (record.status === 'RUNNING') this.#run(e.key);
    }
  }

  stop(): void {
    this.#stopped = true;
  }

  #run(key: Buffer): void {
    const id = key.toString('base64url');
    if (this.#running.has(id)) return;
    this.#running.add(id);
    void this.#loop(key)
      .catch((e: unknown) => {
        if (!this.#stopped) this.#engine.logger.error('sqs: message move task failed', e);
      })
      .finally(() => this.#running.delete(id));
  }

  /** Updates the record unless the task stopped running; returns false when it did. */
  async #update(
    key: Buffer,
    change: (r: MoveTaskRecord) => void,
  ): Promise<MoveTaskRecord | undefined> {
    for (;;) {
      const entry = await this.#engine.store.kv.get(this.#collection, key);
      if (entry === undefined) return undefined;
      const record = JSON.parse(entry.value.toString('utf8')) as MoveTaskRecord;
      if (record.status !== 'RUNNING') return undefined;
      change(record);
      try {
        await this.#engine.store.kv.put(
          this.#collection,
          key,
          Buffer.from(JSON.stringify(record), 'utf8'),
          {
            ifVersion: entry.version,
          },
        );
        return record;
      } catch (e) {
        if (!isStoreConflict(e)) throw e;
      }
    }
  }

  async #loop(key: Buffer): Promise<void> {
    const engine = this.#engine;
    for (;;) {
      if (this.#stopped) return;
      const state = await this.#update(key, () => undefined);
      if (state === undefined) return;
      const source = await engine.queueByArn(state.sourceArn);
      if (source === undefined) {
        await this.#update(key, (r) => {
          r.status = 'FAILED';
          r.failureReason = 'AWS.SimpleQueueService.NonExistentQueue';
        });
        return;
      }
      const rate = state.maxNumberOfMessagesPerSecond;
      const batch = await engine.store.queues.receive(source.storeName, {
        max: rate === undefined ? BATCH : Math.min(BATCH, rate),
        visibilityTimeoutMs: IN_FLIGHT_MS,
      });
      if (batch.length === 0) {
        await this.#update(key, (r) => {
          r.status = 'COMPLETED';
        });
        return;
      }
      let moved = 0;
      for (const m of batch) {
        const targetArn = state.destinationArn ?? m.movedFrom;
        const target = targetArn === undefined ? undefined : await engine.queueByArn(targetArn);
        if (target === undefined) {
          if (state.destinationArn !== undefined) {
            await this.#update(key, (r) => {
              r.status = 'FAILED';
              r.failureReason = 'AWS.SimpleQueueService.NonExistentQueue';
              r.moved += moved;
            });
            return;
          }
          // No source to return to: the message stays in the dead-letter queue.
          await engine.store.queues.changeVisibility(source.storeName, m.receiptHandle, 0);
          continue;
        }
        await engine.store.transaction(async (tx) => {
          await tx.queues.send(target.storeName, {
            body: m.body,
            ...(m.attributes !== undefined ? { attributes: m.attributes } : {}),
            ...(target.fifo ? { groupId: m.groupId ?? m.messageId, dedupId: m.messageId } : {}),
          });
          await tx.queues.delete(source.storeName, m.receiptHandle);
        });
        moved += 1;
      }
      const after = await this.#update(key, (r) => {
        r.moved += moved;
      });
      if (after === undefined) return;
      if (moved === 0) {
        await this.#update(key, (r) => {
          r.status = 'COMPLETED';
        });
        return;
      }
      if (rate === undefined) {
        // Unthrottled: just let other work run between batches.
        await new Promise<void>((resolve) => setImmediate(resolve));
      } else {
        const pauseMs = Math.ceil((moved / rate) * 1000);
        await new Promise<void>((resolve) => engine.clock.setTimeout(resolve, pauseMs));
      }
    }
  }
}
