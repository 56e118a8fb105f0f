/**
 * ReceiveRequestAttemptId (FIFO): a retried ReceiveMessage with the same id within 5 minutes
 * gets the same messages and receipt handles back, as long as they are all still in flight under
 * those handles. Kept in memory on the node that served the first attempt.
 */
import type { Clock } from '../../core/clock.js';
import type { ReceivedMessage } from './sqs-engine.js';

const ATTEMPT_LIFETIME_MS = 5 * 60 * 1000;
const MAX_REMEMBERED = 10_000;

export class ReceiveAttempts {
  readonly #attempts = new Map<string, { at: number; messages: ReceivedMessage[] }>();

  constructor(private readonly clock: Clock) {}

  /** The messages an earlier attempt with this id returned, if it is still fresh. */
  get(queueName: string, attemptId: string): ReceivedMessage[] | undefined {
    const key = `${queueName}\n${attemptId}`;
    const found = this.#attempts.get(key);
    if (found === undefined) return undefined;
    if (this.clock.now() - found.at > ATTEMPT_LIFETIME_MS) {
      this.#attempts.delete(key);
      return undefined;
    }
    return found.messages;
  }

  remember(queueName: string, attemptId: string, messages: ReceivedMessage[]): void {
    if (this.#attempts.size >= MAX_REMEMBERED) {
      const now = this.clock.now();
      for (const [key, value] of this.#attempts) {
        if (now - value.at > ATTEMPT_LIFETIME_MS) this.#attempts.delete(key);
      }
      if (this.#attempts.size >= MAX_REMEMBERED) this.#attempts.clear();
    }
    this.#attempts.set(`${queueName}\n${attemptId}`, { at: this.clock.now(), messages });
  }

  forget(queueName: string, attemptId: string): void {
    this.#attempts.delete(`${queueName}\n${attemptId}`);
  }
}
