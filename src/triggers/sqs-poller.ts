/**
 * The SQS → Lambda event source mapping (lambda.md §5.2, §6.3): pollers receive batches from the
 * queue through the SQS service's facade, drop (delete) messages the filter rejects, invoke the
 * function synchronously, and then:
 * - success → delete the batch; with `ReportBatchItemFailures`, delete all but the reported
 *   items (an invalid response fails the whole batch);
 * - function error, timeout, throttle → delete nothing: the messages come back after the queue's
 *   visibility timeout with a higher receive count, and the queue's redrive policy moves them to
 *   its DLQ past maxReceiveCount.
 * Several pollers run per mapping (ScalingConfig.MaximumConcurrency caps them); FIFO order per
 * message group comes from the queue, which keeps one batch per group in flight.
 */
import type { EventSourceMappingModel } from '../core/app-model.js';
import type { Clock } from '../core/clock.js';
import { AwsError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type {
  MessageAttributeValue,
  SqsFacade,
  SqsQueueInfo,
  SqsReceivedMessage,
} from '../services/sqs/index.js';
import type { FunctionInvoker } from '../functions/types.js';
import type { RecordFilter } from './record-filter.js';

/** Pollers per mapping unless ScalingConfig.MaximumConcurrency says fewer (Lambda starts with 5). */
const DEFAULT_POLLERS = 5;
/** SQS's longest long poll. */
const LONG_POLL_SECONDS = 20;
/** Lambda's invocation payload limit bounds a batch. */
const MAX_BATCH_PAYLOAD_BYTES = 6 * 1024 * 1024;
/** Pause after a throttle or a failed receive before the poller tries again. */
const BACKOFF_MS = 1000;

/** The system attributes Lambda puts in an SQS record. */
const RECORD_ATTRIBUTES = [
  'ApproximateReceiveCount',
  'SentTimestamp',
  'SenderId',
  'ApproximateFirstReceiveTimestamp',
  'AWSTraceHeader',
  'SequenceNumber',
  'MessageGroupId',
  'MessageDeduplicationId',
  'DeadLetterQueueSourceArn',
] as const;

export interface SqsPollerOptions {
  mapping: EventSourceMappingModel;
  sqs: SqsFacade;
  invoker: FunctionInvoker;
  filter: RecordFilter | undefined;
  clock: Clock;
  logger: Logger;
  region: string;
}

/** Runs one SQS event source mapping. */
export class SqsPoller {
  readonly #options: SqsPollerOptions;
  readonly #abort = new AbortController();
  readonly #loops: Promise<void>[] = [];

  constructor(options: SqsPollerOptions) {
    this.#options = options;
  }

  /** Starts the pollers once the queue exists; warns (as AWS would refuse) about a bad setup. */
  async start(): Promise<void> {
    const { mapping, sqs, logger } = this.#options;
    const queue = await sqs.getQueue(mapping.eventSourceArn);
    if (queue === undefined) {
      logger.warn(
        `event source mapping ${mapping.logicalId}: queue ${mapping.eventSourceArn} does not exist; not polling`,
      );
      return;
    }
    const pollers = Math.min(mapping.maximumConcurrency ?? DEFAULT_POLLERS, DEFAULT_POLLERS);
    for (let i = 0; i < pollers; i++) this.#loops.push(this.#loop(queue));
  }

  /** Stops polling; the batch in flight finishes (its messages reappear if it cannot). */
  async stop(): Promise<void> {
    this.#abort.abort();
    await Promise.allSettled(this.#loops);
  }

  async #loop(queue: SqsQueueInfo): Promise<void> {
    const signal = this.#abort.signal;
    while (!signal.aborted) {
      let batch: SqsReceivedMessage[];
      try {
        batch = await this.#receiveBatch(queue, signal);
      } catch (e) {
        if (signal.aborted) return;
        this.#options.logger.warn(
          `SQS poller for ${queue.name}: ${(e as Error).message}; retrying`,
        );
        await pause(BACKOFF_MS);
        continue;
      }
      if (batch.length === 0) continue;
      try {
        await this.#process(queue, batch);
      } catch (e) {
        this.#options.logger.error(
          `SQS poller for ${queue.name}: batch not processed; it will reappear`,
          e,
        );
        await pause(BACKOFF_MS);
      }
    }
  }

  /** Up to BatchSize messages: the first long-polled, more within the batching window. */
  async #receiveBatch(queue: SqsQueueInfo, signal: AbortSignal): Promise<SqsReceivedMessage[]> {
    const { mapping, sqs, clock } = this.#options;
    const batchSize = mapping.batchSize ?? 10;
    const windowMs = (mapping.maximumBatchingWindowInSeconds ?? 0) * 1000;
    const batch = await sqs.receive(queue.arn, {
      maxNumberOfMessages: Math.min(10, batchSize),
      waitTimeSeconds: LONG_POLL_SECONDS,
      signal,
    });
    if (batch.length === 0 || windowMs === 0 || queue.fifo) return batch;
    const deadline = clock.now() + windowMs;
    let bytes = batch.reduce((n, m) => n + m.body.length, 0);
    while (batch.length < batchSize && bytes < MAX_BATCH_PAYLOAD_BYTES && !signal.aborted) {
      const left = deadline - clock.now();
      if (left <= 0) break;
      const more = await sqs.receive(queue.arn, {
        maxNumberOfMessages: Math.min(10, batchSize - batch.length),
        waitTimeSeconds: Math.min(LONG_POLL_SECONDS, Math.ceil(left / 1000)),
        signal,
      });
      for (const m of more) bytes += m.body.length;
      batch.push(...more);
    }
    return batch;
  }

  async #process(queue: SqsQueueInfo, batch: SqsReceivedMessage[]): Promise<void> {
    const { mapping, sqs, invoker, filter, logger } = this.#options;
    const records = batch.map((m) => this.#record(queue, m));
    // Messages the filter rejects never reach the function and are deleted (lambda.md §5.2).
    const kept: SqsReceivedMessage[] = [];
    const keptRecords: Record<string, unknown>[] = [];
    for (let i = 0; i < batch.length; i++) {
      if (filter === undefined || filter(records[i]!)) {
        kept.push(batch[i]!);
        keptRecords.push(records[i]!);
      } else {
        await sqs.deleteMessage(queue.arn, batch[i]!.receiptHandle);
      }
    }
    if (kept.length === 0) return;

    let result;
    try {
      result = await invoker.invoke({
        functionName: mapping.functionName,
        payload: Buffer.from(JSON.stringify({ Records: keptRecords })),
        invocationType: 'RequestResponse',
      });
    } catch (e) {
      // Throttled or refused: the batch stays in the queue and comes back after its visibility timeout.
      const reason = e instanceof AwsError ? e.code : (e as Error).message;
      logger.debug(
        `SQS poller for ${queue.name}: invoke of ${mapping.functionName} failed (${reason})`,
      );
      await pause(BACKOFF_MS);
      return;
    }
    if (result.functionError !== undefined) return;
    const failed = this.#failedItems(result.payload, kept);
    if (failed === 'all') return;
    for (const message of kept) {
      if (!failed.has(message.messageId)) await sqs.deleteMessage(queue.arn, message.receiptHandle);
    }
  }

  /**
   * The message ids a partial batch response reports, or `all` when the response is invalid
   * (which fails the whole batch). Without ReportBatchItemFailures every message succeeded.
   */
  #failedItems(payload: Buffer, batch: SqsReceivedMessage[]): Set<string> | 'all' {
    if (!this.#options.mapping.functionResponseTypes.includes('ReportBatchItemFailures'))
      return new Set();
    let response: unknown;
    try {
      response = JSON.parse(payload.toString('utf8'));
    } catch {
      return 'all';
    }
    if (response === null || response === undefined || response === '') return new Set();
    if (typeof response !== 'object' || Array.isArray(response)) return 'all';
    const items = (response as { batchItemFailures?: unknown }).batchItemFailures;
    if (items === null || items === undefined) return new Set();
    if (!Array.isArray(items)) return 'all';
    const ids = new Set(batch.map((m) => m.messageId));
    const failed = new Set<string>();
    for (const item of items) {
      const id = (item as { itemIdentifier?: unknown } | null)?.itemIdentifier;
      if (typeof id !== 'string' || id === '' || !ids.has(id)) return 'all';
      failed.add(id);
    }
    return failed;
  }

  #record(queue: SqsQueueInfo, m: SqsReceivedMessage): Record<string, unknown> {
    const attributes: Record<string, string> = {};
    for (const name of RECORD_ATTRIBUTES) {
      const value = m.attributes[name];
      if (value !== undefined) attributes[name] = value;
    }
    const messageAttributes: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(m.messageAttributes)) {
      messageAttributes[name] = lambdaMessageAttribute(value);
    }
    const record: Record<string, unknown> = {
      messageId: m.messageId,
      receiptHandle: m.receiptHandle,
      body: m.body,
      attributes,
      messageAttributes,
      md5OfBody: m.md5OfBody,
      eventSource: 'aws:sqs',
      eventSourceARN: queue.arn,
      awsRegion: this.#options.region,
    };
    if (m.md5OfMessageAttributes !== undefined)
      record['md5OfMessageAttributes'] = m.md5OfMessageAttributes;
    return record;
  }
}

/** Lambda's camel-cased form of a message attribute (`stringValue`, `dataType`, list fields). */
function lambdaMessageAttribute(value: MessageAttributeValue): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (value.StringValue !== undefined) out['stringValue'] = value.StringValue;
  if (value.BinaryValue !== undefined) out['binaryValue'] = value.BinaryValue;
  out['stringListValues'] = value.StringListValues ?? [];
  out['binaryListValues'] = value.BinaryListValues ?? [];
  out['dataType'] = value.DataType;
  return out;
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
