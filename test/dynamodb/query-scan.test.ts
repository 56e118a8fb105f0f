// DynamoDB Query and Scan end to end: key conditions, paging (Limit before filter, the 1 MB page
// limit, the SDK paginators), index queries with their projections, parallel scan.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  DynamoDBClient,
  QueryCommand,
  ScanCommand,
  BatchWriteItemCommand,
} from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  PutCommand,
  QueryCommand as DocQueryCommand,
  paginateQuery,
  paginateScan,
} from '@aws-sdk/lib-dynamodb';
import { fixturePath, sdkConfig, startTestStratus, type TestStratus } from '../helpers/stratus.js';

describe('dynamodb query and scan', () => {
  let stratus: TestStratus;
  let ddb: DynamoDBClient;
  let doc: DynamoDBDocumentClient;

  before(async () => {
    stratus = await startTestStratus(fixturePath('dynamodb-app'));
    ddb = new DynamoDBClient(sdkConfig(stratus));
    doc = DynamoDBDocumentClient.from(ddb);
    for (let i = 0; i < 30; i++) {
      await doc.send(
        new PutCommand({
          TableName: 'Orders',
          Item: {
            pk: 'cust',
            sk: i,
            status: i % 3 === 0 ? 'open' : 'closed',
            placedAt: `2026-01-${String(30 - i).padStart(2, '0')}`,
            total: i * 10,
            note: `n${i}`,
          },
        }),
      );
    }
    await doc.send(new PutCommand({ TableName: 'Orders', Item: { pk: 'other', sk: 1 } }));
  });

  after(async () => {
    ddb.destroy();
    await stratus.stop();
  });

  test('Query returns one partition in numeric sort-key order, ScanIndexForward reverses', async () => {
    const up = await doc.send(
      new DocQueryCommand({
        TableName: 'Orders',
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': 'cust' },
      }),
    );
    assert.equal(up.Count, 30);
    assert.deepEqual(
      up.Items?.slice(0, 3).map((i) => i['sk'] as number),
      [0, 1, 2],
    );
    const down = await doc.send(
      new DocQueryCommand({
        TableName: 'Orders',
        KeyConditionExpression: 'pk = :p AND sk BETWEEN :a AND :b',
        ExpressionAttributeValues: { ':p': 'cust', ':a': 10, ':b': 12 },
        ScanIndexForward: false,
      }),
    );
    assert.deepEqual(
      down.Items?.map((i) => i['sk'] as number),
      [12, 11, 10],
    );
    const gt = await doc.send(
      new DocQueryCommand({
        TableName: 'Orders',
        KeyConditionExpression: 'pk = :p AND sk > :a',
        ExpressionAttributeValues: { ':p': 'cust', ':a': 27 },
      }),
    );
    assert.deepEqual(
      gt.Items?.map((i) => i['sk'] as number),
      [28, 29],
    );
  });

  test('Limit counts items read before the filter; LastEvaluatedKey even when all are filtered out', async () => {
    const out = await doc.send(
      new DocQueryCommand({
        TableName: 'Orders',
        KeyConditionExpression: 'pk = :p',
        FilterExpression: '#s = :open',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':p': 'cust', ':open': 'open' },
        Limit: 2,
      }),
    );
    assert.equal(out.ScannedCount, 2);
    assert.equal(out.Count, 1);
    assert.deepEqual(out.LastEvaluatedKey, { pk: 'cust', sk: 1 });
    const empty = await doc.send(
      new DocQueryCommand({
        TableName: 'Orders',
        KeyConditionExpression: 'pk = :p',
        FilterExpression: '#t > :big',
        ExpressionAttributeNames: { '#t': 'total' },
        ExpressionAttributeValues: { ':p': 'cust', ':big': 100000 },
        Limit: 5,
      }),
    );
    assert.equal(empty.Count, 0);
    assert.deepEqual(empty.Items, []);
    assert.ok(empty.LastEvaluatedKey);
  });

  test('Limit equal to the remaining items still returns a LastEvaluatedKey, then an empty page', async () => {
    const first = await doc.send(
      new DocQueryCommand({
        TableName: 'Orders',
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': 'other' },
        Limit: 1,
      }),
    );
    assert.deepEqual(first.LastEvaluatedKey, { pk: 'other', sk: 1 });
    const second = await doc.send(
      new DocQueryCommand({
        TableName: 'Orders',
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': 'other' },
        Limit: 1,
        ExclusiveStartKey: first.LastEvaluatedKey,
      }),
    );
    assert.equal(second.Count, 0);
    assert.equal(second.LastEvaluatedKey, undefined);
  });

  test('paginateQuery walks every page', async () => {
    const seen: number[] = [];
    let pages = 0;
    for await (const page of paginateQuery(
      { client: doc, pageSize: 7 },
      {
        TableName: 'Orders',
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': 'cust' },
      },
    )) {
      pages++;
      for (const item of page.Items ?? []) seen.push(item['sk'] as number);
    }
    assert.equal(pages, 5);
    assert.deepEqual(
      seen,
      Array.from({ length: 30 }, (_, i) => i),
    );
  });

  test('Select COUNT has no Items member', async () => {
    const out = await ddb.send(
      new QueryCommand({
        TableName: 'Orders',
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': { S: 'cust' } },
        Select: 'COUNT',
      }),
    );
    assert.equal(out.Items, undefined);
    assert.equal(out.Count, 30);
  });

  test('a GSI query returns the KEYS_ONLY projection and a LastEvaluatedKey with index and table keys', async () => {
    const out = await doc.send(
      new DocQueryCommand({
        TableName: 'Orders',
        IndexName: 'byStatus',
        KeyConditionExpression: '#s = :open',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':open': 'open' },
        Limit: 2,
      }),
    );
    assert.equal(out.Count, 2);
    // placedAt descends as sk grows, so the index order is sk 27, 24, …
    assert.deepEqual(out.Items?.[0], {
      pk: 'cust',
      sk: 27,
      status: 'open',
      placedAt: '2026-01-03',
    });
    assert.deepEqual(out.LastEvaluatedKey, {
      status: 'open',
      placedAt: '2026-01-06',
      pk: 'cust',
      sk: 24,
    });
    const rest = await doc.send(
      new DocQueryCommand({
        TableName: 'Orders',
        IndexName: 'byStatus',
        KeyConditionExpression: '#s = :open',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':open': 'open' },
        ExclusiveStartKey: out.LastEvaluatedKey,
      }),
    );
    assert.equal(rest.Count, 8);
  });

  test('ConsistentRead on a GSI and ALL_ATTRIBUTES on a KEYS_ONLY GSI are rejected', async () => {
    await assert.rejects(
      ddb.send(
        new QueryCommand({
          TableName: 'Orders',
          IndexName: 'byStatus',
          KeyConditionExpression: '#s = :o',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':o': { S: 'open' } },
          ConsistentRead: true,
        }),
      ),
      {
        name: 'ValidationException',
        message: 'Consistent reads are not supported on global secondary indexes',
      },
    );
    await assert.rejects(
      ddb.send(
        new QueryCommand({
          TableName: 'Orders',
          IndexName: 'byStatus',
          KeyConditionExpression: '#s = :o',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':o': { S: 'open' } },
          Select: 'ALL_ATTRIBUTES',
        }),
      ),
      {
        name: 'ValidationException',
        message:
          'One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary index byStatus because its projection type is not ALL',
      },
    );
  });

  test('an LSI query returns its INCLUDE projection and fetches other attributes on ALL_ATTRIBUTES', async () => {
    const projected = await doc.send(
      new DocQueryCommand({
        TableName: 'Orders',
        IndexName: 'byPlacedAt',
        KeyConditionExpression: 'pk = :p AND begins_with(placedAt, :d)',
        ExpressionAttributeValues: { ':p': 'cust', ':d': '2026-01-0' },
        Limit: 1,
      }),
    );
    assert.deepEqual(projected.Items?.[0], {
      pk: 'cust',
      sk: 29,
      placedAt: '2026-01-01',
      total: 290,
    });
    assert.deepEqual(projected.LastEvaluatedKey, { pk: 'cust', placedAt: '2026-01-01', sk: 29 });
    const all = await doc.send(
      new DocQueryCommand({
        TableName: 'Orders',
        IndexName: 'byPlacedAt',
        KeyConditionExpression: 'pk = :p AND placedAt = :d',
        ExpressionAttributeValues: { ':p': 'cust', ':d': '2026-01-01' },
        Select: 'ALL_ATTRIBUTES',
      }),
    );
    assert.equal(all.Items?.[0]?.['note'], 'n29');
  });

  test('the 1 MB page limit stops a Scan and the paginator resumes it', async () => {
    const big = 'x'.repeat(300 * 1024);
    for (let i = 0; i < 5; i++) {
      await ddb.send(
        new BatchWriteItemCommand({
          RequestItems: {
            Sessions: [{ PutRequest: { Item: { id: { S: `big${i}` }, blob: { S: big } } } }],
          },
        }),
      );
    }
    const first = await ddb.send(
      new ScanCommand({
        TableName: 'Sessions',
        FilterExpression: 'begins_with(id, :b)',
        ExpressionAttributeValues: { ':b': { S: 'big' } },
      }),
    );
    assert.equal(first.ScannedCount, 4);
    assert.ok(first.LastEvaluatedKey);
    let total = 0;
    for await (const page of paginateScan(
      { client: doc },
      {
        TableName: 'Sessions',
        FilterExpression: 'begins_with(id, :b)',
        ExpressionAttributeValues: { ':b': 'big' },
      },
    )) {
      total += page.Count ?? 0;
    }
    assert.equal(total, 5);
  });

  test('parallel scan segments partition the table', async () => {
    const full = await doc.send(
      new DocQueryCommand({
        TableName: 'Orders',
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': 'cust' },
        Select: 'COUNT',
      }),
    );
    assert.equal(full.Count, 30);
    const keys = new Set<string>();
    let sum = 0;
    for (let segment = 0; segment < 3; segment++) {
      for await (const page of paginateScan(
        { client: doc },
        { TableName: 'Orders', Segment: segment, TotalSegments: 3 },
      )) {
        for (const item of page.Items ?? []) {
          keys.add(`${String(item['pk'])}/${String(item['sk'])}`);
          sum++;
        }
      }
    }
    const scanned = await ddb.send(new ScanCommand({ TableName: 'Orders', Select: 'COUNT' }));
    assert.equal(sum, scanned.Count);
    assert.equal(keys.size, sum);
  });

  test('legacy KeyConditions, QueryFilter, ScanFilter and AttributesToGet work', async () => {
    const out = await ddb.send(
      new QueryCommand({
        TableName: 'Orders',
        KeyConditions: {
          pk: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'cust' }] },
          sk: { ComparisonOperator: 'BETWEEN', AttributeValueList: [{ N: '3' }, { N: '9' }] },
        },
        QueryFilter: { status: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'open' }] } },
        AttributesToGet: ['sk', 'status'],
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    assert.deepEqual(out.Items, [
      { sk: { N: '3' }, status: { S: 'open' } },
      { sk: { N: '6' }, status: { S: 'open' } },
      { sk: { N: '9' }, status: { S: 'open' } },
    ]);
    assert.equal(out.ScannedCount, 7);
    assert.deepEqual(out.ConsumedCapacity, { TableName: 'Orders', CapacityUnits: 0.5 });
    const scanned = await ddb.send(
      new ScanCommand({
        TableName: 'Orders',
        ScanFilter: {
          note: { ComparisonOperator: 'BEGINS_WITH', AttributeValueList: [{ S: 'n2' }] },
        },
        Select: 'COUNT',
      }),
    );
    assert.equal(scanned.Count, 11);
  });

  test('Query validation messages match AWS', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [
        {},
        'Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.',
      ],
      [
        { KeyConditionExpression: 'sk = :v', ExpressionAttributeValues: { ':v': { N: '1' } } },
        'Query condition missed key schema element: pk',
      ],
      [
        {
          KeyConditionExpression: 'pk = :v OR sk = :w',
          ExpressionAttributeValues: { ':v': { S: 'a' }, ':w': { N: '1' } },
        },
        'Invalid operator used in KeyConditionExpression: OR',
      ],
      [
        {
          KeyConditionExpression: 'pk = :v',
          FilterExpression: 'sk > :w',
          ExpressionAttributeValues: { ':v': { S: 'a' }, ':w': { N: '1' } },
        },
        'Filter Expression can only contain non-primary key attributes: Primary key attribute: sk',
      ],
      [
        {
          KeyConditionExpression: 'pk = :v',
          ExpressionAttributeValues: { ':v': { S: 'a' } },
          Limit: 0,
        },
        "1 validation error detected: Value at 'Limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
      ],
      [
        {
          KeyConditionExpression: 'pk = :v',
          ExpressionAttributeValues: { ':v': { S: 'a' } },
          IndexName: 'nope',
        },
        'The table does not have the specified index: nope',
      ],
      [
        {
          KeyConditionExpression: 'pk = :v',
          ExpressionAttributeValues: { ':v': { S: 'a' } },
          Select: 'SPECIFIC_ATTRIBUTES',
        },
        'Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES',
      ],
      [
        {
          KeyConditionExpression: 'pk = :v',
          ExpressionAttributeValues: { ':v': { S: 'a' } },
          Select: 'ALL_PROJECTED_ATTRIBUTES',
        },
        'ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName',
      ],
    ];
    for (const [extra, message] of cases) {
      await assert.rejects(ddb.send(new QueryCommand({ TableName: 'Orders', ...extra })), {
        name: 'ValidationException',
        message,
      });
    }
  });

  test('Scan validation messages match AWS', async () => {
    await assert.rejects(ddb.send(new ScanCommand({ TableName: 'Orders', Segment: 1 })), {
      name: 'ValidationException',
      message:
        'The TotalSegments parameter is required but was not present in the request when Segment parameter is present',
    });
    await assert.rejects(
      ddb.send(new ScanCommand({ TableName: 'Orders', Segment: 5, TotalSegments: 5 })),
      {
        name: 'ValidationException',
        message:
          'The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: 5 is not less than TotalSegments: 5',
      },
    );
    await assert.rejects(ddb.send(new ScanCommand({ TableName: 'Orders', Limit: 0 })), {
      name: 'ValidationException',
      message:
        "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
    });
  });
});
