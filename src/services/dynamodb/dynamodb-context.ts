/** What every DynamoDB operation receives: where tables live and how time passes. */
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import type { Store } from '../../store/types.js';
import type { TableCatalog } from './storage/table-catalog.js';
import type { TableStore } from './storage/table-store.js';

export interface DynamoDbContext {
  readonly region: string;
  readonly accountId: string;
  /** The AWS endpoint URL clients use. */
  readonly awsEndpoint: string;
  /** `<account>:<region>`: the namespace of the catalog collections. */
  readonly scope: string;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly store: Store;
  readonly catalog: TableCatalog;
  readonly items: TableStore;
  /** kv collection of TransactWriteItems idempotency tokens. */
  readonly tokenCollection: string;
}

/** One operation: takes the validated input, returns the output object. */
export type Operation = (ctx: DynamoDbContext, input: Record<string, unknown>) => Promise<object>;
