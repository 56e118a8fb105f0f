// Faults across processes: concurrent conditional writes, kill -9, and two Stratus nodes sharing
// one PostgreSQL.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  ConditionalCheckFailedException,
  CreateTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import {
  CreateQueueCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import {
  fixturePath,
  REPO_ROOT,
  sdkConfig,
  startTestStratus,
  tempDir,
  waitFor,
  type TestStratus,
} from './helpers/stratus.js';

const BIN = join(REPO_ROOT, 'bin', 'stratus.js');
const POSTGRES =
  process.env['STRATUS_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

async function createTable(client: DynamoDBClient, name: string): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    }),
  );
}

describe('DynamoDB under contention', () => {
  let stratus: TestStratus;
  let client: DynamoDBClient;
  before(async () => {
    stratus = await startTestStratus(fixturePath('sdk'));
    client = new DynamoDBClient({ ...sdkConfig(stratus), maxAttempts: 1 });
    await createTable(client, 'Race');
  });
  after(async () => {
    client.destroy();
    await stratus.stop();
  });

  test('a 100-way concurrent conditional update leaves exactly one winner', async () => {
    await client.send(new PutItemCommand({ TableName: 'Race', Item: { pk: { S: 'prize' } } }));
    const outcomes = await Promise.allSettled(
      Array.from({ length: 100 }, (_, i) =>
        client.send(
          new UpdateItemCommand({
            TableName: 'Race',
            Key: { pk: { S: 'prize' } },
            UpdateExpression: 'SET winner = :me',
            ConditionExpression: 'attribute_not_exists(winner)',
            ExpressionAttributeValues: { ':me': { N: String(i) } },
          }),
        ),
      ),
    );
    const won = outcomes.filter((o) => o.status === 'fulfilled');
    const lost = outcomes.filter(
      (o) => o.status === 'rejected' && o.reason instanceof ConditionalCheckFailedException,
    );
    assert.equal(won.length, 1);
    assert.equal(lost.length, 99);
    const item = await client.send(
      new GetItemCommand({ TableName: 'Race', Key: { pk: { S: 'prize' } } }),
    );
    assert.equal(item.Item?.['winner']?.N, String(outcomes.indexOf(won[0]!)));
  });
});

describe('kill -9', () => {
  test('an acknowledged PutItem survives the process being killed', async () => {
    const state = tempDir('stratus-kill-');
    const store = join(state.path, 'store.db');
    const start = (): Promise<{ child: ReturnType<typeof spawn>; aws: string }> =>
      new Promise((resolve, reject) => {
        const child = spawn(
          process.execPath,
          [BIN, 'start', '--port', '0', '--aws-port', '0', '--store', store],
          {
            cwd: fixturePath('sdk'),
            stdio: ['ignore', 'pipe', 'pipe'],
          },
        );
        let out = '';
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          const m = / aws (http:\/\/\S+)/.exec(out);
          if (m) resolve({ child, aws: m[1]! });
        });
        child.once('exit', (code) => reject(new Error(`exited ${String(code)}: ${out}`)));
      });
    const config = {
      region: 'us-east-1',
      credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
      maxAttempts: 1,
    };
    try {
      const first = await start();
      const c1 = new DynamoDBClient({ ...config, endpoint: first.aws });
      await createTable(c1, 'Durable');
      for (let i = 0; i < 20; i++) {
        await c1.send(
          new PutItemCommand({
            TableName: 'Durable',
            Item: { pk: { S: `k${i}` }, n: { N: String(i) } },
          }),
        );
      }
      c1.destroy();
      first.child.removeAllListeners('exit');
      const exited = new Promise((r) => first.child.once('exit', r));
      first.child.kill('SIGKILL');
      await exited;

      const second = await start();
      const c2 = new DynamoDBClient({ ...config, endpoint: second.aws });
      for (let i = 0; i < 20; i++) {
        const got = await c2.send(
          new GetItemCommand({ TableName: 'Durable', Key: { pk: { S: `k${i}` } } }),
        );
        assert.equal(got.Item?.['n']?.N, String(i));
      }
      c2.destroy();
      second.child.removeAllListeners('exit');
      second.child.kill('SIGINT');
    } finally {
      state.cleanup();
    }
  });
});

describe('two Stratus nodes on one PostgreSQL', () => {
  const schema = `stratus_nodes_${Date.now()}`;
  let a: TestStratus;
  let b: TestStratus;
  before(async () => {
    a = await startTestStratus(fixturePath('sdk'), { store: `${POSTGRES}?schema=${schema}` });
    b = await startTestStratus(fixturePath('sdk'), { store: `${POSTGRES}?schema=${schema}` });
  });
  after(async () => {
    await a.stop();
    await b.stop();
    const pg = await import('pg');
    const admin = new pg.default.Client({ connectionString: POSTGRES });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  });

  test('a message is never delivered to two consumers inside its visibility timeout', async () => {
    const sqsA = new SQSClient(sdkConfig(a));
    const sqsB = new SQSClient(sdkConfig(b));
    try {
      const { QueueUrl } = await sqsA.send(new CreateQueueCommand({ QueueName: 'shared-work' }));
      for (let batch = 0; batch < 20; batch++) {
        await sqsA.send(
          new SendMessageBatchCommand({
            QueueUrl,
            Entries: Array.from({ length: 10 }, (_, i) => ({
              Id: String(i),
              MessageBody: `m${batch * 10 + i}`,
            })),
          }),
        );
      }
      const seen: string[] = [];
      const consume = async (client: SQSClient): Promise<void> => {
        for (;;) {
          const out = await client.send(
            new ReceiveMessageCommand({
              QueueUrl,
              MaxNumberOfMessages: 10,
              VisibilityTimeout: 60,
              WaitTimeSeconds: 1,
            }),
          );
          if (!out.Messages?.length) return;
          for (const m of out.Messages) seen.push(m.Body!);
        }
      };
      await Promise.all([consume(sqsA), consume(sqsB), consume(sqsA), consume(sqsB)]);
      await waitFor(() => seen.length >= 200, 5000, 'every message');
      assert.equal(seen.length, 200, 'each message once');
      assert.equal(new Set(seen).size, 200);
    } finally {
      sqsA.destroy();
      sqsB.destroy();
    }
  });
});
