import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ManualClock } from '../../../core/clock.js';
import { openTestDynamoDb, tableInput, type TestDynamoDb } from '../streams/testing.js';
import { isExpired } from './ttl-expiry.js';
import { TtlSweeper } from './ttl-sweeper.js';

const NOW = Date.UTC(2026, 0, 5, 10, 0, 0, 0);
const nowSeconds = (clock: ManualClock): number => Math.floor(clock.now() / 1000);

test('expiry rule: top-level N epoch seconds in the past, not over five years, never ms', () => {
  const now = NOW;
  const item = (ttl: Record<string, string>) => ({ pk: { S: 'x' }, ttl }) as never;
  assert.equal(isExpired(item({ N: String(now / 1000 - 1) }), 'ttl', now), true);
  assert.equal(isExpired(item({ N: String(now / 1000) }), 'ttl', now), false);
  assert.equal(isExpired(item({ N: String(now / 1000 + 10) }), 'ttl', now), false);
  assert.equal(isExpired(item({ N: String(now - 1000) }), 'ttl', now), false, 'milliseconds');
  assert.equal(isExpired(item({ N: String(now / 1000 - 6 * 365 * 86400) }), 'ttl', now), false);
  assert.equal(isExpired(item({ N: String(now / 1000 - 4 * 365 * 86400) }), 'ttl', now), true);
  assert.equal(isExpired(item({ S: String(now / 1000 - 1) }), 'ttl', now), false, 'a string');
  assert.equal(isExpired({ pk: { S: 'x' } }, 'ttl', now), false);
});

