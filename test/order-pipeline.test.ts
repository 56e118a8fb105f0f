// examples/order-pipeline end to end: HTTP API → SNS (filter policies) → two SQS queues → batch
// functions → DynamoDB; rejected payments land in the DLQ and a redrive brings them back once the
// function is fixed. The test asserts exactly what lands where.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import {
  GetQueueAttributesCommand,
  ListMessageMoveTasksCommand,
  SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import {
  copyApp,
  examplePath,
  sdkConfig,
  startTestStratus,
  waitFor,
  type TestStratus,
} from './helpers/stratus.js';

let app: { path: string; cleanup: () => void };
let stratus: TestStratus;
let sqs: SQSClient;
let db: DynamoDBDocumentClient;

before(async () => {
  app = copyApp(examplePath('order-pipeline'));
  stratus = await startTestStratus(app.path);
  sqs = new SQSClient(sdkConfig(stratus));
  db = DynamoDBDocumentClient.from(new DynamoDBClient(sdkConfig(stratus)));
});
after(async () => {
  sqs.destroy();
  db.destroy();
  await stratus.stop();
  app.cleanup();
});

function queue(logicalId: string): { url: string; arn: string } {
  const q = stratus.model().queues.find((x) => x.logicalId === logicalId)!;
  return { url: q.url, arn: q.arn };
}

async function depth(logicalId: string): Promise<{ visible: number; inFlight: number }> {
  const out = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queue(logicalId).url,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return {
    visible: Number(out.Attributes?.['ApproximateNumberOfMessages']),
    inFlight: Number(out.Attributes?.['ApproximateNumberOfMessagesNotVisible']),
  };
}

async function rows(): Promise<string[]> {
  const out = await db.send(new ScanCommand({ TableName: stratus.model().tables[0]!.name }));
  return (out.Items ?? []).map((i) => `${String(i['orderId'])}/${String(i['step'])}`).sort();
}

async function placeOrder(id: string, amount: number): Promise<void> {
  const res = await fetch(`${stratus.url}/orders`, {
    method: 'POST',
    body: JSON.stringify({ id, amount, items: ['book'] }),
  });
  assert.equal(res.status, 202);
  assert.deepEqual(await res.json(), { accepted: id });
}

test('orders fan out by kind; a payment above the limit ends in the DLQ after two attempts', async () => {
  await placeOrder('o1', 10);
  await placeOrder('o2', 5000);
  await placeOrder('o3', 20);
  await waitFor(async () => (await rows()).length === 5, 20_000, 'five rows');
  assert.deepEqual(await rows(), [
    'o1/payment',
    'o1/shipping',
    'o2/shipping',
    'o3/payment',
    'o3/shipping',
  ]);
  await waitFor(
    async () => (await depth('PaymentsDeadLetterQueue')).visible === 1,
    20_000,
    'o2 in the DLQ',
  );
  assert.deepEqual(await depth('PaymentsQueue'), { visible: 0, inFlight: 0 });
  assert.deepEqual(await depth('ShippingQueue'), { visible: 0, inFlight: 0 });
  const refusals = stratus.logs.lines.filter((l) => l.includes('cannot charge o2'));
  assert.equal(
    refusals.length,
    2,
    'tried once, retried once (maxReceiveCount 2), then dead-lettered',
  );
});

test('a bad request is answered 400 and publishes nothing', async () => {
  const res = await fetch(`${stratus.url}/orders`, { method: 'POST', body: 'not json' });
  assert.equal(res.status, 400);
});

test('once the function is fixed, a redrive from the DLQ completes the payment', async () => {
  const handler = join(app.path, 'src', 'payments.js');
  writeFileSync(
    handler,
    readFileSync(handler, 'utf8').replace('Number(process.env.PAYMENT_LIMIT)', 'Infinity'),
  );
  stratus.recycle(['PaymentsFunction']);

  const task = await sqs.send(
    new StartMessageMoveTaskCommand({ SourceArn: queue('PaymentsDeadLetterQueue').arn }),
  );
  assert.ok(task.TaskHandle);
  await waitFor(async () => (await rows()).includes('o2/payment'), 20_000, 'o2 charged');
  assert.deepEqual(await rows(), [
    'o1/payment',
    'o1/shipping',
    'o2/payment',
    'o2/shipping',
    'o3/payment',
    'o3/shipping',
  ]);
  assert.deepEqual(await depth('PaymentsDeadLetterQueue'), { visible: 0, inFlight: 0 });
  const tasks = await sqs.send(
    new ListMessageMoveTasksCommand({ SourceArn: queue('PaymentsDeadLetterQueue').arn }),
  );
  assert.equal(tasks.Results?.[0]?.Status, 'COMPLETED');
  assert.equal(tasks.Results?.[0]?.ApproximateNumberOfMessagesMoved, 1);
});
