// DynamoDB Streams end to end: the Streams API through the real SDK client, TTL expiry → REMOVE
// record → a stream-triggered function, and a failing consumer blocking its shard until its
// retries run out (then the on-failure record lands in the queue).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  DeleteItemCommand,
  DynamoDBClient,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListStreamsCommand,
  type _Record,
} from '@aws-sdk/client-dynamodb-streams';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import {
  fixturePath,
  sdkConfig,
  startTestStratus,
  waitFor,
  type TestStratus,
} from '../helpers/stratus.js';

let stratus: TestStratus;
let ddb: DynamoDBClient;
let streams: DynamoDBStreamsClient;
let sqs: SQSClient;

before(async () => {
  stratus = await startTestStratus(fixturePath('ddb-streams-app'));
  ddb = new DynamoDBClient(sdkConfig(stratus));
  streams = new DynamoDBStreamsClient(sdkConfig(stratus));
  sqs = new SQSClient(sdkConfig(stratus));
});
after(async () => {
  ddb.destroy();
  streams.destroy();
  sqs.destroy();
  await stratus.stop();
});

function streamArnOf(table: string): string {
  return stratus.model().tables.find((t) => t.name === table)!.stream!.arn;
}

async function shardIterator(
  table: string,
  type: 'TRIM_HORIZON' | 'LATEST' | 'AT_SEQUENCE_NUMBER' | 'AFTER_SEQUENCE_NUMBER',
  sequenceNumber?: string,
): Promise<string> {
  const arn = streamArnOf(table);
  const described = await streams.send(new DescribeStreamCommand({ StreamArn: arn }));
  const shardId = described.StreamDescription!.Shards![0]!.ShardId!;
  const out = await streams.send(
    new GetShardIteratorCommand({
      StreamArn: arn,
      ShardId: shardId,
      ShardIteratorType: type,
      ...(sequenceNumber === undefined ? {} : { SequenceNumber: sequenceNumber }),
    }),
  );
  return out.ShardIterator!;
}

async function readAll(iterator: string): Promise<_Record[]> {
  const out = await streams.send(new GetRecordsCommand({ ShardIterator: iterator }));
  return out.Records ?? [];
}

test('ListStreams and DescribeStream show the template tables’ streams', async () => {
  const listed = await streams.send(new ListStreamsCommand({}));
  const names = (listed.Streams ?? []).map((s) => s.TableName).sort();
  assert.deepEqual(names, ['Heartbeats', 'Orders', 'Plain']);
  const described = await streams.send(
    new DescribeStreamCommand({ StreamArn: streamArnOf('Heartbeats') }),
  );
  const d = described.StreamDescription!;
  assert.equal(d.StreamStatus, 'ENABLED');
  assert.equal(d.StreamViewType, 'NEW_AND_OLD_IMAGES');
  assert.equal(d.TableName, 'Heartbeats');
  assert.ok(d.CreationRequestDateTime instanceof Date);
  assert.match(d.Shards![0]!.ShardId!, /^shardId-[0-9]{20}-[0-9a-f]{8}$/);
});

test('INSERT / MODIFY / REMOVE records with NEW_IMAGE, none for a no-op write; iterator types', async () => {
  const latest = await shardIterator('Plain', 'LATEST');
  const item = { pk: { S: 'p1' }, v: { N: '1' } };
  await ddb.send(new PutItemCommand({ TableName: 'Plain', Item: item }));
  await ddb.send(new PutItemCommand({ TableName: 'Plain', Item: item }));
  await ddb.send(
    new UpdateItemCommand({
      TableName: 'Plain',
      Key: { pk: { S: 'p1' } },
      UpdateExpression: 'SET v = :v',
      ExpressionAttributeValues: { ':v': { N: '2' } },
    }),
  );
  await ddb.send(new DeleteItemCommand({ TableName: 'Plain', Key: { pk: { S: 'p1' } } }));
  const records = await readAll(latest);
  assert.deepEqual(
    records.map((r) => r.eventName),
    ['INSERT', 'MODIFY', 'REMOVE'],
  );
  assert.deepEqual(records[0]!.dynamodb!.NewImage, { pk: { S: 'p1' }, v: { N: '1' } });
  assert.deepEqual(records[1]!.dynamodb!.NewImage, { pk: { S: 'p1' }, v: { N: '2' } });
  assert.equal(records[1]!.dynamodb!.OldImage, undefined);
  assert.equal(records[2]!.dynamodb!.NewImage, undefined);
  assert.equal(records[2]!.userIdentity, undefined);
  assert.ok(records[0]!.dynamodb!.ApproximateCreationDateTime instanceof Date);

  const second = records[1]!.dynamodb!.SequenceNumber!;
  const at = await readAll(await shardIterator('Plain', 'AT_SEQUENCE_NUMBER', second));
  assert.deepEqual(
    at.map((r) => r.eventName),
    ['MODIFY', 'REMOVE'],
  );
  const afterSecond = await readAll(await shardIterator('Plain', 'AFTER_SEQUENCE_NUMBER', second));
  assert.deepEqual(
    afterSecond.map((r) => r.eventName),
    ['REMOVE'],
  );
  const horizon = await readAll(await shardIterator('Plain', 'TRIM_HORIZON'));
  assert.ok(horizon.length >= 3);
});

