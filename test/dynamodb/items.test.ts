// DynamoDB items end to end: the real SDK v3 client (and DocumentClient) against Stratus started
// on the dynamodb-app fixture: CRUD, every ReturnValues, conditional failures, key validation.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { fixturePath, sdkConfig, startTestStratus, type TestStratus } from '../helpers/stratus.js';

async function rejects(promise: Promise<unknown>, name: string, message: string): Promise<void> {
  await assert.rejects(promise, (e: Error) => {
    assert.equal(e.name, name);
    assert.equal(e.message, message);
    return true;
  });
}

describe('dynamodb items', () => {
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

  test('template tables exist with their indexes, stream and TTL', async () => {
    const { Table } = await ddb.send(new DescribeTableCommand({ TableName: 'Orders' }));
    assert.equal(Table?.TableStatus, 'ACTIVE');
    assert.deepEqual(
      Table?.GlobalSecondaryIndexes?.map((i) => i.IndexName),
      ['byStatus'],
    );
    assert.deepEqual(
      Table?.LocalSecondaryIndexes?.map((i) => i.IndexName),
      ['byPlacedAt'],
    );
    assert.equal(Table?.StreamSpecification?.StreamViewType, 'NEW_AND_OLD_IMAGES');
    assert.match(
      Table?.LatestStreamArn ?? '',
      /^arn:aws:dynamodb:us-east-1:123456789012:table\/Orders\/stream\//,
    );
    assert.equal(Table?.BillingModeSummary?.BillingMode, 'PAY_PER_REQUEST');
    const sessions = await ddb.send(new DescribeTableCommand({ TableName: 'Sessions' }));
    assert.deepEqual(sessions.Table?.KeySchema, [{ AttributeName: 'id', KeyType: 'HASH' }]);
  });

  test('PutItem then GetItem returns the item with canonical numbers', async () => {
    await ddb.send(
      new PutItemCommand({
        TableName: 'Orders',
        Item: {
          pk: { S: 'c1' },
          sk: { N: '01.50' },
          total: { N: '1E+3' },
          tags: { SS: ['a', 'b'] },
        },
      }),
    );
    const { Item } = await ddb.send(
      new GetItemCommand({
        TableName: 'Orders',
        Key: { pk: { S: 'c1' }, sk: { N: '1.5' } },
        ConsistentRead: true,
      }),
    );
    assert.deepEqual(Item?.['total'], { N: '1000' });
    assert.deepEqual(Item?.['sk'], { N: '1.5' });
  });

  test('GetItem of a missing item has no Item member', async () => {
    const out = await ddb.send(
      new GetItemCommand({ TableName: 'Orders', Key: { pk: { S: 'none' }, sk: { N: '1' } } }),
    );
    assert.equal(out.Item, undefined);
  });

  test('GetItem with ProjectionExpression keeps only the requested paths', async () => {
    await doc.send(
      new PutCommand({
        TableName: 'Sessions',
        Item: { id: 'p1', a: 1, m: { x: 1, y: 2 }, l: [1, 2, 3] },
      }),
    );
    const { Item } = await doc.send(
      new GetCommand({
        TableName: 'Sessions',
        Key: { id: 'p1' },
        ProjectionExpression: 'm.y, l[2], #a',
        ExpressionAttributeNames: { '#a': 'a' },
      }),
    );
    assert.deepEqual(Item, { a: 1, m: { y: 2 }, l: [3] });
  });

  test('PutItem ReturnValues ALL_OLD returns the replaced item, and nothing for a new one', async () => {
    const first = await doc.send(
      new PutCommand({ TableName: 'Sessions', Item: { id: 'rv', v: 1 }, ReturnValues: 'ALL_OLD' }),
    );
    assert.equal(first.Attributes, undefined);
    const second = await doc.send(
      new PutCommand({ TableName: 'Sessions', Item: { id: 'rv', v: 2 }, ReturnValues: 'ALL_OLD' }),
    );
    assert.deepEqual(second.Attributes, { id: 'rv', v: 1 });
  });

  test('PutItem ReturnValues ALL_NEW is rejected with AWS text', async () => {
    await rejects(
      ddb.send(
        new PutItemCommand({
          TableName: 'Sessions',
          Item: { id: { S: 'x' } },
          ReturnValues: 'ALL_NEW',
        }),
      ),
      'ValidationException',
      'ReturnValues can only be ALL_OLD or NONE',
    );
  });

  test('UpdateItem upserts and honours every ReturnValues variant', async () => {
    const key = { id: 'u1' };
    const created = await doc.send(
      new UpdateCommand({
        TableName: 'Sessions',
        Key: key,
        UpdateExpression: 'SET n = :one, m = :m',
        ExpressionAttributeValues: { ':one': 1, ':m': { a: 1, b: 2 } },
        ReturnValues: 'ALL_NEW',
      }),
    );
    assert.deepEqual(created.Attributes, { id: 'u1', n: 1, m: { a: 1, b: 2 } });
    const updatedOld = await doc.send(
      new UpdateCommand({
        TableName: 'Sessions',
        Key: key,
        UpdateExpression: 'SET m.a = :v ADD n :one',
        ExpressionAttributeValues: { ':v': 9, ':one': 1 },
        ReturnValues: 'UPDATED_OLD',
      }),
    );
    assert.deepEqual(updatedOld.Attributes, { n: 1, m: { a: 1 } });
    const updatedNew = await doc.send(
      new UpdateCommand({
        TableName: 'Sessions',
        Key: key,
        UpdateExpression: 'ADD n :one',
        ExpressionAttributeValues: { ':one': 1 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    assert.deepEqual(updatedNew.Attributes, { n: 3 });
    const allOld = await doc.send(
      new UpdateCommand({
        TableName: 'Sessions',
        Key: key,
        UpdateExpression: 'REMOVE m',
        ReturnValues: 'ALL_OLD',
      }),
    );
    assert.deepEqual(allOld.Attributes, { id: 'u1', n: 3, m: { a: 9, b: 2 } });
    const none = await doc.send(
      new UpdateCommand({
        TableName: 'Sessions',
        Key: key,
        UpdateExpression: 'REMOVE nothing',
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    assert.equal(none.Attributes, undefined);
    const plain = await doc.send(
      new UpdateCommand({
        TableName: 'Sessions',
        Key: key,
        UpdateExpression: 'SET z = :z',
        ExpressionAttributeValues: { ':z': 'x' },
      }),
    );
    assert.equal(plain.Attributes, undefined);
  });

  test('a failed condition throws ConditionalCheckFailedException, with Item when ALL_OLD', async () => {
    await doc.send(new PutCommand({ TableName: 'Sessions', Item: { id: 'c1', v: 1 } }));
    await assert.rejects(
      doc.send(
        new PutCommand({
          TableName: 'Sessions',
          Item: { id: 'c1', v: 2 },
          ConditionExpression: 'attribute_not_exists(id)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      ),
      (e: ConditionalCheckFailedException) => {
        assert.ok(e instanceof ConditionalCheckFailedException);
        assert.equal(e.message, 'The conditional request failed');
        assert.deepEqual(e.Item, { id: { S: 'c1' }, v: { N: '1' } });
        return true;
      },
    );
    await assert.rejects(
      ddb.send(
        new DeleteItemCommand({
          TableName: 'Sessions',
          Key: { id: { S: 'c1' } },
          ConditionExpression: 'v = :two',
          ExpressionAttributeValues: { ':two': { N: '2' } },
        }),
      ),
      (e: ConditionalCheckFailedException) =>
        e instanceof ConditionalCheckFailedException && e.Item === undefined,
    );
    const { Item } = await doc.send(new GetCommand({ TableName: 'Sessions', Key: { id: 'c1' } }));
    assert.deepEqual(Item, { id: 'c1', v: 1 });
  });

  test('legacy Expected and AttributeUpdates work', async () => {
    await ddb.send(
      new PutItemCommand({ TableName: 'Sessions', Item: { id: { S: 'lg' }, v: { N: '1' } } }),
    );
    await ddb.send(
      new UpdateItemCommand({
        TableName: 'Sessions',
        Key: { id: { S: 'lg' } },
        AttributeUpdates: { v: { Action: 'ADD', Value: { N: '5' } } },
        Expected: { v: { Value: { N: '1' } } },
      }),
    );
    const { Item } = await ddb.send(
      new GetItemCommand({ TableName: 'Sessions', Key: { id: { S: 'lg' } } }),
    );
    assert.deepEqual(Item?.['v'], { N: '6' });
  });

  test('DeleteItem ALL_OLD returns the deleted item', async () => {
    await doc.send(new PutCommand({ TableName: 'Sessions', Item: { id: 'd1', v: 'x' } }));
    const out = await ddb.send(
      new DeleteItemCommand({
        TableName: 'Sessions',
        Key: { id: { S: 'd1' } },
        ReturnValues: 'ALL_OLD',
      }),
    );
    assert.deepEqual(out.Attributes, { id: { S: 'd1' }, v: { S: 'x' } });
    const again = await ddb.send(
      new DeleteItemCommand({
        TableName: 'Sessions',
        Key: { id: { S: 'd1' } },
        ReturnValues: 'ALL_OLD',
      }),
    );
    assert.equal(again.Attributes, undefined);
  });

  test('ReturnConsumedCapacity TOTAL and INDEXES follow the unit rules', async () => {
    const total = await ddb.send(
      new PutItemCommand({
        TableName: 'Sessions',
        Item: { id: { S: 'cap' }, big: { S: 'x'.repeat(1500) } },
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    assert.deepEqual(total.ConsumedCapacity, { TableName: 'Sessions', CapacityUnits: 2 });
    const indexes = await ddb.send(
      new PutItemCommand({
        TableName: 'Orders',
        Item: {
          pk: { S: 'cap' },
          sk: { N: '1' },
          status: { S: 'new' },
          placedAt: { S: '2026-01-01' },
        },
        ReturnConsumedCapacity: 'INDEXES',
      }),
    );
    assert.deepEqual(indexes.ConsumedCapacity, {
      TableName: 'Orders',
      CapacityUnits: 3,
      Table: { CapacityUnits: 1 },
      GlobalSecondaryIndexes: { byStatus: { CapacityUnits: 1 } },
      LocalSecondaryIndexes: { byPlacedAt: { CapacityUnits: 1 } },
    });
    const read = await ddb.send(
      new GetItemCommand({
        TableName: 'Sessions',
        Key: { id: { S: 'cap' } },
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    assert.deepEqual(read.ConsumedCapacity, { TableName: 'Sessions', CapacityUnits: 0.5 });
  });

  test('ReturnItemCollectionMetrics SIZE on a table with an LSI', async () => {
    const out = await ddb.send(
      new PutItemCommand({
        TableName: 'Orders',
        Item: { pk: { S: 'icm' }, sk: { N: '1' } },
        ReturnItemCollectionMetrics: 'SIZE',
      }),
    );
    assert.deepEqual(out.ItemCollectionMetrics, {
      ItemCollectionKey: { pk: { S: 'icm' } },
      SizeEstimateRangeGB: [0, 1],
    });
  });

  test('the 400 KB item limit is exact', async () => {
    await ddb.send(
      new PutItemCommand({
        TableName: 'Sessions',
        Item: { id: { S: 'a' }, b: { S: 'x'.repeat(409_596) } },
      }),
    );
    await rejects(
      ddb.send(
        new PutItemCommand({
          TableName: 'Sessions',
          Item: { id: { S: 'a' }, b: { S: 'x'.repeat(409_597) } },
        }),
      ),
      'ValidationException',
      'Item size has exceeded the maximum allowed size',
    );
    await rejects(
      ddb.send(
        new UpdateItemCommand({
          TableName: 'Sessions',
          Key: { id: { S: 'a' } },
          UpdateExpression: 'SET c = :c',
          ExpressionAttributeValues: { ':c': { S: 'yy' } },
        }),
      ),
      'ValidationException',
      'Item size to update has exceeded the maximum allowed size',
    );
  });
});
