/**
 * SNS's durable state, all in the store's kv collections (so it survives restarts and is shared
 * by every node on PostgreSQL): topics, subscriptions, confirmation tokens, FIFO deduplication
 * records and the outbox of email/SMS messages. Records are JSON.
 */
import type { KvOps, Store, StoreTransaction } from '../../store/index.js';

/** A topic as stored. */
export interface TopicRecord {
  name: string;
  arn: string;
  fifo: boolean;
  /** Settable attributes as set (DisplayName, Policy, DeliveryPolicy, …; FifoTopic for FIFO). */
  attributes: Record<string, string>;
  /** Tags in insertion order. */
  tags: [string, string][];
  /** Count of subscriptions deleted (SubscriptionsDeleted). */
  deletedSubscriptions: number;
  /** Last FIFO sequence number handed out (as a decimal string). */
  lastSequence: string;
  createdAt: number;
}

export type SubscriptionProtocol =
  'sqs' | 'lambda' | 'http' | 'https' | 'email' | 'email-json' | 'sms' | 'application' | 'firehose';

/** A subscription as stored. */
export interface SubscriptionRecord {
  arn: string;
  id: string;
  topicName: string;
  topicArn: string;
  protocol: SubscriptionProtocol;
  endpoint: string;
  owner: string;
  pending: boolean;
  /** ConfirmationWasAuthenticated. */
  authenticated: boolean;
  /** Settable attributes as set (RawMessageDelivery, FilterPolicy, FilterPolicyScope, …). */
  attributes: Record<string, string>;
  /** The confirmation token while pending (http/https/email). */
  token?: string;
  createdAt: number;
}

/** What a confirmation token points at. */
export interface TokenRecord {
  subscriptionArn: string;
  topicArn: string;
  expiresAt: number;
}

/** A FIFO publish remembered for deduplication. */
export interface DedupRecord {
  messageId: string;
  sequenceNumber: string;
  expiresAt: number;
}

/** A message captured instead of being mailed or texted (email, email-json, sms, …). */
export interface OutboxMessage {
  /** Capture time (epoch ms). */
  timestamp: number;
  protocol: string;
  /** Address, phone number or endpoint ARN. */
  endpoint: string;
  /** `Notification`, `SubscriptionConfirmation` or `UnsubscribeConfirmation`. */
  type: string;
  subject?: string;
  /** What would have been sent: the text, or the JSON document for email-json. */
  body: string;
  topicArn?: string;
  subscriptionArn?: string;
  messageId: string;
  /** Confirmation token, on confirmations (what the confirmation mail links to). */
  token?: string;
  subscribeUrl?: string;
}

const enc = (s: string): Buffer => Buffer.from(s, 'utf8');
const json = (v: unknown): Buffer => Buffer.from(JSON.stringify(v), 'utf8');
const parse = <T>(b: Buffer): T => JSON.parse(b.toString('utf8')) as T;

/** Typed access to SNS's collections; use `in(tx)` inside a transaction. */
export class SnsState {
  readonly #prefix: string;
  readonly #kv: KvOps;
  readonly store: Store;

  constructor(store: Store, prefix: string, kv: KvOps = store.kv) {
    this.store = store;
    this.#prefix = prefix;
    this.#kv = kv;
  }

  /** The same state seen through a transaction. */
  in(tx: StoreTransaction): SnsState {
    return new SnsState(this.store, this.#prefix, tx.kv);
  }

  get deliveryQueue(): string {
    return `${this.#prefix}:deliveries`;
  }

  #c(name: string): string {
    return `${this.#prefix}:${name}`;
  }

  async getTopic(name: string, forUpdate = false): Promise<TopicRecord | undefined> {
    const e = await this.#kv.get(this.#c('topics'), enc(name), forUpdate ? { forUpdate } : {});
    return e === undefined ? undefined : parse<TopicRecord>(e.value);
  }

  async putTopic(topic: TopicRecord): Promise<void> {
    await this.#kv.put(this.#c('topics'), enc(topic.name), json(topic));
  }

  async deleteTopic(name: string): Promise<boolean> {
    return this.#kv.delete(this.#c('topics'), enc(name));
  }

