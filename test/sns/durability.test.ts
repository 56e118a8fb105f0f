// Nothing acknowledged is lost: deliveries accepted by Publish and Subscribe survive a restart.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { CreateTopicCommand, PublishCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import { startSnsHarness } from './harness.js';

test('a publish acknowledged while no worker runs is delivered after a restart', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'stratus-sns-restart-'));
  try {
    const first = await startSnsHarness({ dir, deps: { deliveryConcurrency: 0 } });
    const { TopicArn } = await first.client.send(new CreateTopicCommand({ Name: 'durable' }));
    await first.client.send(
      new SubscribeCommand({
        TopicArn,
        Protocol: 'sqs',
        Endpoint: 'arn:aws:sqs:us-east-1:123456789012:durable-q',
        Attributes: { RawMessageDelivery: 'true' },
      }),
    );
    await first.client.send(
      new SubscribeCommand({ TopicArn, Protocol: 'email', Endpoint: 'ops@example.com' }),
    );
    const out = await first.client.send(new PublishCommand({ TopicArn, Message: 'keep me' }));
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(first.queued.length, 0, 'nothing delivered without a worker');
    await first.stop();

    const second = await startSnsHarness({ dir });
    try {
      await second.until(() => second.queued.length === 1, 'the delivery after restart');
      assert.equal(second.queued[0]!.message.body, 'keep me');
      await second.until(
        async () =>
          (await second.facade.outbox()).some((m) => m.type === 'SubscriptionConfirmation'),
        'the confirmation mail after restart',
      );
      const topics = await second.facade.getTopic(TopicArn!);
      assert.deepEqual(topics, { name: 'durable', arn: TopicArn, fifo: false });
      assert.ok(out.MessageId);
    } finally {
      await second.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
