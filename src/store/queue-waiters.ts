/**
 * Wakes long polls. A receive with `waitMs` parks here until its queue is notified (a send, a
 * visibility change, a move — from this process or, on PostgreSQL, another node), until the
 * next message's delay or visibility timeout runs out, or until its wait ends. Waits are timed
 * with the store's Clock, so tests move time instead of sleeping.
 */

import type { Clock } from '../core/clock.js';

type Wake = () => void;

/** Per-queue wake-ups for long polls in this process. */
export class QueueWaiters {
  readonly #waiters = new Map<string, Set<Wake>>();
  /** Notifications seen per queue, so a notify between a receive and its wait is not lost. */
  readonly #generation = new Map<string, number>();

  /** How many notifies `queue` has had (compare before and after a receive). */
  generation(queue: string): number {
    return this.#generation.get(queue) ?? 0;
  }

  /** Wakes every receive waiting on `queue`. */
  notify(queue: string): void {
    if (this.#waiters.size > 0 || this.#generation.has(queue)) {
      this.#generation.set(queue, this.generation(queue) + 1);
    }
    const set = this.#waiters.get(queue);
    if (set === undefined) return;
    this.#waiters.delete(queue);
    for (const wake of set) wake();
  }

  /** Resolves on a notify of `queue`, after `ms` of clock time, or on abort, whichever is first. */
  wait(
    queue: string,
    ms: number,
    clock: Clock,
    signal: AbortSignal | undefined,
    sinceGeneration: number,
  ): Promise<void> {
    return new Promise<void>((resolve) => {
      if (this.generation(queue) !== sinceGeneration) {
        resolve();
        return;
      }
      let set = this.#waiters.get(queue);
      if (set === undefined) {
        set = new Set();
        this.#waiters.set(queue, set);
      }
      const done = (): void => {
        timer.cancel();
        signal?.removeEventListener('abort', done);
        this.#waiters.get(queue)?.delete(done);
        resolve();
      };
      const timer = clock.setTimeout(done, Math.max(0, ms));
      signal?.addEventListener('abort', done, { once: true });
      set.add(done);
      if (signal?.aborted === true) done();
    });
  }

  /** True once a long poll has waited on `queue`: only then are notifies worth sending. */
  isWatched(queue: string): boolean {
    return this.#generation.has(queue);
  }

  /** Starts counting notifies of `queue` (a long poll is about to begin). */
  track(queue: string): void {
    if (!this.#generation.has(queue)) this.#generation.set(queue, 0);
  }

  /** Wakes everyone (on close). */
  wakeAll(): void {
    for (const queue of [...this.#waiters.keys()]) this.notify(queue);
  }
}

/** The long-poll loop both engines share: receive, else sleep until something may be visible. */
export async function longPoll<T>(options: {
  queue: string;
  waitMs: number;
  clock: Clock;
  waiters: QueueWaiters;
  signal: AbortSignal | undefined;
  isClosed: () => boolean;
  receiveOnce: () => Promise<T[]>;
  nextVisibleAt: () => Promise<number | undefined>;
  /** When set, never sleep longer than this (wake-ups from other nodes may be missed). */
  fallbackPollMs?: () => number | undefined;
}): Promise<T[]> {
  const { clock, waitMs, signal } = options;
  const deadline = clock.now() + waitMs;
  options.waiters.track(options.queue);
  for (;;) {
    const generation = options.waiters.generation(options.queue);
    const got = await options.receiveOnce();
    if (got.length > 0 || signal?.aborted === true || options.isClosed()) return got;
    const now = clock.now();
    if (now >= deadline) return got;
    const next = await options.nextVisibleAt();
    let until = next === undefined ? deadline : Math.min(deadline, next);
    const poll = options.fallbackPollMs?.();
    if (poll !== undefined) until = Math.min(until, now + poll);
    await options.waiters.wait(options.queue, until - now, clock, signal, generation);
    if (options.isClosed()) return [];
  }
}
