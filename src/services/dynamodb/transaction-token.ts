/**
 * ClientRequestToken idempotency for TransactWriteItems and ExecuteTransaction (spec §6.9): a
 * token seen within 10 minutes with the same request is a replay (nothing is applied again);
 * with a different request it is IdempotentParameterMismatchException.
 */
import type { StoreTransaction } from '../../store/types.js';
import type { DynamoDbContext } from './dynamodb-context.js';
import { idempotentParameterMismatch } from './errors.js';

/** How long DynamoDB remembers a ClientRequestToken. */
export const IDEMPOTENCY_WINDOW_MS = 10 * 60 * 1000;

interface StoredToken {
  hash: string;
  expiresAt: number;
}

export class TransactionToken {
  readonly #key: Buffer | undefined;

  /** `hash` identifies the request a token belongs to. */
  constructor(
    token: string | undefined,
    private readonly hash: string,
  ) {
    this.#key = token === undefined ? undefined : Buffer.from(token, 'utf8');
  }

  /** Inside the transaction: true when this token already applied this request (a replay). */
  async replayed(tx: StoreTransaction, ctx: DynamoDbContext, now: number): Promise<boolean> {
    if (this.#key === undefined) return false;
    const entry = await tx.kv.get(ctx.tokenCollection, this.#key, { forUpdate: true });
    if (entry === undefined) return false;
    const stored = JSON.parse(entry.value.toString('utf8')) as StoredToken;
    if (stored.expiresAt <= now) return false;
    if (stored.hash !== this.hash) throw idempotentParameterMismatch();
    return true;
  }

  /** Inside the transaction, after the writes: remembers the token. */
  async remember(tx: StoreTransaction, ctx: DynamoDbContext, now: number): Promise<void> {
    if (this.#key === undefined) return;
    const stored: StoredToken = { hash: this.hash, expiresAt: now + IDEMPOTENCY_WINDOW_MS };
    await tx.kv.put(ctx.tokenCollection, this.#key, Buffer.from(JSON.stringify(stored)));
  }
}