test('a garbage iterator is a ValidationException; GetRecords Limit works through the SDK', async () => {
  await assert.rejects(
    streams.send(new GetRecordsCommand({ ShardIterator: 'not-an-iterator' })),
    (e: Error) => e.name === 'ValidationException',
  );
  const page = await streams.send(
    new GetRecordsCommand({
      ShardIterator: await shardIterator('Plain', 'TRIM_HORIZON'),
      Limit: 1,
    }),
  );
  assert.equal(page.Records!.length, 1);
  assert.ok(page.NextShardIterator !== undefined);
  const unknown = await fetch(stratus.awsEndpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': 'DynamoDBStreams_20120810.Frobnicate',
      authorization:
        'AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=x',
    },
    body: '{}',
  });
  assert.equal(unknown.status, 400);
  assert.equal(
    await unknown.text(),
    '{"__type":"com.amazon.coral.service#UnknownOperationException"}',
  );
  // The SDK maps the error type to its class.
  assert.equal(typeof ExpiredIteratorException, 'function');
});

test('TTL expiry → REMOVE record with the service identity → the stream-triggered function runs', async () => {
  const devices = ['d1', 'd2', 'd3', 'd4', 'd5'];
  const expiresAt = Math.ceil(Date.now() / 1000) + 1;
  for (const id of devices) {
    await ddb.send(
      new PutItemCommand({
        TableName: 'Heartbeats',
        Item: { deviceId: { S: id }, expiresAt: { N: String(expiresAt) } },
      }),
    );
  }
  // A user delete must not trigger the TTL-only function.
  await ddb.send(
    new PutItemCommand({ TableName: 'Heartbeats', Item: { deviceId: { S: 'manual' } } }),
  );
  await ddb.send(
    new DeleteItemCommand({ TableName: 'Heartbeats', Key: { deviceId: { S: 'manual' } } }),
  );
  const offline = (): string[] => stratus.logs.lines.filter((l) => l.includes('OFFLINE '));
  await waitFor(() => offline().length >= devices.length, 8000, 'the offline function');
  const latencies = offline().map((line) => {
    const m = /expiresAt=(\d+) invokedAt=(\d+) by=(\S+)/.exec(line)!;
    assert.equal(m[3], 'dynamodb.amazonaws.com');
    return Number(m[2]) - Number(m[1]) * 1000;
  });
  latencies.sort((a, b) => a - b);
  const p50 = latencies[Math.floor(latencies.length / 2)]!;
  console.log(`TTL expiry → function invoked latency (ms): ${latencies.join(', ')}; p50 ${p50}`);
  assert.ok(
    latencies.every((l) => l > 0),
    'never before expiry',
  );
  assert.ok(p50 < 1500, `p50 ${p50} ms`);
  assert.ok(!offline().some((l) => l.includes('OFFLINE manual')));
  // The REMOVE record as the Streams API shows it.
  const records = await readAll(await shardIterator('Heartbeats', 'TRIM_HORIZON'));
  const ttlRemove = records.find(
    (r) => r.eventName === 'REMOVE' && r.dynamodb?.Keys?.['deviceId']?.S === 'd1',
  );
  assert.deepEqual(ttlRemove?.userIdentity, {
    PrincipalId: 'dynamodb.amazonaws.com',
    Type: 'Service',
  });
});

test('a failing function blocks its shard until retries run out; the on-failure record goes to the queue', async () => {
  await ddb.send(new PutItemCommand({ TableName: 'Orders', Item: { id: { S: 'poison-1' } } }));
  const attempts = (): string[] =>
    stratus.logs.lines.filter((l) => l.includes('ORDERS ') && l.includes('poison-1'));
  await waitFor(() => attempts().length >= 1, 5000, 'the first attempt');
  await ddb.send(new PutItemCommand({ TableName: 'Orders', Item: { id: { S: 'good-1' } } }));
  await waitFor(
    () => stratus.logs.lines.some((l) => l.includes('ORDERS INSERT:good-1')),
    15000,
    'the shard to move on',
  );
  // The initial invoke plus MaximumRetryAttempts (2) retries of the poison batch, and only then
  // the next record on its own.
  assert.equal(attempts().length, 3);
  const queueUrl = stratus.model().queues.find((q) => q.logicalId === 'OrderFailures')!.url;
  const received = await sqs.send(
    new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 2 }),
  );
  assert.equal(received.Messages?.length, 1);
  const body = JSON.parse(received.Messages[0]!.Body ?? '') as {
    requestContext: { condition: string; approximateInvokeCount: number };
    DDBStreamBatchInfo: { streamArn: string; batchSize: number };
  };
  assert.equal(body.requestContext.condition, 'RetryAttemptsExhausted');
  assert.equal(body.requestContext.approximateInvokeCount, 3);
  assert.equal(body.DDBStreamBatchInfo.streamArn, streamArnOf('Orders'));
  assert.equal(body.DDBStreamBatchInfo.batchSize, 1);
});
