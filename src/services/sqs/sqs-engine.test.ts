// The engine and facade over both store engines (SQLite, and PostgreSQL as CI has it), with a
// ManualClock so time moves on demand.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ManualClock } from '../../core/clock.js';
import { AwsError } from '../../core/errors.js';
import { createLogger, MemoryLogSink } from '../../core/logger.js';
import pg from 'pg';
import { openStore, type Store, type StoreLocation } from '../../store/index.js';
import { createSqsFacade, type SqsFacade } from './facade.js';
import { SqsEngine } from './sqs-engine.js';

const POSTGRES_URL =
  process.env['STRATUS_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

for (const kind of ['sqlite', 'postgres'] as const)
  describe(`SQS engine with a manual clock (${kind})`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'stratus-sqs-engine-'));
    const schema = `stratus_sqs_test_${randomBytes(4).toString('hex')}`;
    const location: StoreLocation =
      kind === 'sqlite'
        ? { kind, path: join(dir, 'store.db') }
        : { kind, url: POSTGRES_URL, schema };
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    let store: Store;
    let engine: SqsEngine;
    let facade: SqsFacade;

    before(async () => {
      store = await openStore(location, { clock });
      engine = new SqsEngine({
        region: 'us-east-1',
        accountId: '123456789012',
        awsEndpoint: 'http://127.0.0.1:4566',
        clock,
        logger: createLogger({ sink: new MemoryLogSink() }),
        store,
        recreateDelaySeconds: 0,
        purgeIntervalSeconds: 0,
      });
      facade = createSqsFacade(engine);
    });

    after(async () => {
      engine.stop();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
      if (kind === 'postgres') {
        const admin = new pg.Client({ connectionString: POSTGRES_URL });
        await admin.connect();
        try {
          await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        } finally {
          await admin.end();
        }
      }
    });

    test('messages past MessageRetentionPeriod are never returned and the sweep removes them', async () => {
      const { queue } = await engine.createQueue(
        'ret',
        false,
        { MessageRetentionPeriod: '60' },
        {},
      );
      await facade.send(queue.url, { body: 'old' });
      clock.advance(30_000);
      await facade.send(queue.url, { body: 'young' });
      clock.advance(30_000);
      const got = await facade.receive(queue.arn, {
        maxNumberOfMessages: 10,
        visibilityTimeoutSeconds: 0,
      });
      assert.deepEqual(
        got.map((m) => m.body),
        ['young'],
      );
      // The receive that met the expired message removed it; the sweep finds nothing left.
      assert.equal(await engine.sweepExpired(), 0);
      assert.deepEqual(await engine.stats(queue), { visible: 1, inFlight: 0, delayed: 0 });
      await facade.send(queue.url, { body: 'swept' });
      clock.advance(61_000);
      assert.equal(await engine.sweepExpired(), 2);
      assert.deepEqual(await engine.stats(queue), { visible: 0, inFlight: 0, delayed: 0 });
    });

    test('the facade looks queues up by ARN, URL (any host) and name', async () => {
      const { queue } = await engine.createQueue('lookup', false, {}, {});
      assert.equal((await facade.getQueue(queue.arn))?.name, 'lookup');
      assert.equal(
        (await facade.getQueue('http://other-host:1234/123456789012/lookup'))?.arn,
        queue.arn,
      );
      assert.equal((await facade.getQueue('lookup'))?.visibilityTimeoutSeconds, 30);
      assert.equal(await facade.getQueue('http://h/999999999999/lookup'), undefined);
      assert.equal(await facade.getQueue('arn:aws:sqs:eu-west-1:123456789012:lookup'), undefined);
    });

    test('facade send validates like SendMessage and receive returns every attribute', async () => {
      const { queue } = await engine.createQueue(
        'facade.fifo',
        true,
        { FifoQueue: 'true', ContentBasedDeduplication: 'true' },
        {},
      );
      await assert.rejects(
        facade.send(queue.url, { body: 'x' }),
        (e) => e instanceof AwsError && e.code === 'MissingParameter',
      );
      const sent = await facade.send(queue.url, {
        body: 'hello',
        messageGroupId: 'g',
        messageAttributes: { k: { DataType: 'String', StringValue: 'x' } },
        traceHeader: 'Root=1-abc',
      });
      assert.equal(sent.md5OfMessageAttributes, 'a45daa70926828a2f0a1db3418e6feb4');
      const [m] = await facade.receive(queue.url, { visibilityTimeoutSeconds: 10 });
      assert.equal(m?.body, 'hello');
      assert.equal(m?.md5OfBody, '5d41402abc4b2a76b9719d911017c592');
      assert.equal(m?.attributes['MessageGroupId'], 'g');
      assert.equal(m?.attributes['AWSTraceHeader'], 'Root=1-abc');
      assert.equal(m?.attributes['SequenceNumber'], sent.sequenceNumber);
      assert.equal(m?.attributes['ApproximateReceiveCount'], '1');
      assert.deepEqual(m?.messageAttributes, { k: { DataType: 'String', StringValue: 'x' } });
      await facade.changeVisibility(queue.url, m.receiptHandle, 20);
      clock.advance(15_000);
      await facade.deleteMessage(queue.url, m.receiptHandle);
      const attrs = await facade.getAttributes(queue.arn);
      assert.equal(attrs['ApproximateNumberOfMessages'], '0');
      assert.equal(attrs['ApproximateNumberOfMessagesNotVisible'], '0');
    });

    test('FIFO handles expire with their visibility timeout (moved clock)', async () => {
      const { queue } = await engine.createQueue('expire.fifo', true, { FifoQueue: 'true' }, {});
      await facade.send(queue.url, { body: 'a', messageGroupId: 'g', messageDeduplicationId: 'a' });
      const [m] = await facade.receive(queue.url, { visibilityTimeoutSeconds: 5 });
      clock.advance(6000);
      await assert.rejects(
        facade.deleteMessage(queue.url, m!.receiptHandle),
        (e) => e instanceof AwsError && /The receipt handle has expired\.$/.test(e.message),
      );
      const [again] = await facade.receive(queue.url, { visibilityTimeoutSeconds: 5 });
      assert.equal(again?.messageId, m?.messageId);
      await assert.rejects(
        facade.deleteMessage(queue.url, m!.receiptHandle),
        (e) => e instanceof AwsError && /expired/.test(e.message),
        'a superseded FIFO handle is expired',
      );
      await facade.deleteMessage(queue.url, again!.receiptHandle);
      await facade.deleteMessage(queue.url, again!.receiptHandle);
    });

    test('standard queues apply ChangeMessageVisibility through expired and superseded handles', async () => {
      const { queue } = await engine.createQueue('stale-cmv', false, {}, {});
      await facade.send(queue.url, { body: 'm' });
      const visible = async (): Promise<string | undefined> =>
        (await facade.getAttributes(queue.arn))['ApproximateNumberOfMessages'];
      const [first] = await facade.receive(queue.url, { visibilityTimeoutSeconds: 5 });
      clock.advance(6000);
      assert.equal(await visible(), '1');
      // Expired handle, not re-received: the new timeout applies.
      await facade.changeVisibility(queue.url, first!.receiptHandle, 30);
      assert.equal(await visible(), '0');
      assert.deepEqual(await facade.receive(queue.url), []);
      clock.advance(30_000);
      const [second] = await facade.receive(queue.url, { visibilityTimeoutSeconds: 60 });
      assert.equal(second?.attributes['ApproximateReceiveCount'], '2');
      // Superseded handle: applies to the current receive (0 makes the message receivable).
      await facade.changeVisibility(queue.url, first!.receiptHandle, 0);
      assert.equal(await visible(), '1');
      const [third] = await facade.receive(queue.url, { visibilityTimeoutSeconds: 60 });
      assert.equal(third?.attributes['ApproximateReceiveCount'], '3');
      await facade.deleteMessage(queue.url, third.receiptHandle);
      await assert.rejects(
        facade.changeVisibility(queue.url, first!.receiptHandle, 10),
        (e) =>
          e instanceof AwsError &&
          e.code === 'InvalidParameterValue' &&
          /Message does not exist or is not available for visibility timeout change\.$/.test(
            e.message,
          ),
      );
    });

    test('FIFO queues still reject ChangeMessageVisibility through expired or superseded handles', async () => {
      const { queue } = await engine.createQueue('stale-cmv.fifo', true, { FifoQueue: 'true' }, {});
      await facade.send(queue.url, { body: 'a', messageGroupId: 'g', messageDeduplicationId: 'a' });
      const [first] = await facade.receive(queue.url, { visibilityTimeoutSeconds: 5 });
      clock.advance(6000);
      const expired = (e: unknown): boolean =>
        e instanceof AwsError && /The receipt handle has expired\.$/.test(e.message);
      await assert.rejects(facade.changeVisibility(queue.url, first!.receiptHandle, 30), expired);
      const [second] = await facade.receive(queue.url, { visibilityTimeoutSeconds: 60 });
      assert.equal(second?.messageId, first?.messageId);
      await assert.rejects(facade.changeVisibility(queue.url, first!.receiptHandle, 0), expired);
      // Nothing changed: the message is still in flight under the newer handle.
      assert.deepEqual(await facade.receive(queue.url), []);
      await facade.changeVisibility(queue.url, second!.receiptHandle, 0);
      assert.equal((await facade.receive(queue.url))[0]?.messageId, first?.messageId);
    });

    test(
      'a long poll that redrives a FIFO head returns the next message of the group at once',
      { timeout: 10_000 },
      async () => {
        const { queue: dlq } = await engine.createQueue(
          'lp-dlq.fifo',
          true,
          { FifoQueue: 'true' },
          {},
        );
        const { queue } = await engine.createQueue(
          'lp-src.fifo',
          true,
          {
            FifoQueue: 'true',
            RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 1 }),
          },
          {},
        );
        for (const body of ['poison', 'next']) {
          await facade.send(queue.url, {
            body,
            messageGroupId: 'g',
            messageDeduplicationId: body,
          });
        }
        assert.equal(
          (await facade.receive(queue.url, { visibilityTimeoutSeconds: 5 }))[0]?.body,
          'poison',
        );
        clock.advance(5000);
        // The clock stays put from here: a poll that slept after the move would never return.
        const got = await facade.receive(queue.url, {
          waitTimeSeconds: 20,
          visibilityTimeoutSeconds: 30,
        });
        assert.deepEqual(
          got.map((m) => m.body),
          ['next'],
        );
        const [moved] = await facade.receive(dlq.url);
        assert.equal(moved?.body, 'poison');
      },
    );

    test('DeduplicationScope=messageGroup keys dedup ids per group', async () => {
      const { queue } = await engine.createQueue(
        'scope.fifo',
        true,
        { FifoQueue: 'true', DeduplicationScope: 'messageGroup' },
        {},
      );
      const a = await facade.send(queue.url, {
        body: 'a',
        messageGroupId: 'g1',
        messageDeduplicationId: 'same',
      });
      const b = await facade.send(queue.url, {
        body: 'b',
        messageGroupId: 'g2',
        messageDeduplicationId: 'same',
      });
      const c = await facade.send(queue.url, {
        body: 'c',
        messageGroupId: 'g2',
        messageDeduplicationId: 'same',
      });
      assert.notEqual(a.messageId, b.messageId);
      assert.equal(c.messageId, b.messageId);
      const got = await facade.receive(queue.url, {
        maxNumberOfMessages: 10,
        visibilityTimeoutSeconds: 0,
      });
      assert.deepEqual(
        got.map((m) => m.attributes['MessageDeduplicationId']),
        ['same', 'same'],
      );
    });

    test('onMessage wakes a listener on each send, and unsubscribes', async () => {
      const { queue } = await engine.createQueue('wake', false, {}, {});
      let calls = 0;
      const off = await facade.onMessage(queue.arn, () => (calls += 1));
      await facade.send(queue.url, { body: '1' });
      await new Promise((r) => setImmediate(r));
      off();
      await facade.send(queue.url, { body: '2' });
      await new Promise((r) => setImmediate(r));
      assert.equal(calls, 1);
    });

    test('a redrive to a missing dead-letter queue leaves the message in place and warns once', async () => {
      const { queue: dlq } = await engine.createQueue('gone-dlq', false, {}, {});
      const policy = JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 1 });
      const { queue } = await engine.createQueue(
        'orphan',
        false,
        { RedrivePolicy: policy, VisibilityTimeout: '0' },
        {},
      );
      await engine.deleteQueue(dlq);
      await facade.send(queue.url, { body: 'x' });
      await facade.receive(queue.url);
      clock.advance(1500);
      const [m] = await facade.receive(queue.url);
      assert.equal(m?.attributes['ApproximateReceiveCount'], '2');
    });
  });
