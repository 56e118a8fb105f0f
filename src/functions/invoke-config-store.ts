/**
 * EventInvokeConfigs set through the Lambda API (PutFunctionEventInvokeConfig and friends),
 * kept in the store so they survive restarts and reach every node, and applied to the runtime,
 * where they win over the template's until deleted.
 */
import type { EventInvokeConfigModel } from '../core/app-model.js';
import type { Clock } from '../core/clock.js';
import type { Store } from '../store/types.js';
import type { FunctionRuntime } from './function-runtime.js';

const COLLECTION = 'lambda:event-invoke-configs';

export interface StoredInvokeConfig {
  config: EventInvokeConfigModel;
  /** Epoch ms. */
  lastModified: number;
}

interface Record_ {
  /** `null` when the API deleted a template's config. */
  config: EventInvokeConfigModel | null;
  lastModified: number;
}

export class InvokeConfigStore {
  readonly #records = new Map<string, Record_>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly runtime: FunctionRuntime,
  ) {}

  /** Reads the stored configs and applies them. */
  async load(): Promise<void> {
    for (const entry of await this.store.kv.scan(COLLECTION, { limit: 100_000 })) {
      const name = entry.key.toString('utf8');
      const record = JSON.parse(entry.value.toString('utf8')) as Record_;
      this.#records.set(name, record);
      this.runtime.setEventInvokeConfig(name, record.config);
    }
  }

  /** The config in force for a function (API's, else the template's), with when it changed. */
  get(name: string): StoredInvokeConfig | undefined {
    const config = this.runtime.eventInvokeConfig(name);
    if (config === undefined) return undefined;
    return { config, lastModified: this.#records.get(name)?.lastModified ?? 0 };
  }

  async put(name: string, config: EventInvokeConfigModel): Promise<StoredInvokeConfig> {
    const record: Record_ = { config, lastModified: this.clock.now() };
    await this.#save(name, record);
    return { config, lastModified: record.lastModified };
  }

  async delete(name: string): Promise<void> {
    await this.#save(name, { config: null, lastModified: this.clock.now() });
  }

  async #save(name: string, record: Record_): Promise<void> {
    await this.store.kv.put(
      COLLECTION,
      Buffer.from(name, 'utf8'),
      Buffer.from(JSON.stringify(record)),
    );
    this.#records.set(name, record);
    this.runtime.setEventInvokeConfig(name, record.config);
  }
}
