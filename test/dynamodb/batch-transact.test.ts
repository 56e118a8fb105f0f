// DynamoDB batches and transactions end to end: BatchGetItem / BatchWriteItem and their limits,
// TransactWriteItems cancellation reasons and idempotency, TransactGetItems.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  TransactGetItemsCommand,
  TransactWriteItemsCommand,
  TransactionCanceledException,
  IdempotentParameterMismatchException,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import {
  DynamoDBDocumentClient,
  BatchWriteCommand,
  BatchGetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { fixturePath, sdkConfig, startTestStratus, type TestStratus } from '../helpers/stratus.js';

describe('dynamodb batches and transactions', () => {
  let stratus: TestStratus;
  let ddb: DynamoDBClient;
  let doc: DynamoDBDocumentClient;

  before(async () => {
    stratus = await startTestStratus(fixturePath('dynamodb-app'));
    ddb = new DynamoDBClient(sdkConfig(stratus));
    doc = DynamoDBDocumentClient.from(ddb);
  });

  after(async () => {
    ddb.destroy();
    await stratus.stop();
  });

  test('BatchWriteItem puts and deletes over two tables; BatchGetItem reads them back', async () => {
    const out = await doc.send(
      new BatchWriteCommand({
        RequestItems: {
          Sessions: Array.from({ length: 20 }, (_, i) => ({
            PutRequest: { Item: { id: `b${i}`, n: i } },
          })),
          Orders: [
            { PutRequest: { Item: { pk: 'b', sk: 1 } } },
            { DeleteRequest: { Key: { pk: 'b', sk: 2 } } },
          ],
        },
      }),
    );
    assert.deepEqual(out.UnprocessedItems, {});
    const got = await doc.send(
      new BatchGetCommand({
        RequestItems: {
          Sessions: {
            Keys: [{ id: 'b1' }, { id: 'b19' }, { id: 'missing' }],
            ProjectionExpression: 'n',
          },
          Orders: { Keys: [{ pk: 'b', sk: 1 }] },
        },
      }),
    );
    assert.deepEqual(got.UnprocessedKeys, {});
    assert.deepEqual(
      (got.Responses?.['Sessions'] ?? []).map((i) => i['n'] as number).sort((a, b) => a - b),
      [1, 19],
    );
    assert.deepEqual(got.Responses?.['Orders'], [{ pk: 'b', sk: 1 }]);
  });

  test('batch limits and duplicate keys get AWS text', async () => {
    const put = (i: number): WriteRequest => ({ PutRequest: { Item: { id: { S: `l${i}` } } } });
    await assert.rejects(
      ddb.send(
        new BatchWriteItemCommand({
          RequestItems: { Sessions: Array.from({ length: 26 }, (_, i) => put(i)) },
        }),
      ),
      (e: Error) =>
        e.name === 'ValidationException' &&
        e.message.startsWith("1 validation error detected: Value '{Sessions=[") &&
        e.message.endsWith(
          "at 'requestItems' failed to satisfy constraint: Map value must satisfy constraint: [Member must have length less than or equal to 25, Member must have length greater than or equal to 1]",
        ),
    );
    await assert.rejects(
      ddb.send(new BatchWriteItemCommand({ RequestItems: { Sessions: [put(1), put(1)] } })),
      {
        name: 'ValidationException',
        message: 'Provided list of item keys contains duplicates',
      },
    );
    await assert.rejects(ddb.send(new BatchWriteItemCommand({ RequestItems: {} })), {
      name: 'ValidationException',
      message: 'The requestItems parameter is required for BatchWriteItem',
    });
    const keys = Array.from({ length: 101 }, (_, i) => ({ id: { S: `k${i}` } }));
    await assert.rejects(
      ddb.send(new BatchGetItemCommand({ RequestItems: { Sessions: { Keys: keys } } })),
      {
        name: 'ValidationException',
        message:
          "1 validation error detected: Value at 'RequestItems.Sessions.member.Keys' failed to satisfy constraint: Member must have length less than or equal to 100",
      },
    );
    await assert.rejects(
      ddb.send(
        new BatchGetItemCommand({
          RequestItems: { Sessions: { Keys: [{ id: { S: 'a' } }, { id: { S: 'a' } }] } },
        }),
      ),
      { name: 'ValidationException', message: 'Provided list of item keys contains duplicates' },
    );
    await assert.rejects(
      ddb.send(new BatchGetItemCommand({ RequestItems: { Nope: { Keys: [{ id: { S: 'a' } }] } } })),
      {
        name: 'ResourceNotFoundException',
        message: 'Requested resource not found',
      },
    );
  });

  test('TransactWriteItems applies everything or nothing, with positional reasons', async () => {
    await ddb.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          { Put: { TableName: 'Sessions', Item: { id: { S: 't1' }, v: { N: '1' } } } },
          {
            Update: {
              TableName: 'Sessions',
              Key: { id: { S: 't2' } },
              UpdateExpression: 'SET v = :v',
              ExpressionAttributeValues: { ':v': { N: '2' } },
            },
          },
        ],
      }),
    );
    await assert.rejects(
      ddb.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName: 'Sessions', Item: { id: { S: 't3' } } } },
            {
              ConditionCheck: {
                TableName: 'Sessions',
                Key: { id: { S: 't1' } },
                ConditionExpression: 'v = :two',
                ExpressionAttributeValues: { ':two': { N: '2' } },
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
              },
            },
            { Delete: { TableName: 'Sessions', Key: { id: { S: 't2' } } } },
          ],
        }),
      ),
      (e: TransactionCanceledException) => {
        assert.ok(e instanceof TransactionCanceledException);
        assert.equal(
          e.message,
          'Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed, None]',
        );
        assert.deepEqual(e.CancellationReasons, [
          { Code: 'None' },
          {
            Code: 'ConditionalCheckFailed',
            Message: 'The conditional request failed',
            Item: { id: { S: 't1' }, v: { N: '1' } },
          },
          { Code: 'None' },
        ]);
        return true;
      },
    );
    const t3 = await ddb.send(
      new GetItemCommand({ TableName: 'Sessions', Key: { id: { S: 't3' } } }),
    );
    assert.equal(t3.Item, undefined);
    const t2 = await ddb.send(
      new GetItemCommand({ TableName: 'Sessions', Key: { id: { S: 't2' } } }),
    );
    assert.deepEqual(t2.Item, { id: { S: 't2' }, v: { N: '2' } });
  });

  test('an update run-time error cancels with ValidationError', async () => {
    await assert.rejects(
      ddb.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            {
              Update: {
                TableName: 'Sessions',
                Key: { id: { S: 'rt' } },
                UpdateExpression: 'SET v = nope + :one',
                ExpressionAttributeValues: { ':one': { N: '1' } },
              },
            },
          ],
        }),
      ),
      (e: TransactionCanceledException) => {
        assert.deepEqual(e.CancellationReasons, [
          {
            Code: 'ValidationError',
            Message:
              'The provided expression refers to an attribute that does not exist in the item.',
          },
        ]);
        return true;
      },
    );
  });

  test('two actions on one item are rejected', async () => {
    await assert.rejects(
      ddb.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName: 'Sessions', Item: { id: { S: 'same' } } } },
            { Delete: { TableName: 'Sessions', Key: { id: { S: 'same' } } } },
          ],
        }),
      ),
      {
        name: 'ValidationException',
        message: 'Transaction request cannot include multiple operations on one item',
      },
    );
  });

  test('ClientRequestToken makes a retried transaction idempotent and rejects other parameters', async () => {
    const token = 'token-1234';
    const items = [
      {
        Update: {
          TableName: 'Sessions',
          Key: { id: { S: 'idem' } },
          UpdateExpression: 'ADD n :one',
          ExpressionAttributeValues: { ':one': { N: '1' } },
        },
      },
    ];
    await ddb.send(
      new TransactWriteItemsCommand({ TransactItems: items, ClientRequestToken: token }),
    );
    const replay = await ddb.send(
      new TransactWriteItemsCommand({
        TransactItems: items,
        ClientRequestToken: token,
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    assert.ok(replay);
    const { Item } = await ddb.send(
      new GetItemCommand({ TableName: 'Sessions', Key: { id: { S: 'idem' } } }),
    );
    assert.deepEqual(Item?.['n'], { N: '1' });
    await assert.rejects(
      ddb.send(
        new TransactWriteItemsCommand({
          TransactItems: [{ Put: { TableName: 'Sessions', Item: { id: { S: 'other' } } } }],
          ClientRequestToken: token,
        }),
      ),
      (e: Error) => e instanceof IdempotentParameterMismatchException,
    );
  });

  test('TransactGetItems answers in request order with {} for missing items', async () => {
    const out = await ddb.send(
      new TransactGetItemsCommand({
        TransactItems: [
          { Get: { TableName: 'Sessions', Key: { id: { S: 'missing' } } } },
          { Get: { TableName: 'Sessions', Key: { id: { S: 't1' } }, ProjectionExpression: 'v' } },
        ],
      }),
    );
    assert.deepEqual(out.Responses, [{}, { Item: { v: { N: '1' } } }]);
    await assert.rejects(
      ddb.send(
        new TransactGetItemsCommand({
          TransactItems: [{ Get: { TableName: 'Sessions', Key: { nope: { S: 'x' } } } }],
        }),
      ),
      (e: TransactionCanceledException) => e.CancellationReasons?.[0]?.Code === 'ValidationError',
    );
  });

  test('BatchWriteItem keeps indexes and the stream exact: one record per change, in request order', async () => {
    const order = (sk: number, status: string, extra: Record<string, unknown> = {}) => ({
      pk: 'sb',
      sk,
      status,
      placedAt: `2026-01-0${sk}`,
      ...extra,
    });
    for (const item of [order(1, 'open'), order(2, 'open'), order(5, 'open', { total: 5 })]) {
      await doc.send(new PutCommand({ TableName: 'Orders', Item: item }));
    }
    const streams = new DynamoDBStreamsClient(sdkConfig(stratus));
    try {
      const arn = stratus.model().tables.find((t) => t.name === 'Orders')!.stream!.arn;
      const described = await streams.send(new DescribeStreamCommand({ StreamArn: arn }));
      const { ShardIterator } = await streams.send(
        new GetShardIteratorCommand({
          StreamArn: arn,
          ShardId: described.StreamDescription!.Shards![0]!.ShardId!,
          ShardIteratorType: 'LATEST',
        }),
      );
      await doc.send(
        new BatchWriteCommand({
          RequestItems: {
            Orders: [
              { PutRequest: { Item: order(1, 'shipped') } },
              { DeleteRequest: { Key: { pk: 'sb', sk: 2 } } },
              { PutRequest: { Item: order(3, 'open', { total: 3 }) } },
              // Identical to what is stored: no change, no record.
              { PutRequest: { Item: order(5, 'open', { total: 5 }) } },
            ],
          },
        }),
      );
      const { Records } = await streams.send(new GetRecordsCommand({ ShardIterator }));
      assert.deepEqual(
        (Records ?? []).map((r) => [r.eventName, r.dynamodb?.Keys?.['sk']?.N]),
        [
          ['MODIFY', '1'],
          ['REMOVE', '2'],
          ['INSERT', '3'],
        ],
      );
      const seqs = (Records ?? []).map((r) => BigInt(r.dynamodb!.SequenceNumber!));
      assert.ok(seqs[0]! < seqs[1]! && seqs[1]! < seqs[2]!);
      assert.equal(Records?.[0]?.dynamodb?.OldImage?.['status']?.S, 'open');
      assert.equal(Records?.[0]?.dynamodb?.NewImage?.['status']?.S, 'shipped');
    } finally {
      streams.destroy();
    }
    const byStatus = async (status: string) =>
      (
        await doc.send(
          new QueryCommand({
            TableName: 'Orders',
            IndexName: 'byStatus',
            KeyConditionExpression: '#s = :s',
            FilterExpression: 'pk = :pk',
            ExpressionAttributeNames: { '#s': 'status' },
            ExpressionAttributeValues: { ':s': status, ':pk': 'sb' },
          }),
        )
      ).Items?.map((i) => i['sk'] as number);
    assert.deepEqual(await byStatus('shipped'), [1]);
    assert.deepEqual(await byStatus('open'), [3, 5]);
    const local = await doc.send(
      new QueryCommand({
        TableName: 'Orders',
        IndexName: 'byPlacedAt',
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'sb' },
      }),
    );
    assert.deepEqual(
      local.Items?.map((i): unknown[] => [i['sk'], i['total']]),
      [
        [1, undefined],
        [3, 3],
        [5, 5],
      ],
    );
  });
});
