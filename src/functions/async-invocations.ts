/**
 * Event (asynchronous) invocations, run in the background of this process (lambda.md §4.2):
 * function errors are retried per the function's EventInvokeConfig (default 2 retries, about 1
 * then 2 minutes apart), throttles with exponential backoff (1 s up to 5 min) until the event is
 * older than MaximumEventAgeInSeconds (default 6 h). Reserved concurrency 0 drops the event
 * without retries. Delays run on the injected Clock.
 *
 * TODO(async queue): in memory only — events are lost on restart and there is no DLQ or
 * destination yet; a durable queue in the store replaces this file.
 */
import type { FunctionModel } from '../core/app-model.js';
import type { Clock, TimerHandle } from '../core/clock.js';
import { AwsError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { InvokeRequest, InvokeResult } from './types.js';

export const DEFAULT_MAX_RETRY_ATTEMPTS = 2;
export const DEFAULT_MAX_EVENT_AGE_SECONDS = 21_600;
const RETRY_DELAY_STEP_MS = 60_000;
const MAX_THROTTLE_BACKOFF_MS = 5 * 60 * 1000;

export interface AsyncInvocationsOptions {
  clock: Clock;
  logger: Logger;
  /**
   * Starts one synchronous attempt; undefined when the function no longer exists. The model
   * gives the retry settings as deployed at the time of the attempt.
   */
  attempt(
    request: InvokeRequest,
    requestId: string,
  ): { model: FunctionModel; result: Promise<InvokeResult> } | undefined;
}

/** Background runner of Event invocations. */
export class AsyncInvocations {
  readonly #options: AsyncInvocationsOptions;
  readonly #tasks = new Set<Promise<void>>();
  readonly #timers = new Set<TimerHandle>();
  #stopped = false;

  constructor(options: AsyncInvocationsOptions) {
    this.#options = options;
  }

  /** Accepts an event; the first attempt starts now. */
  start(request: InvokeRequest, requestId: string): void {
    this.#run(request, requestId, this.#options.clock.now(), undefined, 0);
  }

  /** Cancels pending retries and waits for attempts in flight. */
  async stop(): Promise<void> {
    this.#stopped = true;
    for (const timer of this.#timers) timer.cancel();
    this.#timers.clear();
    await Promise.allSettled([...this.#tasks]);
  }

  #run(
    request: InvokeRequest,
    requestId: string,
    firstAt: number,
    retriesLeft: number | undefined,
    throttles: number,
  ): void {
    if (this.#stopped) return;
    const task = this.#attempt(request, requestId, firstAt, retriesLeft, throttles);
    this.#tasks.add(task);
    void task.finally(() => this.#tasks.delete(task));
  }

  async #attempt(
    request: InvokeRequest,
    requestId: string,
    firstAt: number,
    retriesLeft: number | undefined,
    throttles: number,
  ): Promise<void> {
    const { clock, logger } = this.#options;
    let started;
    try {
      started = this.#options.attempt(request, requestId);
    } catch (e) {
      logger.warn(`Async invocation ${requestId} dropped: ${String(e)}`);
      return;
    }
    if (started === undefined) {
      logger.warn(`Async invocation ${requestId} dropped: ${request.functionName} is gone.`);
      return;
    }
    const { model } = started;
    const config = model.eventInvokeConfig;
    const maxRetries = config?.maximumRetryAttempts ?? DEFAULT_MAX_RETRY_ATTEMPTS;
    const left = retriesLeft ?? maxRetries;
    const maxAgeMs = (config?.maximumEventAgeInSeconds ?? DEFAULT_MAX_EVENT_AGE_SECONDS) * 1000;
    const later = (delayMs: number, nextLeft: number, nextThrottles: number): void => {
      if (clock.now() + delayMs - firstAt > maxAgeMs) {
        logger.warn(`Async invocation ${requestId} of ${model.name} dropped: event too old.`);
        return;
      }
      const timer = clock.setTimeout(() => {
        this.#timers.delete(timer);
        this.#run(request, requestId, firstAt, nextLeft, nextThrottles);
      }, delayMs);
      this.#timers.add(timer);
    };
    try {
      const result = await started.result;
      if (result.functionError === undefined) return;
      if (left > 0) later((maxRetries - left + 1) * RETRY_DELAY_STEP_MS, left - 1, throttles);
      else logger.warn(`Async invocation ${requestId} of ${model.name} failed; retries exhausted.`);
    } catch (e) {
      if (e instanceof AwsError && e.status === 429 && model.reservedConcurrency !== 0) {
        later(Math.min(1000 * 2 ** throttles, MAX_THROTTLE_BACKOFF_MS), left, throttles + 1);
        return;
      }
      const reason = e instanceof AwsError ? `${e.code}: ${e.message}` : String(e);
      logger.warn(`Async invocation ${requestId} of ${model.name} failed: ${reason}`);
    }
  }
}
