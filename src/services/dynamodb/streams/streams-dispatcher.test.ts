import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ManualClock } from '../../../core/clock.js';
import { AwsError } from '../../../core/errors.js';
import { formatSequenceNumber } from './sequence-number.js';
import { openTestDynamoDb, tableInput, type TestDynamoDb } from './testing.js';
import { streamsFor } from './streams-dispatcher.js';

interface ApiRecord {
  eventName: string;
  dynamodb: {
    Keys: unknown;
    NewImage?: unknown;
    OldImage?: unknown;
    SequenceNumber: string;
    StreamViewType: string;
    ApproximateCreationDateTime: number;
    SizeBytes: number;
  };
  userIdentity?: unknown;
}

async function rejects(promise: Promise<unknown>, code: string, message?: string): Promise<void> {
  await assert.rejects(promise, (e: unknown) => {
    assert.ok(e instanceof AwsError, String(e));
    assert.equal(e.code, code);
    if (message !== undefined) assert.equal(e.message, message);
    return true;
  });
}

for (const engine of ['sqlite', 'postgres'] as const)
  describe(`DynamoDB Streams API (${engine})`, () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 5, 10, 0, 0, 123));
    let t: TestDynamoDb;
    let arn: string;

    async function shardOf(streamArn: string): Promise<string> {
      const d = (await t.streams('DescribeStream', { StreamArn: streamArn })) as {
        StreamDescription: { Shards: { ShardId: string }[] };
      };
      return d.StreamDescription.Shards[0]!.ShardId;
    }

    async function iterator(streamArn: string, type: string, seq?: string): Promise<string> {
      const out = await t.streams('GetShardIterator', {
        StreamArn: streamArn,
        ShardId: await shardOf(streamArn),
        ShardIteratorType: type,
        ...(seq === undefined ? {} : { SequenceNumber: seq }),
      });
      return out['ShardIterator'] as string;
    }

    async function records(
      it: string,
      limit?: number,
    ): Promise<{ Records: ApiRecord[]; NextShardIterator?: string }> {
      return (await t.streams('GetRecords', {
        ShardIterator: it,
        ...(limit === undefined ? {} : { Limit: limit }),
      })) as { Records: ApiRecord[]; NextShardIterator?: string };
    }

    before(async () => {
      t = await openTestDynamoDb(engine, clock);
      const created = (await t.ddb(
        'CreateTable',
        tableInput('Orders', { viewType: 'NEW_AND_OLD_IMAGES' }),
      )) as {
        TableDescription: { LatestStreamArn: string };
      };
      arn = created.TableDescription.LatestStreamArn;
    });
    after(async () => t.close());

    test('INSERT, MODIFY and REMOVE records with both images; none for a no-op write', async () => {
      await t.ddb('PutItem', { TableName: 'Orders', Item: { pk: { S: 'a' }, v: { N: '1' } } });
      await t.ddb('PutItem', { TableName: 'Orders', Item: { pk: { S: 'a' }, v: { N: '1' } } });
      await t.ddb('PutItem', { TableName: 'Orders', Item: { pk: { S: 'a' }, v: { N: '2' } } });
      await t.ddb('DeleteItem', { TableName: 'Orders', Key: { pk: { S: 'a' } } });
      await t.ddb('DeleteItem', { TableName: 'Orders', Key: { pk: { S: 'a' } } });
      const out = await records(await iterator(arn, 'TRIM_HORIZON'));
      assert.deepEqual(
        out.Records.map((r) => r.eventName),
        ['INSERT', 'MODIFY', 'REMOVE'],
      );
      const [ins, mod, rem] = out.Records as [ApiRecord, ApiRecord, ApiRecord];
      assert.deepEqual(ins.dynamodb.Keys, { pk: { S: 'a' } });
      assert.deepEqual(ins.dynamodb.NewImage, { pk: { S: 'a' }, v: { N: '1' } });
      assert.equal(ins.dynamodb.OldImage, undefined);
      assert.deepEqual(mod.dynamodb.OldImage, { pk: { S: 'a' }, v: { N: '1' } });
      assert.deepEqual(mod.dynamodb.NewImage, { pk: { S: 'a' }, v: { N: '2' } });
      assert.equal(rem.dynamodb.NewImage, undefined);
      assert.deepEqual(rem.dynamodb.OldImage, { pk: { S: 'a' }, v: { N: '2' } });
      assert.equal(rem.userIdentity, undefined);
      assert.equal(ins.dynamodb.ApproximateCreationDateTime, Math.floor(clock.now() / 1000));
      const seqs = out.Records.map((r) => BigInt(r.dynamodb.SequenceNumber));
      assert.ok(seqs[0]! < seqs[1]! && seqs[1]! < seqs[2]!);
      assert.ok(out.NextShardIterator !== undefined);
      // Nothing new: an empty page and an iterator that still works.
      const again = await records(out.NextShardIterator);
      assert.deepEqual(again.Records, []);
      assert.ok(again.NextShardIterator !== undefined);
    });

    test('ListStreams filters by table and pages with ExclusiveStartStreamArn', async () => {
      await t.ddb('CreateTable', tableInput('Other', { viewType: 'KEYS_ONLY' }));
      await t.ddb('CreateTable', tableInput('NoStream'));
      const all = (await t.streams('ListStreams', {})) as {
        Streams: { StreamArn: string; TableName: string; StreamLabel: string }[];
      };
      assert.deepEqual(all.Streams.map((s) => s.TableName).sort(), ['Orders', 'Other']);
      const mine = (await t.streams('ListStreams', { TableName: 'Orders' })) as {
        Streams: { StreamArn: string; StreamLabel: string }[];
      };
      assert.equal(mine.Streams.length, 1);
      assert.equal(mine.Streams[0]!.StreamArn, arn);
      assert.ok(arn.endsWith(`/stream/${mine.Streams[0]!.StreamLabel}`));
      const first = await t.streams('ListStreams', { Limit: 1 });
      assert.equal((first['Streams'] as unknown[]).length, 1);
      const next = await t.streams('ListStreams', {
        Limit: 1,
        ExclusiveStartStreamArn: first['LastEvaluatedStreamArn'],
      });
      assert.equal((next['Streams'] as unknown[]).length, 1);
      assert.equal(next['LastEvaluatedStreamArn'], undefined);
      assert.deepEqual((await t.streams('ListStreams', { TableName: 'Nope' }))['Streams'], []);
      await rejects(
        t.streams('ListStreams', { Limit: 0 }),
        'ValidationException',
        "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
      );
    });

    test('DescribeStream shows an open shard with a stable id; unknown streams are not found', async () => {
      const d = (await t.streams('DescribeStream', { StreamArn: arn })) as {
        StreamDescription: Record<string, unknown> & {
          Shards: { ShardId: string; SequenceNumberRange: Record<string, string> }[];
        };
      };
      const s = d.StreamDescription;
      assert.equal(s['StreamStatus'], 'ENABLED');
      assert.equal(s['StreamViewType'], 'NEW_AND_OLD_IMAGES');
      assert.equal(s['TableName'], 'Orders');
      assert.deepEqual(s['KeySchema'], [{ AttributeName: 'pk', KeyType: 'HASH' }]);
      assert.equal(typeof s['CreationRequestDateTime'], 'number');
      assert.equal(s.Shards.length, 1);
      assert.match(s.Shards[0]!.ShardId, /^shardId-[0-9]{20}-[0-9a-f]{8}$/);
      assert.deepEqual(s.Shards[0]!.SequenceNumberRange, {
        StartingSequenceNumber: formatSequenceNumber(1),
      });
      assert.equal(await shardOf(arn), s.Shards[0]!.ShardId);
      const missing = arn.replace('Orders', 'Missing');
      await rejects(
        t.streams('DescribeStream', { StreamArn: missing }),
        'ResourceNotFoundException',
        `Requested resource not found: Stream: ${missing} not found`,
      );
      const child = (await t.streams('DescribeStream', {
        StreamArn: arn,
        ShardFilter: { Type: 'CHILD_SHARDS', ShardId: s.Shards[0]!.ShardId },
      })) as { StreamDescription: { Shards: unknown[] } };
      assert.deepEqual(child.StreamDescription.Shards, []);
    });

    test('iterator types: LATEST, AT_ and AFTER_SEQUENCE_NUMBER, Limit and paging', async () => {
      const latest = await iterator(arn, 'LATEST');
      await t.ddb('PutItem', { TableName: 'Orders', Item: { pk: { S: 'b' } } });
      await t.ddb('PutItem', { TableName: 'Orders', Item: { pk: { S: 'c' } } });
      await t.ddb('PutItem', { TableName: 'Orders', Item: { pk: { S: 'd' } } });
      const fromLatest = await records(latest);
      assert.deepEqual(
        fromLatest.Records.map((r) => r.dynamodb.Keys),
        [{ pk: { S: 'b' } }, { pk: { S: 'c' } }, { pk: { S: 'd' } }],
      );
      const [b, c] = fromLatest.Records as [ApiRecord, ApiRecord];
      const at = await records(
        await iterator(arn, 'AT_SEQUENCE_NUMBER', c.dynamodb.SequenceNumber),
      );
      assert.deepEqual(
        at.Records.map((r) => r.dynamodb.Keys),
        [{ pk: { S: 'c' } }, { pk: { S: 'd' } }],
      );
      const afterB = await records(
        await iterator(arn, 'AFTER_SEQUENCE_NUMBER', b.dynamodb.SequenceNumber),
        1,
      );
      assert.deepEqual(
        afterB.Records.map((r) => r.dynamodb.Keys),
        [{ pk: { S: 'c' } }],
      );
      const rest = await records(afterB.NextShardIterator!);
      assert.deepEqual(
        rest.Records.map((r) => r.dynamodb.Keys),
        [{ pk: { S: 'd' } }],
      );
      await rejects(
        iterator(arn, 'AT_SEQUENCE_NUMBER'),
        'ValidationException',
        'One or more parameter values were invalid: Invalid SequenceNumber',
      );
      await rejects(
        iterator(arn, 'AT_SEQUENCE_NUMBER', '1000000000000000000x1'),
        'ValidationException',
      );
      await rejects(
        t.streams('GetShardIterator', {
          StreamArn: arn,
          ShardId: 'shardId-00000000000000000000-00000000',
          ShardIteratorType: 'LATEST',
        }),
        'ResourceNotFoundException',
      );
      await rejects(
        t.streams('GetShardIterator', {
          StreamArn: arn,
          ShardId: await shardOf(arn),
          ShardIteratorType: 'OLDEST',
        }),
        'ValidationException',
        "1 validation error detected: Value 'OLDEST' at 'shardIteratorType' failed to satisfy constraint: Member must satisfy enum value set: [TRIM_HORIZON, LATEST, AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER]",
      );
      await rejects(records(latest, 1001), 'ValidationException');
      await rejects(
        records('garbage'),
        'ValidationException',
        'One or more parameter values were invalid: Invalid ShardIterator',
      );
    });

    test('KEYS_ONLY streams carry no images; TTL deletes carry the service identity', async () => {
      const other = (await t.streams('ListStreams', { TableName: 'Other' })) as {
        Streams: { StreamArn: string }[];
      };
      const otherArn = other.Streams[0]!.StreamArn;
      await t.ddb('PutItem', { TableName: 'Other', Item: { pk: { S: 'k' }, x: { S: 'y' } } });
      await t.ctx.items.deleteItem(
        t.ctx.catalog.get('Other')!,
        { pk: { S: 'k' } },
        {
          userIdentity: { type: 'Service', principalId: 'dynamodb.amazonaws.com' },
        },
      );
      const out = await records(await iterator(otherArn, 'TRIM_HORIZON'));
      assert.deepEqual(
        out.Records.map((r) => r.eventName),
        ['INSERT', 'REMOVE'],
      );
      for (const r of out.Records) {
        assert.equal(r.dynamodb.NewImage, undefined);
        assert.equal(r.dynamodb.OldImage, undefined);
        assert.equal(r.dynamodb.StreamViewType, 'KEYS_ONLY');
      }
      // The Streams API spells the identity members in PascalCase (the Lambda event does not).
      assert.deepEqual(out.Records[1]!.userIdentity, {
        PrincipalId: 'dynamodb.amazonaws.com',
        Type: 'Service',
      });
    });

    test('iterators expire after 15 minutes', async () => {
      const it = await iterator(arn, 'TRIM_HORIZON');
      clock.advance(15 * 60 * 1000);
      await records(it);
      clock.advance(1);
      await rejects(
        records(it),
        'ExpiredIteratorException',
        'The provided iterator exceeds the maximum age allowed.',
      );
    });

    test('a disabled stream is closed, drains to no NextShardIterator, and is trimmed after 24 h', async () => {
      await t.ddb('CreateTable', tableInput('Closing', { viewType: 'NEW_IMAGE' }));
      const closingArn = (
        (await t.streams('ListStreams', { TableName: 'Closing' })) as {
          Streams: { StreamArn: string }[];
        }
      ).Streams[0]!.StreamArn;
      await t.ddb('PutItem', { TableName: 'Closing', Item: { pk: { S: '1' } } });
      await t.ddb('PutItem', { TableName: 'Closing', Item: { pk: { S: '2' } } });
      const trimHorizon = await iterator(closingArn, 'TRIM_HORIZON');
      await t.ddb('UpdateTable', {
        TableName: 'Closing',
        StreamSpecification: { StreamEnabled: false },
      });
      const d = (await t.streams('DescribeStream', { StreamArn: closingArn })) as {
        StreamDescription: {
          StreamStatus: string;
          Shards: { SequenceNumberRange: { EndingSequenceNumber?: string } }[];
        };
      };
      assert.equal(d.StreamDescription.StreamStatus, 'DISABLED');
      const first = await records(trimHorizon, 1);
      assert.equal(first.Records.length, 1);
      assert.ok(first.NextShardIterator !== undefined);
      const second = await records(first.NextShardIterator);
      assert.equal(second.Records.length, 1);
      assert.equal(
        d.StreamDescription.Shards[0]!.SequenceNumberRange.EndingSequenceNumber,
        second.Records[0]!.dynamodb.SequenceNumber,
      );
      assert.equal(second.NextShardIterator, undefined);

      // 24 h later the records of the open stream are trimmed: old positions are gone.
      const oldSeq = (await records(await iterator(arn, 'TRIM_HORIZON'), 1)).Records[0]!.dynamodb
        .SequenceNumber;
      clock.advance(24 * 60 * 60 * 1000 + 1000);
      await t.ddb('PutItem', { TableName: 'Orders', Item: { pk: { S: 'fresh' } } });
      await streamsFor(t.ctx).trim();
      await rejects(
        iterator(arn, 'AT_SEQUENCE_NUMBER', oldSeq),
        'TrimmedDataAccessException',
        'The data you are trying to access has been trimmed',
      );
      const horizon = await records(await iterator(arn, 'TRIM_HORIZON'));
      assert.deepEqual(
        horizon.Records.map((r) => r.dynamodb.Keys),
        [{ pk: { S: 'fresh' } }],
      );
      // The stream disabled over 24 h ago is gone.
      await rejects(
        t.streams('DescribeStream', { StreamArn: closingArn }),
        'ResourceNotFoundException',
      );
      assert.deepEqual((await t.streams('ListStreams', { TableName: 'Closing' }))['Streams'], []);
    });
  });
