/**
 * Runs the app's event source mappings: one poller per mapping, chosen by the source ARN's
 * service, restarted when a deploy changes the mapping.
 */
import type { EventSourceMappingModel } from '../core/app-model.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { FunctionInvoker } from '../functions/types.js';
import type { SqsFacade } from '../services/sqs/index.js';
import type { DynamoDbStreams } from '../services/dynamodb/streams/index.js';
import type { Store } from '../store/types.js';
import { DynamoDbStreamPoller } from './dynamodb-stream-poller.js';
import { createRecordFilter } from './record-filter.js';
import { SqsPoller } from './sqs-poller.js';

export interface EventSourceMappingsOptions {
  invoker: FunctionInvoker;
  clock: Clock;
  logger: Logger;
  region: string;
  /** Facades of the source services, when they run. */
  sqs?: SqsFacade;
  /** The DynamoDB service's streams (stream → Lambda mappings need it and `store`). */
  dynamodbStreams?: DynamoDbStreams;
  /** Where stream checkpoints and shard leases live. */
  store?: Store;
  /** Sends a stream mapping's on-failure record to its OnFailure destination (queue or topic). */
  deliver?: (targetArn: string, body: string) => Promise<void>;
}

interface Running {
  key: string;
  poller: { stop(): Promise<void> };
}

/** Starts, restarts and stops pollers to match the deployed mappings. */
export class EventSourceMappings {
  readonly #options: EventSourceMappingsOptions;
  readonly #running = new Map<string, Running>();

  constructor(options: EventSourceMappingsOptions) {
    this.#options = options;
  }

  /** Makes the running pollers match `mappings`. */
  async deploy(mappings: readonly EventSourceMappingModel[]): Promise<void> {
    const wanted = new Map(mappings.filter((m) => m.enabled).map((m) => [m.logicalId, m]));
    for (const [id, running] of this.#running) {
      const next = wanted.get(id);
      if (next !== undefined && JSON.stringify(next) === running.key) continue;
      this.#running.delete(id);
      await running.poller.stop();
    }
    for (const [id, mapping] of wanted) {
      if (this.#running.has(id)) continue;
      const poller = this.#create(mapping);
      if (poller === undefined) continue;
      this.#running.set(id, { key: JSON.stringify(mapping), poller });
    }
  }

  /** Stops every poller. */
  async stop(): Promise<void> {
    const running = [...this.#running.values()];
    this.#running.clear();
    await Promise.all(running.map((r) => r.poller.stop()));
  }

  #create(mapping: EventSourceMappingModel): { stop(): Promise<void> } | undefined {
    const { logger } = this.#options;
    const service = mapping.eventSourceArn.split(':')[2];
    try {
      if (service === 'sqs' && this.#options.sqs !== undefined) {
        const poller = new SqsPoller({
          mapping,
          sqs: this.#options.sqs,
          invoker: this.#options.invoker,
          filter: createRecordFilter(mapping, 'sqs'),
          clock: this.#options.clock,
          logger: logger.child(`esm:${mapping.logicalId}`),
          region: this.#options.region,
        });
        void poller
          .start()
          .catch((e: unknown) =>
            logger.error(`event source mapping ${mapping.logicalId} failed to start`, e),
          );
        return poller;
      }
      const streams = this.#options.dynamodbStreams;
      const store = this.#options.store;
      if (service === 'dynamodb' && streams !== undefined && store !== undefined) {
        const poller = new DynamoDbStreamPoller({
          mapping,
          streams,
          store,
          invoker: this.#options.invoker,
          filter: createRecordFilter(mapping, 'dynamodb'),
          clock: this.#options.clock,
          logger: logger.child(`esm:${mapping.logicalId}`),
          region: this.#options.region,
          ...(this.#options.deliver === undefined ? {} : { deliver: this.#options.deliver }),
        });
        void poller.start();
        return poller;
      }
    } catch (e) {
      logger.error(`event source mapping ${mapping.logicalId} is invalid; not running it`, e);
      return undefined;
    }
    logger.warn(
      `event source mapping ${mapping.logicalId}: sources of type '${service ?? mapping.eventSourceArn}' are not supported yet; ${mapping.functionName} will not be triggered`,
    );
    return undefined;
  }
}
