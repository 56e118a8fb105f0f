/**
 * Every event source mapping of the app: those the template declares and those made through the
 * Lambda API (CreateEventSourceMapping), which are kept in the store so they survive a restart
 * and are seen by every node. An API change to a template mapping (update, delete) is kept too
 * and wins over the template until the mapping is deleted.
 */
import type { EventSourceMappingModel } from '../core/app-model.js';
import type { Clock } from '../core/clock.js';
import type { Store } from '../store/types.js';

export interface MappingRecord {
  model: EventSourceMappingModel;
  /** Epoch ms of the last change. */
  lastModified: number;
  /** True for a template mapping deleted through the API. */
  deleted?: boolean;
}

export interface MappingRegistryOptions {
  store: Store;
  clock: Clock;
  /** Makes the running pollers match the mappings (EventSourceMappings.deploy). */
  apply(mappings: EventSourceMappingModel[]): Promise<void>;
}

const COLLECTION = 'lambda:event-source-mappings';

/** The mappings of the app, from the template and the API. */
export class MappingRegistry {
  readonly #options: MappingRegistryOptions;
  #template = new Map<string, MappingRecord>();
  /** API-made mappings and API changes to template ones, as stored. */
  #api = new Map<string, MappingRecord>();
  #loaded = false;

  constructor(options: MappingRegistryOptions) {
    this.#options = options;
  }

  /** Replaces the template's mappings (on start and every reload) and applies everything. */
  async setTemplate(mappings: readonly EventSourceMappingModel[]): Promise<void> {
    await this.#load();
    const now = this.#options.clock.now();
    const next = new Map<string, MappingRecord>();
    for (const model of mappings) {
      const previous = this.#template.get(model.uuid);
      const same =
        previous !== undefined && JSON.stringify(previous.model) === JSON.stringify(model);
      next.set(model.uuid, same ? previous : { model, lastModified: now });
    }
    this.#template = next;
    await this.#apply();
  }

  /** Every live mapping, optionally filtered. */
  list(filter: { functionName?: string; eventSourceArn?: string } = {}): MappingRecord[] {
    const out: MappingRecord[] = [];
    for (const record of this.#merged().values()) {
      if (record.deleted) continue;
      if (
        filter.eventSourceArn !== undefined &&
        record.model.eventSourceArn !== filter.eventSourceArn
      )
        continue;
      if (
        filter.functionName !== undefined &&
        baseName(record.model.functionName) !== baseName(filter.functionName)
      ) {
        continue;
      }
      out.push(record);
    }
    return out.sort((a, b) => a.model.uuid.localeCompare(b.model.uuid));
  }

  get(uuid: string): MappingRecord | undefined {
    const record = this.#merged().get(uuid);
    return record?.deleted ? undefined : record;
  }

  /** Stores a new or changed mapping and applies it. */
  async put(model: EventSourceMappingModel): Promise<MappingRecord> {
    await this.#load();
    const record: MappingRecord = { model, lastModified: this.#options.clock.now() };
    await this.#options.store.kv.put(
      COLLECTION,
      key(model.uuid),
      Buffer.from(JSON.stringify(record)),
    );
    this.#api.set(model.uuid, record);
    await this.#apply();
    return record;
  }

  /** Deletes a mapping (a template one is remembered as deleted); returns what it was. */
  async delete(uuid: string): Promise<MappingRecord | undefined> {
    await this.#load();
    const record = this.get(uuid);
    if (record === undefined) return undefined;
    if (this.#template.has(uuid)) {
      const tombstone: MappingRecord = {
        ...record,
        lastModified: this.#options.clock.now(),
        deleted: true,
      };
      await this.#options.store.kv.put(
        COLLECTION,
        key(uuid),
        Buffer.from(JSON.stringify(tombstone)),
      );
      this.#api.set(uuid, tombstone);
    } else {
      await this.#options.store.kv.delete(COLLECTION, key(uuid));
      this.#api.delete(uuid);
    }
    await this.#apply();
    return record;
  }

  async #load(): Promise<void> {
    if (this.#loaded) return;
    this.#loaded = true;
    for (const entry of await this.#options.store.kv.scan(COLLECTION, { limit: 100_000 })) {
      const record = JSON.parse(entry.value.toString('utf8')) as MappingRecord;
      this.#api.set(record.model.uuid, record);
    }
  }

  #merged(): Map<string, MappingRecord> {
    return new Map([...this.#template, ...this.#api]);
  }

  #apply(): Promise<void> {
    return this.#options.apply(this.list().map((r) => r.model));
  }
}

function key(uuid: string): Buffer {
  return Buffer.from(uuid, 'utf8');
}

/** `name`, `name:qualifier` or an ARN → the function name. */
function baseName(functionName: string): string {
  const parts = functionName.split(':');
  const at = parts.indexOf('function');
  return at >= 0 ? (parts[at + 1] ?? functionName) : (parts[0] ?? functionName);
}