  /** Topics in name order, `limit` after `after`. */
  async listTopics(after: string | undefined, limit: number): Promise<TopicRecord[]> {
    const entries = await this.#kv.scan(this.#c('topics'), {
      ...(after !== undefined ? { after: enc(after) } : {}),
      limit,
    });
    return entries.map((e) => parse<TopicRecord>(e.value));
  }

  async getSubscription(topicName: string, id: string): Promise<SubscriptionRecord | undefined> {
    const e = await this.#kv.get(this.#c('subs'), enc(`${topicName}:${id}`));
    return e === undefined ? undefined : parse<SubscriptionRecord>(e.value);
  }

  async putSubscription(sub: SubscriptionRecord): Promise<void> {
    await this.#kv.put(this.#c('subs'), enc(`${sub.topicName}:${sub.id}`), json(sub));
  }

  async deleteSubscription(topicName: string, id: string): Promise<boolean> {
    return this.#kv.delete(this.#c('subs'), enc(`${topicName}:${id}`));
  }

  /** Subscriptions of one topic (or all, topic by topic), `limit` after the key `after`. */
  async listSubscriptions(
    topicName: string | undefined,
    after: string | undefined,
    limit: number,
  ): Promise<SubscriptionRecord[]> {
    const entries = await this.#kv.scan(this.#c('subs'), {
      ...(topicName !== undefined ? { prefix: enc(`${topicName}:`) } : {}),
      ...(after !== undefined ? { after: enc(after) } : {}),
      limit,
    });
    return entries.map((e) => parse<SubscriptionRecord>(e.value));
  }

  /** Every subscription of a topic. */
  async allSubscriptions(topicName: string): Promise<SubscriptionRecord[]> {
    const out: SubscriptionRecord[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await this.listSubscriptions(topicName, after, 1000);
      out.push(...page);
      if (page.length < 1000) return out;
      after = subscriptionKey(page[page.length - 1]!);
    }
  }

  async getToken(token: string): Promise<TokenRecord | undefined> {
    const e = await this.#kv.get(this.#c('tokens'), enc(token));
    return e === undefined ? undefined : parse<TokenRecord>(e.value);
  }

  async putToken(token: string, record: TokenRecord): Promise<void> {
    await this.#kv.put(this.#c('tokens'), enc(token), json(record));
  }

  async deleteToken(token: string): Promise<void> {
    await this.#kv.delete(this.#c('tokens'), enc(token));
  }

  async getDedup(topicName: string, dedupId: string): Promise<DedupRecord | undefined> {
    const e = await this.#kv.get(this.#c('dedup'), enc(`${topicName}:${dedupId}`), {
      forUpdate: true,
    });
    return e === undefined ? undefined : parse<DedupRecord>(e.value);
  }

  async putDedup(topicName: string, dedupId: string, record: DedupRecord): Promise<void> {
    await this.#kv.put(this.#c('dedup'), enc(`${topicName}:${dedupId}`), json(record));
  }

  /** Drops a topic's deduplication records (DeleteTopic). */
  async clearDedup(topicName: string): Promise<void> {
    for (;;) {
      const page = await this.#kv.scan(this.#c('dedup'), {
        prefix: enc(`${topicName}:`),
        limit: 500,
      });
      for (const e of page) await this.#kv.delete(this.#c('dedup'), e.key);
      if (page.length < 500) return;
    }
  }

  /** Deletes expired FIFO deduplication records; returns how many. */
  async sweepDedup(now: number): Promise<number> {
    return this.#sweep('dedup', (v: DedupRecord) => v.expiresAt <= now);
  }

  /** Deletes expired confirmation tokens; returns the subscription ARNs they were for. */
  async sweepTokens(now: number): Promise<string[]> {
    const arns: string[] = [];
    await this.#sweep('tokens', (v: TokenRecord) => {
      if (v.expiresAt > now) return false;
      arns.push(v.subscriptionArn);
      return true;
    });
    return arns;
  }

  async #sweep<T>(collection: string, expired: (value: T) => boolean): Promise<number> {
    let after: Buffer | undefined;
    let removed = 0;
    for (;;) {
      const page = await this.#kv.scan(this.#c(collection), {
        limit: 500,
        ...(after !== undefined ? { after } : {}),
      });
      for (const e of page) {
        if (expired(parse<T>(e.value))) {
          await this.#kv
            .delete(this.#c(collection), e.key, { ifVersion: e.version })
            .catch(() => false);
          removed++;
        }
      }
      if (page.length < 500) return removed;
      after = page[page.length - 1]!.key;
    }
  }

  async addOutbox(message: OutboxMessage, id: string): Promise<void> {
    const key = `${String(message.timestamp).padStart(15, '0')}:${id}`;
    await this.#kv.put(this.#c('outbox'), enc(key), json(message));
  }

  /** Captured messages, oldest first. */
  async listOutbox(limit = 1000): Promise<OutboxMessage[]> {
    const entries = await this.#kv.scan(this.#c('outbox'), { limit });
    return entries.map((e) => parse<OutboxMessage>(e.value));
  }

  async clearOutbox(): Promise<number> {
    return this.#kv.clear(this.#c('outbox'));
  }

  async getSigningKey(): Promise<{ privateKey: string; certificate: string } | undefined> {
    const e = await this.#kv.get(this.#c('signing'), enc('key'));
    return e === undefined ? undefined : parse(e.value);
  }

  /** Stores the signing key unless another node stored one first; returns the one in force. */
  async putSigningKeyOnce(key: {
    privateKey: string;
    certificate: string;
  }): Promise<{ privateKey: string; certificate: string }> {
    try {
      await this.#kv.put(this.#c('signing'), enc('key'), json(key), { ifAbsent: true });
      return key;
    } catch {
      return (await this.getSigningKey()) ?? key;
    }
  }
}

/** The kv key of a subscription (the ListSubscriptions page cursor). */
export function subscriptionKey(sub: Pick<SubscriptionRecord, 'topicName' | 'id'>): string {
  return `${sub.topicName}:${sub.id}`;
}
