/**
 * The delivery side of the fan-out pipeline (§12.1): consumes the durable delivery queue that
 * Publish and Subscribe fill, delivers each job to its subscriber, and on failure either retries
 * it later (re-queued with the retry policy's delay, timed by the store's clock) or sends it to
 * the subscription's dead-letter queue. A job leaves the queue only once it is done, so nothing
 * accepted is lost on a crash (delivery is at-least-once, as on AWS).
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../core/clock.js';
import { AwsError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { QueueMessage, Store } from '../../store/index.js';
import { retryDelaySeconds, DEFAULT_CONTENT_TYPE } from './delivery-policy.js';
import { decodeJob, encodeJob, type DeliveryJob } from './delivery-job.js';
import { envelope, lambdaEvent, type EnvelopeContext } from './envelope.js';
import { postToEndpoint } from './http-delivery.js';
import type { OutboxMessage, SnsState } from './sns-state.js';
import type { SnsMessageSender, SnsQueueMessage, SnsTargets } from './targets.js';
import { parseSubscriptionArn } from './arns.js';

type Outcome = 'delivered' | 'client-error' | 'retry';

export interface DeliveryWorkerOptions {
  store: Store;
  state: SnsState;
  clock: Clock;
  logger: Logger;
  targets: SnsTargets;
  sender: SnsMessageSender;
  envelope: EnvelopeContext;
  region: string;
  accountId: string;
  /** Parallel consumers (default 4). */
  concurrency?: number;
  httpTimeoutMs?: number;
  /** Accept self-signed HTTPS endpoints when false (default true). */
  httpsRejectUnauthorized?: boolean;
}

/** A job stays invisible this long while one attempt runs (several HTTP timeouts). */
const IN_FLIGHT_MS = 120_000;
const WAIT_MS = 20_000;
const BATCH = 5;

export class DeliveryWorker {
  readonly #o: DeliveryWorkerOptions;
  #abort = new AbortController();
  #loops: Promise<void>[] = [];

  constructor(options: DeliveryWorkerOptions) {
    this.#o = options;
  }

