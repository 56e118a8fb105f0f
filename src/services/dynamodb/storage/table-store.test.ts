import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { ManualClock } from '../../../core/clock.js';
import { createLogger, MemoryLogSink } from '../../../core/logger.js';
import { openStore } from '../../../store/open-store.js';
import type { Store } from '../../../store/types.js';
import { createDynamoDbContext } from '../dynamodb-service.js';
import type { DynamoDbContext } from '../dynamodb-context.js';
import { storeNewTable } from '../operations/create-table.js';
import { createTableMeta } from '../table-definition.js';
import { segmentOf } from './item-keys.js';
import type { StoredStreamRecord } from './stream-record.js';
import { TTL_USER_IDENTITY } from './stream-record.js';
import type { Table } from './table-meta.js';

// Both engines: CI has a PostgreSQL (the store's own tests fail loudly without one too).
const POSTGRES_URL =
  process.env['STRATUS_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

for (const engine of ['sqlite', 'postgres'] as const)
  describe(`TableStore (${engine})`, () => {
    const schema = `stratus_ddb_${randomBytes(4).toString('hex')}`;
    let dir: string;
    let store: Store;
    let ctx: DynamoDbContext;
    let table: Table;
    const clock = new ManualClock(Date.UTC(2026, 0, 5, 10, 0, 0, 123));

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'stratus-ddb-store-'));
      store =
        engine === 'sqlite'
          ? await openStore(join(dir, 'store.db'), { clock })
          : await openStore({ kind: 'postgres', url: POSTGRES_URL, schema }, { clock });
      ctx = createDynamoDbContext({
        region: 'us-east-1',
        accountId: '123456789012',
        awsEndpoint: 'http://127.0.0.1:4566',
        clock,
        logger: createLogger({ sink: new MemoryLogSink() }),
        store,
      });
      const meta = createTableMeta(ctx, {
        TableName: 'T',
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'N' },
          { AttributeName: 'g', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        GlobalSecondaryIndexes: [
          {
            IndexName: 'byG',
            KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }],
            Projection: { ProjectionType: 'KEYS_ONLY' },
          },
        ],
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
      });
      await storeNewTable(ctx, meta);
      table = ctx.catalog.cache(meta);
    });

    after(async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
      if (engine === 'postgres') {
        const admin = new pg.Client({ connectionString: POSTGRES_URL });
        await admin.connect();
        try {
          await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        } finally {
          await admin.end();
        }
      }
    });

    async function records(): Promise<StoredStreamRecord[]> {
      const log = await store.logs.read(table.stream!.log);
      return log.map((r) => JSON.parse(r.data.toString('utf8')) as StoredStreamRecord);
    }

    test('the stream ARN carries the creation label', () => {
      assert.equal(
        table.stream?.arn,
        'arn:aws:dynamodb:us-east-1:123456789012:table/T/stream/2026-01-05T10:00:00.123',
      );
    });

    test('writes append INSERT, MODIFY and REMOVE records shaped like Streams records; no-ops append none', async () => {
      // The spec's verified example: INSERT of {pk:"st", sk:1, a:"x"} is 8 (keys) + 10 (image) bytes.
      const item = { pk: { S: 'st' }, sk: { N: '1' }, a: { S: 'x' } };
      await ctx.items.putItem(table, item);
      await ctx.items.putItem(table, { a: { S: 'x' }, sk: { N: '1' }, pk: { S: 'st' } });
      await ctx.items.putItem(table, { ...item, a: { S: 'y' } });
      await ctx.items.deleteItem(table, { pk: { S: 'st' }, sk: { N: '1' } });
      await ctx.items.deleteItem(table, { pk: { S: 'st' }, sk: { N: '1' } });
      const got = await records();
      assert.deepEqual(
        got.map((r) => r.eventName),
        ['INSERT', 'MODIFY', 'REMOVE'],
      );
      const [insert, modify, remove] = got;
      assert.match(insert!.eventID, /^[0-9a-f]{32}$/);
      assert.equal(insert!.eventVersion, '1.1');
      assert.equal(insert!.eventSource, 'aws:dynamodb');
      assert.equal(insert!.awsRegion, 'us-east-1');
      assert.deepEqual(insert!.dynamodb, {
        ApproximateCreationDateTime: Math.floor(clock.now() / 1000),
        Keys: { pk: { S: 'st' }, sk: { N: '1' } },
        NewImage: item,
        SizeBytes: 8 + 10,
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      });
      assert.equal('SequenceNumber' in insert!.dynamodb, false);
      assert.deepEqual(modify!.dynamodb.OldImage, item);
      assert.deepEqual(modify!.dynamodb.NewImage, { ...item, a: { S: 'y' } });
      assert.equal(remove!.dynamodb.NewImage, undefined);
      assert.deepEqual(remove!.dynamodb.OldImage, { ...item, a: { S: 'y' } });
      assert.equal(remove!.userIdentity, undefined);
    });

    test('a delete with a userIdentity (TTL) records it', async () => {
      await ctx.items.putItem(table, { pk: { S: 'ttl' }, sk: { N: '1' } });
      await ctx.items.deleteItem(
        table,
        { pk: { S: 'ttl' }, sk: { N: '1' } },
        { userIdentity: TTL_USER_IDENTITY },
      );
      const last = (await records()).at(-1);
      assert.equal(last?.eventName, 'REMOVE');
      assert.deepEqual(last?.userIdentity, {
        type: 'Service',
        principalId: 'dynamodb.amazonaws.com',
      });
    });

    test('a failing write decision writes nothing and records nothing', async () => {
      const before = (await records()).length;
      await assert.rejects(
        ctx.items.write(table, { pk: { S: 'f' }, sk: { N: '1' } }, () => {
          throw new Error('condition failed');
        }),
      );
      assert.equal((await records()).length, before);
      assert.equal(await ctx.items.getItem(table, { pk: { S: 'f' }, sk: { N: '1' } }), undefined);
    });

    test('index entries are sparse and follow the item', async () => {
      const index = table.indexByName.get('byG')!;
      await ctx.items.putItem(table, {
        pk: { S: 'i' },
        sk: { N: '1' },
        g: { S: 'one' },
        other: { S: 'x' },
      });
      await ctx.items.putItem(table, { pk: { S: 'i' }, sk: { N: '2' } });
      let entries = await store.kv.scan(index.collection);
      assert.equal(entries.length, 1);
      assert.deepEqual(JSON.parse(entries[0]!.value.toString('utf8')), {
        g: { S: 'one' },
        pk: { S: 'i' },
        sk: { N: '1' },
      });
      await ctx.items.putItem(table, { pk: { S: 'i' }, sk: { N: '1' }, g: { S: 'two' } });
      entries = await store.kv.scan(index.collection);
      assert.equal(entries.length, 1);
      assert.equal(
        (JSON.parse(entries[0]!.value.toString('utf8')) as { g: { S: string } }).g.S,
        'two',
      );
      await ctx.items.deleteItem(table, { pk: { S: 'i' }, sk: { N: '1' } });
      assert.equal((await store.kv.scan(index.collection)).length, 0);
    });

    test('read stops at the limit and reports the last item read', async () => {
      for (let i = 0; i < 5; i++)
        await ctx.items.putItem(table, { pk: { S: 'r' }, sk: { N: String(i) } });
      const { encodeValue } = await import('./item-keys.js');
      const page = await ctx.items.read(table, undefined, {
        bounds: { prefix: encodeValue({ S: 'r' }) },
        limit: 3,
      });
      assert.deepEqual(
        page.items.map((i) => i['sk']),
        [{ N: '0' }, { N: '1' }, { N: '2' }],
      );
      assert.deepEqual(page.last?.['sk'], { N: '2' });
      const rest = await ctx.items.read(table, undefined, {
        bounds: { prefix: encodeValue({ S: 'r' }) },
        limit: 3,
        reverse: true,
      });
      assert.deepEqual(
        rest.items.map((i) => i['sk']),
        [{ N: '4' }, { N: '3' }, { N: '2' }],
      );
      const all = await ctx.items.read(table, undefined, {
        bounds: { prefix: encodeValue({ S: 'r' }) },
      });
      assert.equal(all.items.length, 5);
      assert.equal(all.last, undefined);
    });

    test('parallel-scan segments are stable and cover every key once', () => {
      const counts = [0, 0, 0, 0];
      for (let i = 0; i < 400; i++) {
        const s = segmentOf({ S: `k${i}` }, 4);
        assert.equal(segmentOf({ S: `k${i}` }, 4), s);
        counts[s]!++;
      }
      assert.ok(
        counts.every((c) => c > 50),
        `segments are balanced: ${counts.join(',')}`,
      );
      assert.equal(segmentOf({ N: '1' }, 1), 0);
    });

    if (engine === 'postgres') {
      test('on a shared store a write sees an index another node added', async () => {
        const other = createDynamoDbContext({
          region: 'us-east-1',
          accountId: '123456789012',
          awsEndpoint: 'http://127.0.0.1:4566',
          clock,
          logger: createLogger({ sink: new MemoryLogSink() }),
          store,
        });
        const theirs = structuredClone((await other.catalog.lookup('T'))!.meta);
        theirs.attributeDefinitions.push({ AttributeName: 'h', AttributeType: 'S' });
        theirs.indexes.push({
          name: 'byH',
          kind: 'global',
          keySchema: [{ AttributeName: 'h', KeyType: 'HASH' }],
          projection: { ProjectionType: 'ALL' },
        });
        await other.catalog.save(theirs);
        // This node still caches the table without byH.
        assert.equal(ctx.catalog.get('T')?.indexByName.has('byH'), false);
        await ctx.items.putItem(ctx.catalog.get('T')!, {
          pk: { S: 'h' },
          sk: { N: '1' },
          h: { S: 'x' },
        });
        const collection = ctx.catalog.get('T')!.indexByName.get('byH')!.collection;
        assert.equal((await store.kv.scan(collection)).length, 1);
      });
    }

    test('the catalog reloads tables from the store', async () => {
      const other = createDynamoDbContext({
        region: 'us-east-1',
        accountId: '123456789012',
        awsEndpoint: 'http://127.0.0.1:4566',
        clock,
        logger: createLogger({ sink: new MemoryLogSink() }),
        store,
      });
      assert.equal(other.catalog.get('T'), undefined);
      assert.equal((await other.catalog.lookup('T'))?.meta.id, table.meta.id);
      await other.catalog.refresh();
      assert.deepEqual(other.catalog.names(), ['T']);
    });
  });
