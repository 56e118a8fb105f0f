// Durability and redeploys: messages survive a restart on the same store file, and a template
// change updates queue attributes without losing messages.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { copyApp, fixturePath, sdkConfig, startTestStratus, tempDir } from '../helpers/stratus.js';

test('messages survive stopping and starting Stratus on the same store file', async () => {
  const state = tempDir('stratus-sqs-store-');
  const store = join(state.path, 'store.db');
  try {
    let stratus = await startTestStratus(fixturePath('sqs-app'), { store });
    let sqs = new SQSClient({ ...sdkConfig(stratus), maxAttempts: 1 });
    let url = stratus.model().outputs['WorkQueueUrl'] as string;
    for (const body of ['a', 'b', 'c'])
      await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: body }));
    const orders = stratus.model().outputs['OrdersQueueUrl'] as string;
    const first = await sqs.send(
      new SendMessageCommand({ QueueUrl: orders, MessageBody: 'o1', MessageGroupId: 'g' }),
    );
    const inFlight = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: url, VisibilityTimeout: 600 }),
    );
    assert.equal(inFlight.Messages?.length, 1);
    sqs.destroy();
    await stratus.stop();

    stratus = await startTestStratus(fixturePath('sqs-app'), { store });
    sqs = new SQSClient({ ...sdkConfig(stratus), maxAttempts: 1 });
    url = stratus.model().outputs['WorkQueueUrl'] as string;
    try {
      const attrs = await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }),
      );
      assert.equal(attrs.Attributes?.['ApproximateNumberOfMessages'], '2');
      assert.equal(attrs.Attributes?.['ApproximateNumberOfMessagesNotVisible'], '1');
      const got = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10 }),
      );
      const expected = ['a', 'b', 'c'].filter((b) => b !== inFlight.Messages?.[0]?.Body);
      assert.deepEqual(got.Messages?.map((m) => m.Body).sort(), expected);
      // FIFO dedup history survives too (content-based dedup on the template queue).
      const dup = await sqs.send(
        new SendMessageCommand({
          QueueUrl: stratus.model().outputs['OrdersQueueUrl'] as string,
          MessageBody: 'o1',
          MessageGroupId: 'g',
        }),
      );
      assert.equal(dup.MessageId, first.MessageId);
    } finally {
      sqs.destroy();
      await stratus.stop();
    }
  } finally {
    state.cleanup();
  }
});

test('a template reload updates queue attributes and keeps the messages', async () => {
  const app = copyApp(fixturePath('sqs-app'));
  const stratus = await startTestStratus(app.path);
  const sqs = new SQSClient({ ...sdkConfig(stratus), maxAttempts: 1 });
  try {
    const url = stratus.model().outputs['WorkQueueUrl'] as string;
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'kept' }));
    const templatePath = join(app.path, 'template.yaml');
    writeFileSync(
      templatePath,
      readFileSync(templatePath, 'utf8').replace('VisibilityTimeout: 30', 'VisibilityTimeout: 45'),
    );
    await stratus.reload();
    const attrs = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }),
    );
    assert.equal(attrs.Attributes?.['VisibilityTimeout'], '45');
    assert.equal(attrs.Attributes?.['ApproximateNumberOfMessages'], '1');
    assert.ok(attrs.Attributes?.['RedrivePolicy']);
    await stratus.reload();
    const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }));
    assert.equal(got.Messages?.[0]?.Body, 'kept');
  } finally {
    sqs.destroy();
    await stratus.stop();
    app.cleanup();
  }
});
