/**
 * Every stream a table ever had, kept after it is disabled or its table deleted (records stay
 * readable for 24 h): one kv collection keyed by stream ARN. The Streams API and the stream →
 * Lambda trigger list and describe streams from here; the records are in the store log
 * `ddb-stream:<streamArn>`.
 */
import type { KvOps } from '../../../store/types.js';
import type { KeySchemaElement, StreamViewType } from './table-meta.js';

export interface StreamCatalogEntry {
  arn: string;
  label: string;
  tableName: string;
  viewType: StreamViewType;
  keySchema: KeySchemaElement[];
  /** Epoch ms. */
  createdAt: number;
  /** Epoch ms when the stream was disabled (or its table deleted); absent while enabled. */
  disabledAt?: number;
}

/** The kv collection of a region's streams. */
export function streamCatalogCollection(scope: string): string {
  return `ddb:streams:${scope}`;
}

/** Records a new stream. */
export async function saveStream(
  kv: KvOps,
  scope: string,
  entry: StreamCatalogEntry,
): Promise<void> {
  await kv.put(
    streamCatalogCollection(scope),
    Buffer.from(entry.arn, 'utf8'),
    Buffer.from(JSON.stringify(entry)),
  );
}

/** Marks a stream disabled at `now` (no-op when unknown or already disabled). */
export async function disableStream(
  kv: KvOps,
  scope: string,
  arn: string,
  now: number,
): Promise<void> {
  const key = Buffer.from(arn, 'utf8');
  const found = await kv.get(streamCatalogCollection(scope), key);
  if (found === undefined) return;
  const entry = JSON.parse(found.value.toString('utf8')) as StreamCatalogEntry;
  if (entry.disabledAt !== undefined) return;
  entry.disabledAt = now;
  await kv.put(streamCatalogCollection(scope), key, Buffer.from(JSON.stringify(entry)));
}