  start(): void {
    if (this.#loops.length > 0) return;
    this.#abort = new AbortController();
    const n = this.#o.concurrency ?? 4;
    for (let i = 0; i < n; i++) this.#loops.push(this.#loop(this.#abort.signal));
  }

  async stop(): Promise<void> {
    this.#abort.abort();
    await Promise.all(this.#loops);
    this.#loops = [];
  }

  async #loop(signal: AbortSignal): Promise<void> {
    const queue = this.#o.state.deliveryQueue;
    while (!signal.aborted) {
      let batch: QueueMessage[];
      try {
        batch = await this.#o.store.queues.receive(queue, {
          max: BATCH,
          visibilityTimeoutMs: IN_FLIGHT_MS,
          waitMs: WAIT_MS,
          signal,
        });
      } catch (e) {
        if (signal.aborted) return;
        this.#o.logger.error('sns: reading the delivery queue failed', e);
        await this.#pause(1000, signal);
        continue;
      }
      if (batch.length === 0) continue;
      // Jobs of one FIFO group arrive in order and are delivered one after another.
      const groups = new Map<string, QueueMessage[]>();
      for (const m of batch) {
        const key = m.groupId ?? m.messageId;
        const list = groups.get(key);
        if (list === undefined) groups.set(key, [m]);
        else list.push(m);
      }
      await Promise.all(
        [...groups.values()].map(async (messages) => {
          for (const m of messages) await this.#process(m);
        }),
      );
    }
  }

  #pause(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const t = this.#o.clock.setTimeout(resolve, ms);
      signal.addEventListener(
        'abort',
        () => {
          t.cancel();
          resolve();
        },
        { once: true },
      );
    });
  }

  async #process(m: QueueMessage): Promise<void> {
    const queue = this.#o.state.deliveryQueue;
    let job: DeliveryJob;
    try {
      job = decodeJob(m.body);
    } catch (e) {
      this.#o.logger.error('sns: dropping an unreadable delivery job', e);
      await this.#o.store.queues.delete(queue, m.receiptHandle);
      return;
    }
    try {
      const outcome = await this.#deliver(job);
      if (outcome === 'delivered') {
        await this.#o.store.queues.delete(queue, m.receiptHandle);
        return;
      }
      const delay = outcome === 'retry' ? retryDelaySeconds(job.retry, job.retries) : undefined;
      if (delay === undefined) {
        await this.#deadLetter(job, outcome);
        await this.#o.store.queues.delete(queue, m.receiptHandle);
        return;
      }
      const next: DeliveryJob = { ...job, retries: job.retries + 1 };
      await this.#o.store.transaction(async (tx) => {
        await tx.queues.send(queue, {
          body: encodeJob(next),
          delayMs: Math.round(delay * 1000),
          ...(m.groupId !== undefined ? { groupId: m.groupId } : {}),
        });
        await tx.queues.delete(queue, m.receiptHandle);
      });
    } catch (e) {
      // Left in the queue: it becomes visible again after IN_FLIGHT_MS and is retried.
      this.#o.logger.error(`sns: delivery of ${job.messageId} to ${job.endpoint} failed`, e);
    }
  }

  /** True when the job's subscription is gone (a deleted subscription gets nothing more). */
  async #subscriptionGone(job: DeliveryJob): Promise<boolean> {
    if (job.subscriptionArn === undefined) return false;
    const ref = parseSubscriptionArn(this.#o, job.subscriptionArn);
    return (await this.#o.state.getSubscription(ref.topicName, ref.id)) === undefined;
  }

  async #deliver(job: DeliveryJob): Promise<Outcome> {
    if (await this.#subscriptionGone(job)) return 'delivered';
    await this.#o.envelope.signer.ready();
    try {
      switch (job.protocol) {
        case 'sqs':
          await this.#o.targets.sendToQueue(job.endpoint, this.#queueMessage(job));
          return 'delivered';
        case 'lambda':
          await this.#o.targets.invokeFunction(
            job.endpoint,
            Buffer.from(lambdaEvent(job, this.#o.envelope), 'utf8'),
          );
          return 'delivered';
        case 'http':
        case 'https':
          return await this.#http(job);
        default:
          await this.#o.sender.send(this.#outboxMessage(job));
          return 'delivered';
      }
    } catch (e) {
      if (e instanceof AwsError && e.status >= 400 && e.status < 500 && e.status !== 429) {
        this.#o.logger.warn(
          `sns: ${job.protocol} delivery of ${job.messageId} to ${job.endpoint} refused: ${e.code}: ${e.message}`,
        );
        return 'client-error';
      }
      this.#o.logger.warn(
        `sns: ${job.protocol} delivery of ${job.messageId} to ${job.endpoint} failed (retry ${job.retries + 1}): ${(e as Error).message}`,
      );
      return 'retry';
    }
  }

  #queueMessage(job: DeliveryJob): SnsQueueMessage {
    const fifoQueue = job.endpoint.endsWith('.fifo');
    const msg: SnsQueueMessage = job.raw
      ? {
          body: job.message,
          ...(job.attributes && Object.keys(job.attributes).length > 0
            ? { attributes: job.attributes }
            : {}),
        }
      : { body: envelope(job, this.#o.envelope) };
    if (job.fifo && fifoQueue) {
      if (job.groupId !== undefined) msg.groupId = job.groupId;
      if (job.dedupId !== undefined) msg.dedupId = job.dedupId;
    }
    if (job.traceHeader !== undefined) msg.traceHeader = job.traceHeader;
    return msg;
  }

  async #http(job: DeliveryJob): Promise<Outcome> {
    const notification = job.kind === 'Notification';
    const headers: Record<string, string> = {
      'x-amz-sns-message-type': job.kind,
      'x-amz-sns-message-id': job.messageId,
      'x-amz-sns-topic-arn': job.topicArn,
      'content-type': notification
        ? (job.contentType ?? DEFAULT_CONTENT_TYPE)
        : DEFAULT_CONTENT_TYPE,
      'user-agent': 'Amazon Simple Notification Service Agent',
      'accept-encoding': 'gzip,deflate',
    };
    if (job.kind !== 'SubscriptionConfirmation' && job.subscriptionArn !== undefined) {
      headers['x-amz-sns-subscription-arn'] = job.subscriptionArn;
    }
    const raw = notification && job.raw;
    if (raw) headers['x-amz-sns-rawdelivery'] = 'true';
    const outcome = await postToEndpoint(
      { url: job.endpoint, headers, body: raw ? job.message : envelope(job, this.#o.envelope) },
      {
        clock: this.#o.clock,
        ...(this.#o.httpTimeoutMs !== undefined ? { timeoutMs: this.#o.httpTimeoutMs } : {}),
        ...(this.#o.httpsRejectUnauthorized !== undefined
          ? { rejectUnauthorized: this.#o.httpsRejectUnauthorized }
          : {}),
      },
    );
    if (outcome.result === 'delivered') return 'delivered';
    this.#o.logger.warn(
      `sns: ${job.kind} ${job.messageId} to ${job.endpoint} failed (attempt ${job.retries + 1}): ${outcome.reason}`,
    );
    return 'retry';
  }

  #outboxMessage(job: DeliveryJob): OutboxMessage {
    const json =
      job.protocol === 'email-json' ||
      job.protocol === 'application' ||
      job.protocol === 'firehose';
    const out: OutboxMessage = {
      timestamp: this.#o.clock.now(),
      protocol: job.protocol,
      endpoint: job.endpoint,
      type: job.kind,
      body: json ? envelope(job, this.#o.envelope) : job.message,
      topicArn: job.topicArn,
      messageId: job.messageId,
    };
    if (job.subscriptionArn !== undefined) out.subscriptionArn = job.subscriptionArn;
    if (job.subject !== undefined) out.subject = job.subject;
    else if (job.protocol === 'email') out.subject = 'AWS Notification Message';
    if (job.kind === 'SubscriptionConfirmation' && job.protocol === 'email') {
      out.subject = 'AWS Notification - Subscription Confirmation';
      out.body = `${job.message}\n${job.subscribeUrl ?? ''}`;
    }
    if (job.token !== undefined) out.token = job.token;
    if (job.subscribeUrl !== undefined) out.subscribeUrl = job.subscribeUrl;
    return out;
  }

  /** Sends a failed notification to the subscription's DLQ (§12.6), or drops it. */
  async #deadLetter(job: DeliveryJob, outcome: Outcome): Promise<void> {
    const what = outcome === 'client-error' ? 'refused' : 'undeliverable after retries';
    if (job.kind !== 'Notification' || job.deadLetterArn === undefined) {
      this.#o.logger.warn(
        `sns: dropped ${job.kind} ${job.messageId} for ${job.endpoint} (${what})`,
      );
      return;
    }
    const message: SnsQueueMessage =
      job.raw && job.protocol === 'sqs'
        ? this.#queueMessage({ ...job, endpoint: job.deadLetterArn })
        : { body: envelope(job, this.#o.envelope) };
    if (job.fifo && job.deadLetterArn.endsWith('.fifo')) {
      if (job.groupId !== undefined) message.groupId = job.groupId;
      message.dedupId = job.dedupId ?? randomUUID();
    }
    try {
      await this.#o.targets.sendToQueue(job.deadLetterArn, message);
      this.#o.logger.info(
        `sns: ${job.messageId} for ${job.endpoint} ${what}; sent to ${job.deadLetterArn}`,
      );
    } catch (e) {
      this.#o.logger.error(
        `sns: could not dead-letter ${job.messageId} to ${job.deadLetterArn}`,
        e,
      );
    }
  }
}
