// SQS → Lambda: filtered messages are dropped, reported failures come back after the visibility
// timeout, and past maxReceiveCount the queue's redrive policy moves them to its DLQ.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import {
  fixturePath,
  sdkConfig,
  startTestStratus,
  waitFor,
  type TestStratus,
} from './helpers/stratus.js';

let stratus: TestStratus;
let sqs: SQSClient;
let queueUrl: string;
let dlqUrl: string;

before(async () => {
  stratus = await startTestStratus(fixturePath('sqs-trigger'));
  sqs = new SQSClient(sdkConfig(stratus));
  const queues = stratus.model().queues;
  queueUrl = queues.find((q) => q.logicalId === 'WorkQueue')!.url;
  dlqUrl = queues.find((q) => q.logicalId === 'WorkDeadLetters')!.url;
});
after(async () => {
  sqs.destroy();
  await stratus.stop();
});

function seen(id: string): string[] {
  return stratus.logs.lines.filter((l) => l.includes(`SEEN ${id} `));
}

test('good orders are processed once and deleted; other kinds are filtered out and deleted', async () => {
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: queueUrl,
      MessageBody: JSON.stringify({ kind: 'order', id: 'good-1' }),
    }),
  );
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: queueUrl,
      MessageBody: JSON.stringify({ kind: 'note', id: 'note-1' }),
    }),
  );
  await waitFor(() => seen('good-1').length === 1, 10_000, 'good-1 processed');
  await waitFor(
    async () => {
      const attrs = await sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: queueUrl,
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
        }),
      );
      return (
        attrs.Attributes?.['ApproximateNumberOfMessages'] === '0' &&
        attrs.Attributes['ApproximateNumberOfMessagesNotVisible'] === '0'
      );
    },
    10_000,
    'the queue to be empty',
  );
  assert.equal(seen('note-1').length, 0);
  assert.equal(seen('good-1').length, 1);
});

test('a reported failure is retried after the visibility timeout, then lands in the DLQ', async () => {
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: queueUrl,
      MessageBody: JSON.stringify({ kind: 'order', id: 'bad-1', bad: true }),
    }),
  );
  await waitFor(() => seen('bad-1').length === 2, 15_000, 'bad-1 tried twice');
  assert.match(seen('bad-1')[0]!, /receive=1/);
  assert.match(seen('bad-1')[1]!, /receive=2/);
  let body: string | undefined;
  await waitFor(
    async () => {
      const out = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: dlqUrl, WaitTimeSeconds: 1 }),
      );
      body = out.Messages?.[0]?.Body;
      return body !== undefined;
    },
    15_000,
    'bad-1 in the DLQ',
  );
  assert.equal((JSON.parse(body!) as { id: string }).id, 'bad-1');
  assert.equal(seen('bad-1').length, 2);
});
