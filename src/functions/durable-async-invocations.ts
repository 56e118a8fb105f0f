/**
 * Durable Event (asynchronous) invocations (lambda.md §4.2), over a queue in the store per
 * function, so a 202 means the event is stored and survives a restart:
 * - the event is enqueued before Invoke answers 202;
 * - pollers (several per function, on every node sharing the store) receive events with a
 *   visibility timeout longer than the function's timeout, so an event whose node dies mid-attempt
 *   comes back and is tried again (at-least-once, as on Lambda);
 * - function errors (incl. timeouts and crashes) are retried MaximumRetryAttempts times (default
 *   2), 1 minute then 2 minutes later; throttles are retried with exponential backoff from 1 s to
 *   5 min without using up attempts; an event older than MaximumEventAgeInSeconds (default 6 h)
 *   is not tried again;
 * - on final failure the invocation record goes to the on-failure destination, else the original
 *   event to the function's dead-letter queue, else it is dropped with a warning; on success the
 *   record goes to the on-success destination.
 * Retries re-enqueue the event with its attempt count in one store transaction with the delete.
 */
import type { FunctionModel } from '../core/app-model.js';
import type { Clock } from '../core/clock.js';
import { AwsError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { QueueMessage, Store } from '../store/types.js';
import { DEFAULT_MAX_EVENT_AGE_SECONDS, DEFAULT_MAX_RETRY_ATTEMPTS } from './async-invocations.js';
import type { InvokeRequest, InvokeResult } from './types.js';

const RETRY_DELAY_STEP_MS = 60_000;
const MAX_THROTTLE_BACKOFF_MS = 5 * 60 * 1000;
/** Pollers per function: how many of its events may run at once. */
const POLLERS_PER_FUNCTION = 4;
/** Long-poll wait of one receive. */
const RECEIVE_WAIT_MS = 20_000;
/** Beyond the function's own timeout, before an unfinished attempt's event is retried elsewhere. */
const VISIBILITY_MARGIN_MS = 60_000;
/** After a store failure, a poller waits this long before receiving again. */
const STORE_RETRY_MS = 1000;

/** A message for an SQS queue or SNS topic destination, or a dead-letter queue. */
export interface DestinationMessage {
  body: string;
  /** SQS / SNS message attributes (DLQ messages carry RequestID, ErrorCode, ErrorMessage). */
  attributes?: Record<string, { DataType: 'String' | 'Number'; StringValue: string }>;
}

export interface DurableAsyncOptions {
  store: Store;
  clock: Clock;
  logger: Logger;
  /** Starts one synchronous attempt; undefined when the function no longer exists. */
  attempt(
    request: InvokeRequest,
    requestId: string,
  ): { model: FunctionModel; result: Promise<InvokeResult> } | undefined;
  /** The function's timeout in seconds, when it exists. */
  timeoutSeconds(functionName: string): number | undefined;
  /** Queues an Event invocation of another function (Lambda destinations). */
  invokeAsync(functionArn: string, payload: Buffer): Promise<void>;
  /** Sends to an SQS queue, SNS topic or event bus; undefined when no such service runs. */
  deliver?: (targetArn: string, message: DestinationMessage) => Promise<void>;
}

/** What is stored with each queued event besides its payload. */
interface StoredEvent {
  requestId: string;
  qualifier?: string;
  clientContext?: string;
  traceId?: string;
  /** When the event was first accepted (epoch ms): MaximumEventAgeInSeconds counts from here. */
  firstAt: number;
  /** Attempts that ended in a function error so far. */
  attempts: number;
  /** Throttled attempts so far (for the backoff). */
  throttles: number;
}

type FailureCondition = 'RetriesExhausted' | 'EventAgeExceeded';

/** The store queue holding a function's pending Event invocations. */
export function asyncQueueName(functionName: string): string {
  return `lambda-async:${functionName}`;
}

/** Durable runner of Event invocations. */
export class DurableAsyncInvocations {
  readonly #options: DurableAsyncOptions;
  /** Pollers per function name. */
  readonly #pollers = new Map<string, AbortController>();
  readonly #loops = new Set<Promise<void>>();
  #stopped = false;

  constructor(options: DurableAsyncOptions) {
    this.#options = options;
  }

  /** Stores an event; resolves once it is durable (Invoke then answers 202). */
  async start(request: InvokeRequest, requestId: string, functionName: string): Promise<void> {
    const meta: StoredEvent = {
      requestId,
      firstAt: this.#options.clock.now(),
      attempts: 0,
      throttles: 0,
    };
    if (request.qualifier !== undefined) meta.qualifier = request.qualifier;
    if (request.clientContext !== undefined) meta.clientContext = request.clientContext;
    if (request.traceId !== undefined) meta.traceId = request.traceId;
    await this.#options.store.queues.send(asyncQueueName(functionName), {
      body: request.payload,
      attributes: JSON.stringify(meta),
    });
  }

  /** Runs pollers for exactly these functions (call after every deploy). */
  watch(functionNames: readonly string[]): void {
    if (this.#stopped) return;
    const wanted = new Set(functionNames);
    for (const [name, controller] of this.#pollers) {
      if (wanted.has(name)) continue;
      controller.abort();
      this.#pollers.delete(name);
    }
    for (const name of wanted) {
      if (this.#pollers.has(name)) continue;
      const controller = new AbortController();
      this.#pollers.set(name, controller);
      for (let i = 0; i < POLLERS_PER_FUNCTION; i++) {
        const loop = this.#poll(name, controller.signal);
        this.#loops.add(loop);
        void loop.finally(() => this.#loops.delete(loop));
      }
    }
  }

  /** Stops the pollers; attempts in flight finish first. Queued events stay in the store. */
  async stop(): Promise<void> {
    this.#stopped = true;
    for (const controller of this.#pollers.values()) controller.abort();
    this.#pollers.clear();
    await Promise.allSettled([...this.#loops]);
  }

  async #poll(name: string, signal: AbortSignal): Promise<void> {
    const { store, logger } = this.#options;
    const queue = asyncQueueName(name);
    while (!signal.aborted) {
      let messages: QueueMessage[];
      try {
        messages = await store.queues.receive(queue, {
          max: 1,
          visibilityTimeoutMs: this.#visibilityMs(name),
          waitMs: RECEIVE_WAIT_MS,
          signal,
        });
      } catch (e) {
        if (signal.aborted) return;
        logger.warn(
          `async invocations of ${name}: cannot read the queue (${(e as Error).message}); retrying`,
        );
        await new Promise((r) => setTimeout(r, STORE_RETRY_MS).unref());
        continue;
      }
      for (const message of messages) {
        try {
          await this.#handle(name, queue, message);
        } catch (e) {
          // The event stays in flight and comes back after its visibility timeout.
          logger.error(`async invocation of ${name} could not be completed; it will be retried`, e);
        }
      }
    }
  }

  #visibilityMs(name: string): number {
    return (this.#options.timeoutSeconds(name) ?? 900) * 1000 + VISIBILITY_MARGIN_MS;
  }

  async #handle(name: string, queue: string, message: QueueMessage): Promise<void> {
    const { clock, logger, store } = this.#options;
    const meta = JSON.parse(message.attributes ?? '{}') as StoredEvent;
    const request: InvokeRequest = { functionName: name, payload: message.body };
    if (meta.qualifier !== undefined) request.qualifier = meta.qualifier;
    if (meta.clientContext !== undefined) request.clientContext = meta.clientContext;
    if (meta.traceId !== undefined) request.traceId = meta.traceId;

    let started;
    try {
      started = this.#options.attempt(request, meta.requestId);
    } catch (e) {
      logger.warn(`async invocation ${meta.requestId} of ${name} dropped: ${(e as Error).message}`);
      await store.queues.delete(queue, message.receiptHandle);
      return;
    }
    if (started === undefined) {
      logger.warn(`async invocation ${meta.requestId} dropped: ${name} is gone`);
      await store.queues.delete(queue, message.receiptHandle);
      return;
    }
    const { model } = started;
    const functionArn = model.arn;
    const config = model.eventInvokeConfig;
    const maxRetries = config?.maximumRetryAttempts ?? DEFAULT_MAX_RETRY_ATTEMPTS;
    const maxAgeMs = (config?.maximumEventAgeInSeconds ?? DEFAULT_MAX_EVENT_AGE_SECONDS) * 1000;

    let result: InvokeResult;
    try {
      result = await started.result;
    } catch (e) {
      const throttled = e instanceof AwsError && (e.status === 429 || e.status >= 500);
      if (throttled && model.reservedConcurrency !== 0) {
        const delay = Math.min(1000 * 2 ** meta.throttles, MAX_THROTTLE_BACKOFF_MS);
        if (clock.now() + delay - meta.firstAt <= maxAgeMs) {
          await this.#requeue(queue, message, { ...meta, throttles: meta.throttles + 1 }, delay);
          return;
        }
      }
      const reason = e instanceof AwsError ? e : undefined;
      await this.#fail(
        model,
        functionArn,
        queue,
        message,
        meta,
        throttled ? 'EventAgeExceeded' : 'RetriesExhausted',
        {
          status: reason?.status ?? 500,
          error: reason ? `${reason.code}: ${reason.message}` : String(e),
        },
      );
      return;
    }

    if (result.functionError === undefined) {
      await store.queues.delete(queue, message.receiptHandle);
      if (config?.onSuccess !== undefined) {
        await this.#sendRecord(
          config.onSuccess,
          this.#record(functionArn, meta, message, 'Success', result),
        );
      }
      return;
    }
    const attempts = meta.attempts + 1;
    const delay = attempts * RETRY_DELAY_STEP_MS;
    const retry = attempts <= maxRetries;
    if (retry && clock.now() + delay - meta.firstAt <= maxAgeMs) {
      await this.#requeue(queue, message, { ...meta, attempts }, delay);
      return;
    }
    const condition = retry ? 'EventAgeExceeded' : 'RetriesExhausted';
    await this.#fail(model, functionArn, queue, message, { ...meta, attempts }, condition, {
      result,
    });
  }

  /** Puts the event back for a later attempt, atomically with removing the current copy. */
  async #requeue(
    queue: string,
    message: QueueMessage,
    meta: StoredEvent,
    delayMs: number,
  ): Promise<void> {
    await this.#options.store.transaction(async (tx) => {
      await tx.queues.delete(queue, message.receiptHandle);
      await tx.queues.send(queue, {
        body: message.body,
        attributes: JSON.stringify(meta),
        delayMs,
      });
    });
  }

  async #fail(
    model: FunctionModel,
    functionArn: string,
    queue: string,
    message: QueueMessage,
    meta: StoredEvent,
    condition: FailureCondition,
    outcome: { result: InvokeResult } | { status: number; error: string },
  ): Promise<void> {
    const { logger, store } = this.#options;
    const onFailure = model.eventInvokeConfig?.onFailure;
    const dlq = model.deadLetterTargetArn;
    try {
      if (onFailure !== undefined) {
        const result = 'result' in outcome ? outcome.result : undefined;
        await this.#sendRecord(
          onFailure,
          this.#record(functionArn, meta, message, condition, result),
        );
      } else if (dlq !== undefined) {
        const errorMessage =
          'result' in outcome ? errorMessageOf(outcome.result.payload) : outcome.error;
        await this.#deliver(dlq, {
          body: message.body.toString('utf8'),
          attributes: {
            RequestID: { DataType: 'String', StringValue: meta.requestId },
            ErrorCode: {
              DataType: 'Number',
              StringValue: String('result' in outcome ? 200 : outcome.status),
            },
            ErrorMessage: { DataType: 'String', StringValue: errorMessage.slice(0, 1024) },
          },
        });
      } else {
        logger.warn(
          `async invocation ${meta.requestId} of ${model.name} dropped (${condition}); configure an on-failure destination or a DeadLetterQueue to keep such events`,
        );
      }
    } catch (e) {
      // Lambda drops the event when the DLQ or destination cannot take it (DeadLetterErrors).
      logger.error(
        `async invocation ${meta.requestId} of ${model.name}: failure destination refused the event`,
        e,
      );
    }
    await store.queues.delete(queue, message.receiptHandle);
  }

  #record(
    functionArn: string,
    meta: StoredEvent,
    message: QueueMessage,
    condition: 'Success' | FailureCondition,
    result: InvokeResult | undefined,
  ): Record<string, unknown> {
    const record: Record<string, unknown> = {
      version: '1.0',
      timestamp: new Date(this.#options.clock.now()).toISOString(),
      requestContext: {
        requestId: meta.requestId,
        functionArn: `${functionArn}:${meta.qualifier ?? '$LATEST'}`,
        condition,
        approximateInvokeCount:
          condition === 'Success' ? meta.attempts + 1 : Math.max(meta.attempts, 1),
      },
      requestPayload: parseOrText(message.body),
    };
    if (result !== undefined) {
      const responseContext: Record<string, unknown> = {
        statusCode: 200,
        executedVersion: result.executedVersion,
      };
      if (result.functionError !== undefined)
        responseContext['functionError'] = result.functionError;
      record['responseContext'] = responseContext;
      record['responsePayload'] = parseOrText(result.payload);
    }
    return record;
  }

  #sendRecord(destination: string, record: Record<string, unknown>): Promise<void> {
    return this.#deliver(destination, { body: JSON.stringify(record) });
  }

  async #deliver(targetArn: string, message: DestinationMessage): Promise<void> {
    if (targetArn.includes(':lambda:')) {
      await this.#options.invokeAsync(targetArn, Buffer.from(message.body));
      return;
    }
    const deliver = this.#options.deliver;
    if (deliver === undefined) {
      throw new AwsError(
        'ResourceNotFoundException',
        `no service can deliver to ${targetArn} yet`,
        { status: 404 },
      );
    }
    await deliver(targetArn, message);
  }
}

function parseOrText(bytes: Buffer): unknown {
  const text = bytes.toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function errorMessageOf(payload: Buffer): string {
  const doc = parseOrText(payload);
  if (
    doc !== null &&
    typeof doc === 'object' &&
    typeof (doc as { errorMessage?: unknown }).errorMessage === 'string'
  ) {
    return (doc as { errorMessage: string }).errorMessage;
  }
  return typeof doc === 'string' ? doc : JSON.stringify(doc);
}
