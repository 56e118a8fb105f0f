/**
 * Test support for streams, TTL and the stream trigger: a DynamoDB context over a throw-away
 * store (SQLite in a temp dir, or a fresh PostgreSQL schema) and a way to call operations.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../../core/clock.js';
import { createLogger, MemoryLogSink } from '../../../core/logger.js';
import { openStore } from '../../../store/open-store.js';
import type { Store } from '../../../store/types.js';
import { createDynamoDbContext, OPERATIONS } from '../dynamodb-service.js';
import type { DynamoDbContext } from '../dynamodb-context.js';
import { handleStreamsCall } from './streams-dispatcher.js';

/** The PostgreSQL the store's own tests use. */
export const TEST_POSTGRES_URL =
  process.env['STRATUS_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDynamoDb {
  store: Store;
  ctx: DynamoDbContext;
  logs: MemoryLogSink;
  /** Runs a DynamoDB operation (no validation) and returns its output. */
  ddb(operation: string, input: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** Runs a Streams API operation (with validation) and returns its output. */
  streams(operation: string, input: Record<string, unknown>): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

/** Opens a store and a DynamoDB context on it. */
export async function openTestDynamoDb(
  engine: 'sqlite' | 'postgres',
  clock: Clock,
  shared?: { store?: Store; schema?: string },
): Promise<TestDynamoDb> {
  let dir: string | undefined;
  let store: Store;
  if (shared?.store !== undefined) {
    store = shared.store;
  } else if (engine === 'sqlite') {
    dir = mkdtempSync(join(tmpdir(), 'stratus-ddb-streams-'));
    store = await openStore(join(dir, 'store.db'), { clock });
  } else {
    // Two contexts on one schema are two nodes of a cluster.
    const schema = shared?.schema ?? `stratus_streams_${randomBytes(4).toString('hex')}`;
    store = await openStore({ kind: 'postgres', url: TEST_POSTGRES_URL, schema }, { clock });
  }
  const logs = new MemoryLogSink();
  const ctx = createDynamoDbContext({
    region: 'us-east-1',
    accountId: '123456789012',
    awsEndpoint: 'http://127.0.0.1:4566',
    clock,
    logger: createLogger({ sink: logs, level: 'debug' }),
    store,
  });
  return {
    store,
    ctx,
    logs,
    ddb: async (operation, input) =>
      (await OPERATIONS[operation]!(ctx, structuredClone(input))) as Record<string, unknown>,
    streams: async (operation, input) =>
      (await handleStreamsCall(ctx, operation, structuredClone(input))) as Record<string, unknown>,
    close: async () => {
      if (shared?.store === undefined) await store.close();
      if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** CreateTable input for a `pk` (S) / optional `sk` (N) table with a stream. */
export function tableInput(
  name: string,
  options: { viewType?: string; range?: boolean } = {},
): Record<string, unknown> {
  const input: Record<string, unknown> = {
    TableName: name,
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      ...(options.range === true ? [{ AttributeName: 'sk', AttributeType: 'N' }] : []),
    ],
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      ...(options.range === true ? [{ AttributeName: 'sk', KeyType: 'RANGE' }] : []),
    ],
    BillingMode: 'PAY_PER_REQUEST',
  };
  if (options.viewType !== undefined) {
    input['StreamSpecification'] = { StreamEnabled: true, StreamViewType: options.viewType };
  }
  return input;
}