for (const engine of ['sqlite', 'postgres'] as const)
  describe(`TtlSweeper (${engine})`, () => {
    const clock = new ManualClock(NOW);
    let t: TestDynamoDb;
    let sweeper: TtlSweeper;

    const get = async (pk: string): Promise<unknown> =>
      (await t.ddb('GetItem', { TableName: 'Sessions', Key: { pk: { S: pk } } }))['Item'];

    before(async () => {
      t = await openTestDynamoDb(engine, clock);
      await t.ddb('CreateTable', {
        ...tableInput('Sessions', { viewType: 'NEW_AND_OLD_IMAGES' }),
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'user', AttributeType: 'S' },
        ],
        GlobalSecondaryIndexes: [
          {
            IndexName: 'byUser',
            KeySchema: [{ AttributeName: 'user', KeyType: 'HASH' }],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
      });
      await t.ddb('UpdateTimeToLive', {
        TableName: 'Sessions',
        TimeToLiveSpecification: { Enabled: true, AttributeName: 'expiresAt' },
      });
      sweeper = new TtlSweeper(t.ctx, { intervalMs: 1000 });
    });
    after(async () => {
      await sweeper.stop();
      await t.close();
    });

    test('expired items stay readable until swept, then go with a TTL REMOVE record and their index entries', async () => {
      const expiry = nowSeconds(clock) + 5;
      await t.ddb('PutItem', {
        TableName: 'Sessions',
        Item: { pk: { S: 's1' }, user: { S: 'u' }, expiresAt: { N: String(expiry) } },
      });
      await t.ddb('PutItem', {
        TableName: 'Sessions',
        Item: {
          pk: { S: 'keep' },
          user: { S: 'u' },
          expiresAt: { N: String(expiry + 30 * 86400) },
        },
      });
      await t.ddb('PutItem', {
        TableName: 'Sessions',
        Item: { pk: { S: 'ms' }, expiresAt: { N: String(clock.now() - 10_000) } },
      });
      assert.equal(await sweeper.sweepNow(), 0);
      clock.advance(5000);
      assert.equal(await sweeper.sweepNow(), 0, 'ttl == now is not yet expired');
      clock.advance(1);
      // Expired but not swept: still visible to reads.
      assert.ok((await get('s1')) !== undefined);
      assert.equal(await sweeper.sweepNow(), 1);
      assert.equal(await get('s1'), undefined);
      assert.ok((await get('keep')) !== undefined);
      assert.ok((await get('ms')) !== undefined, 'a TTL in milliseconds never expires');
      const byUser = await t.ddb('Query', {
        TableName: 'Sessions',
        IndexName: 'byUser',
        KeyConditionExpression: '#u = :u',
        ExpressionAttributeNames: { '#u': 'user' },
        ExpressionAttributeValues: { ':u': { S: 'u' } },
      });
      assert.deepEqual(
        (byUser['Items'] as { pk: { S: string } }[]).map((i) => i.pk.S),
        ['keep'],
      );
      const arn = (
        (await t.streams('ListStreams', { TableName: 'Sessions' })) as {
          Streams: { StreamArn: string }[];
        }
      ).Streams[0]!.StreamArn;
      const info = (await t.ctx.items.store.logs.read(`ddb-stream:${arn}`, {})).map(
        (r) => JSON.parse(r.data.toString('utf8')) as Record<string, unknown>,
      );
      const removes = info.filter((r) => r['eventName'] === 'REMOVE');
      assert.equal(removes.length, 1);
      assert.deepEqual(removes[0]!['userIdentity'], {
        type: 'Service',
        principalId: 'dynamodb.amazonaws.com',
      });
      assert.deepEqual((removes[0]!['dynamodb'] as { OldImage: unknown }).OldImage, {
        pk: { S: 's1' },
        user: { S: 'u' },
        expiresAt: { N: String(expiry) },
      });
    });

    test('an item updated to a future TTL before the sweep is kept', async () => {
      await t.ddb('PutItem', {
        TableName: 'Sessions',
        Item: { pk: { S: 'renew' }, expiresAt: { N: String(nowSeconds(clock) - 1) } },
      });
      await t.ddb('UpdateItem', {
        TableName: 'Sessions',
        Key: { pk: { S: 'renew' } },
        UpdateExpression: 'SET expiresAt = :e',
        ExpressionAttributeValues: { ':e': { N: String(nowSeconds(clock) + 30 * 86400) } },
      });
      assert.equal(await sweeper.sweepNow(), 0);
      assert.ok((await get('renew')) !== undefined);
    });

    test('the timer sweeps about a second after expiry, driven by the injected clock', async () => {
      await t.ddb('PutItem', {
        TableName: 'Sessions',
        Item: { pk: { S: 'timed' }, expiresAt: { N: String(nowSeconds(clock) + 2) } },
      });
      sweeper.start();
      // Let the first timed sweep see the item and aim its next wake-up at the expiry.
      clock.advance(1000);
      await sweeper.sweepNow();
      assert.ok((await get('timed')) !== undefined);
      clock.advance(2500);
      await sweeper.sweepNow();
      assert.equal(await get('timed'), undefined);
      await sweeper.stop();
    });

    test('aws mode spreads deletions over the configured delay, never before expiry', async () => {
      clock.advance(60_000);
      const lazy = new TtlSweeper(t.ctx, {
        mode: 'aws',
        awsMaxDelayMs: 60 * 60 * 1000,
        automatic: false,
      });
      for (let i = 0; i < 20; i++) {
        await t.ddb('PutItem', {
          TableName: 'Sessions',
          Item: { pk: { S: `lazy${i}` }, expiresAt: { N: String(nowSeconds(clock) + 1) } },
        });
      }
      assert.equal(await lazy.sweepNow(), 0);
      clock.advance(2000);
      const early = await lazy.sweepNow();
      clock.advance(30 * 60 * 1000);
      const middle = await lazy.sweepNow();
      clock.advance(31 * 60 * 1000);
      const late = await lazy.sweepNow();
      assert.equal(early + middle + late, 20);
      assert.ok(middle > 0 && late > 0, `spread: ${early}/${middle}/${late}`);
    });

    test('one node sweeps a table at a time (the table lease)', async () => {
      const other = new TtlSweeper(t.ctx, { automatic: false });
      clock.advance(60_000);
      await t.ddb('PutItem', {
        TableName: 'Sessions',
        Item: { pk: { S: 'leased' }, expiresAt: { N: String(nowSeconds(clock) - 1) } },
      });
      assert.equal(await sweeper.sweepNow(), 1);
      await t.ddb('PutItem', {
        TableName: 'Sessions',
        Item: { pk: { S: 'leased2' }, expiresAt: { N: String(nowSeconds(clock) - 1) } },
      });
      // `sweeper` holds the table's lease: the other node leaves the table alone.
      assert.equal(await other.sweepNow(), 0);
      assert.ok((await get('leased2')) !== undefined);
      clock.advance(60_000);
      assert.equal(await other.sweepNow(), 1, 'after the lease expires another node takes over');
    });
  });
