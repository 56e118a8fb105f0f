// sqs-consumer, the consumer library people use, against Stratus's SQS: messages handled and
// deleted, a failing handler's message redelivered after the visibility timeout.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, test } from 'node:test';
import { CreateQueueCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { Consumer } from 'sqs-consumer';
import {
  fixturePath,
  sdkConfig,
  startTestStratus,
  waitFor,
  type TestStratus,
} from './helpers/stratus.js';

let stratus: TestStratus;
let sqs: SQSClient;

before(async () => {
  stratus = await startTestStratus(fixturePath('sdk'));
  sqs = new SQSClient(sdkConfig(stratus));
});
after(async () => {
  sqs.destroy();
  await stratus.stop();
});

test('handles every message once, and retries the one whose handler threw', async () => {
  const { QueueUrl } = await sqs.send(
    new CreateQueueCommand({ QueueName: 'consumer-work', Attributes: { VisibilityTimeout: '1' } }),
  );
  for (const body of ['a', 'b', 'flaky', 'c']) {
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: body }));
  }
  const handled: string[] = [];
  let flakyAttempts = 0;
  const consumer = Consumer.create({
    queueUrl: QueueUrl!,
    sqs,
    waitTimeSeconds: 1,
    batchSize: 10,
    handleMessage: (message) => {
      if (message.Body === 'flaky' && ++flakyAttempts === 1)
        return Promise.reject(new Error('try again'));
      handled.push(message.Body!);
      return Promise.resolve(message);
    },
  });
  const errors: Error[] = [];
  consumer.on('processing_error', (e) => errors.push(e));
  consumer.start();
  try {
    await waitFor(() => handled.length === 4, 15_000, 'four messages handled');
  } finally {
    const stopped = once(consumer, 'stopped');
    consumer.stop();
    await stopped;
  }
  assert.deepEqual([...handled].sort(), ['a', 'b', 'c', 'flaky']);
  assert.equal(flakyAttempts, 2);
  assert.equal(errors.length, 1);
});
