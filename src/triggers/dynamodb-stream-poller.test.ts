import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { EventSourceMappingModel } from '../core/app-model.js';
import { systemClock } from '../core/clock.js';
import { createLogger, MemoryLogSink } from '../core/logger.js';
import type { FunctionInvoker, InvokeRequest, InvokeResult } from '../functions/types.js';
import { streamsFor } from '../services/dynamodb/streams/index.js';
import {
  openTestDynamoDb,
  tableInput,
  type TestDynamoDb,
} from '../services/dynamodb/streams/testing.js';
import { DynamoDbStreamPoller, reportedFailure } from './dynamodb-stream-poller.js';
import { createRecordFilter } from './record-filter.js';

interface EventRecord {
  eventName: string;
  eventSourceARN: string;
  dynamodb: { Keys: { pk: { S: string } }; SequenceNumber: string; NewImage?: unknown };
  userIdentity?: unknown;
}

/** A function stand-in: records each batch and answers with `respond`. */
class FakeFunction implements FunctionInvoker {
  readonly batches: EventRecord[][] = [];
  respond: (records: EventRecord[], call: number) => Partial<InvokeResult> | 'throttle' =
    () => ({});

  async invoke(request: InvokeRequest): Promise<InvokeResult> {
    const records = (JSON.parse(request.payload.toString('utf8')) as { Records: EventRecord[] })
      .Records;
    this.batches.push(records);
    const answer = this.respond(records, this.batches.length);
    await new Promise((r) => setTimeout(r, 1));
    if (answer === 'throttle') {
      const { AwsError } = await import('../core/errors.js');
      throw new AwsError('TooManyRequestsException', 'Rate Exceeded.', { status: 429 });
    }
    return {
      requestId: 'r',
      statusCode: 200,
      payload: Buffer.from('null'),
      executedVersion: '$LATEST',
      durationMs: 1,
      ...answer,
    };
  }

  keys(): string[][] {
    return this.batches.map((b) => b.map((r) => r.dynamodb.Keys.pk.S));
  }
}

async function waitFor(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const fail = (): Partial<InvokeResult> => ({
  functionError: 'Unhandled',
  payload: Buffer.from('{"errorType":"Error","errorMessage":"boom"}'),
});

for (const engine of ['sqlite', 'postgres'] as const)
  describe(`DynamoDbStreamPoller (${engine})`, () => {
    let t: TestDynamoDb;
    let tableNo = 0;
    let writes = 0;
    const pollers: DynamoDbStreamPoller[] = [];
    const delivered: { arn: string; body: Record<string, unknown> }[] = [];

    before(async () => {
      t = await openTestDynamoDb(engine, systemClock);
    });
    after(async () => {
      await Promise.all(pollers.map((p) => p.stop()));
      await t.close();
    });

    /** A fresh table with a stream; returns its name and stream ARN. */
    async function freshTable(
      viewType = 'NEW_AND_OLD_IMAGES',
    ): Promise<{ name: string; arn: string }> {
      const name = `T${++tableNo}`;
      const out = (await t.ddb('CreateTable', tableInput(name, { viewType }))) as {
        TableDescription: { LatestStreamArn: string };
      };
      return { name, arn: out.TableDescription.LatestStreamArn };
    }

    async function put(table: string, ...pks: string[]): Promise<void> {
      for (const pk of pks) {
        // A distinct value per write: an identical rewrite would produce no record.
        await t.ddb('PutItem', {
          TableName: table,
          Item: { pk: { S: pk }, n: { N: String(++writes) } },
        });
      }
    }

    function startPoller(
      fn: FakeFunction,
      mapping: Partial<EventSourceMappingModel> & { eventSourceArn: string },
    ): { poller: DynamoDbStreamPoller; logs: MemoryLogSink } {
      const model: EventSourceMappingModel = {
        logicalId: `Map${tableNo}`,
        uuid: `00000000-0000-4000-8000-${String(tableNo).padStart(12, '0')}`,
        functionName: 'fn',
        enabled: true,
        startingPosition: 'TRIM_HORIZON',
        functionResponseTypes: [],
        filterPatterns: [],
        ...mapping,
      };
      const logs = new MemoryLogSink();
      const poller = new DynamoDbStreamPoller({
        mapping: model,
        streams: streamsFor(t.ctx),
        store: t.store,
        invoker: fn,
        filter: createRecordFilter(model, 'dynamodb'),
        clock: systemClock,
        logger: createLogger({ sink: logs, level: 'debug' }),
        region: 'us-east-1',
        deliver: (arn, body) => {
          delivered.push({ arn, body: JSON.parse(body) as Record<string, unknown> });
          return Promise.resolve();
        },
        pollIntervalMs: 10,
        retryBaseDelayMs: 5,
        leaseTtlMs: 2000,
      });
      pollers.push(poller);
      void poller.start();
      return { poller, logs };
    }

    test('delivers records in order in BatchSize batches with the Lambda event shape, and resumes from its checkpoint', async () => {
      const { name, arn } = await freshTable();
      await put(name, 'a', 'b', 'c', 'd', 'e');
      const fn = new FakeFunction();
      const { poller } = startPoller(fn, { eventSourceArn: arn, batchSize: 2 });
      await waitFor(() => fn.batches.flat().length === 5, 'five records');
      assert.deepEqual(fn.keys(), [['a', 'b'], ['c', 'd'], ['e']]);
      const first = fn.batches[0]![0]!;
      assert.equal(first.eventName, 'INSERT');
      assert.equal(first.eventSourceARN, arn);
      assert.match(first.dynamodb.SequenceNumber, /^[0-9]{21}$/);
      await poller.stop();
      // A new poller for the same mapping (a restart) starts after the checkpoint.
      await put(name, 'f');
      const again = new FakeFunction();
      startPoller(again, { eventSourceArn: arn, batchSize: 2 });
      await waitFor(() => again.batches.length === 1, 'the record written while stopped');
      assert.deepEqual(again.keys(), [['f']]);
    });

    test('LATEST skips records written before the mapping existed', async () => {
      const { name, arn } = await freshTable();
      await put(name, 'old');
      const fn = new FakeFunction();
      startPoller(fn, { eventSourceArn: arn, startingPosition: 'LATEST' });
      await new Promise((r) => setTimeout(r, 100));
      await put(name, 'new');
      await waitFor(() => fn.batches.length === 1, 'the new record');
      assert.deepEqual(fn.keys(), [['new']]);
    });

    test('MaximumBatchingWindowInSeconds gathers records that arrive within the window into one batch', async () => {
      const { name, arn } = await freshTable();
      const fn = new FakeFunction();
      startPoller(fn, { eventSourceArn: arn, batchSize: 10, maximumBatchingWindowInSeconds: 1 });
      await put(name, 'w1');
      await new Promise((r) => setTimeout(r, 300));
      await put(name, 'w2');
      await waitFor(() => fn.batches.length === 1, 'one batch');
      assert.deepEqual(fn.keys(), [['w1', 'w2']]);
    });

    test('a failing function blocks its shard until MaximumRetryAttempts, then the on-failure record is sent and the shard moves on', async () => {
      const { name, arn } = await freshTable();
      await put(name, 'p1', 'p2');
      const fn = new FakeFunction();
      fn.respond = (records) =>
        records.some((r) => r.dynamodb.Keys.pk.S.startsWith('p')) ? fail() : {};
      startPoller(fn, {
        eventSourceArn: arn,
        maximumRetryAttempts: 2,
        onFailureDestinationArn: 'arn:aws:sqs:us-east-1:123456789012:dlq',
      });
      await waitFor(() => fn.batches.length >= 3, 'three attempts');
      await put(name, 'ok');
      await waitFor(() => fn.keys().some((b) => b.includes('ok')), 'the next record');
      // The initial invoke plus two retries of the same batch, then the next record.
      assert.deepEqual(fn.keys(), [['p1', 'p2'], ['p1', 'p2'], ['p1', 'p2'], ['ok']]);
      const record = delivered.find(
        (d) => (d.body['DDBStreamBatchInfo'] as { streamArn: string }).streamArn === arn,
      );
      assert.ok(record !== undefined);
      assert.equal(record.arn, 'arn:aws:sqs:us-east-1:123456789012:dlq');
      const ctx = record.body['requestContext'] as Record<string, unknown>;
      assert.equal(ctx['condition'], 'RetryAttemptsExhausted');
      assert.equal(ctx['approximateInvokeCount'], 3);
      assert.equal(ctx['functionArn'], 'arn:aws:lambda:us-east-1:123456789012:function:fn');
      assert.deepEqual(record.body['responseContext'], {
        statusCode: 200,
        executedVersion: '$LATEST',
        functionError: 'Unhandled',
      });
      const info = record.body['DDBStreamBatchInfo'] as Record<string, unknown>;
      assert.equal(info['batchSize'], 2);
      assert.equal(info['startSequenceNumber'], fn.batches[0]![0]!.dynamodb.SequenceNumber);
      assert.equal(info['endSequenceNumber'], fn.batches[0]![1]!.dynamodb.SequenceNumber);
      assert.equal(record.body['version'], '1.0');
    });

    test('throttles are retried without using attempts', async () => {
      const { name, arn } = await freshTable();
      await put(name, 'x');
      const fn = new FakeFunction();
      fn.respond = (_records, call) => (call <= 3 ? 'throttle' : {});
      startPoller(fn, { eventSourceArn: arn, maximumRetryAttempts: 0 });
      await waitFor(() => fn.batches.length === 4, 'success after throttles');
      assert.ok(
        !delivered.some(
          (d) => (d.body['DDBStreamBatchInfo'] as { streamArn: string }).streamArn === arn,
        ),
      );
    });

    test('BisectBatchOnFunctionError isolates the poison record; the rest succeed', async () => {
      const { name, arn } = await freshTable();
      await put(name, 'a', 'b', 'poison', 'd');
      const fn = new FakeFunction();
      fn.respond = (records) =>
        records.some((r) => r.dynamodb.Keys.pk.S === 'poison') ? fail() : {};
      startPoller(fn, {
        eventSourceArn: arn,
        bisectBatchOnFunctionError: true,
        maximumRetryAttempts: 1,
      });
      await waitFor(() => fn.keys().some((b) => b.length === 1 && b[0] === 'd'), 'the last record');
      assert.deepEqual(fn.keys(), [
        ['a', 'b', 'poison', 'd'],
        ['a', 'b'],
        ['poison', 'd'],
        ['poison'],
        ['poison'],
        ['d'],
      ]);
    });

    test('ReportBatchItemFailures checkpoints before the lowest reported record and retries from it', async () => {
      const { name, arn } = await freshTable();
      await put(name, 'a', 'b', 'c', 'd');
      const fn = new FakeFunction();
      fn.respond = (records, call) => {
        if (call !== 1) return {};
        const ids = [records[3]!, records[2]!].map((r) => ({
          itemIdentifier: r.dynamodb.SequenceNumber,
        }));
        return { payload: Buffer.from(JSON.stringify({ batchItemFailures: ids })) };
      };
      startPoller(fn, { eventSourceArn: arn, functionResponseTypes: ['ReportBatchItemFailures'] });
      await waitFor(() => fn.batches.length === 2, 'the retry');
      assert.deepEqual(fn.keys(), [
        ['a', 'b', 'c', 'd'],
        ['c', 'd'],
      ]);
    });

    test('FilterCriteria: filtered records are skipped (only TTL deletes reach the function)', async () => {
      const { name, arn } = await freshTable();
      await put(name, 'user', 'ttl');
      const table = t.ctx.catalog.get(name)!;
      await t.ddb('DeleteItem', { TableName: name, Key: { pk: { S: 'user' } } });
      await t.ctx.items.deleteItem(
        table,
        { pk: { S: 'ttl' } },
        {
          userIdentity: { type: 'Service', principalId: 'dynamodb.amazonaws.com' },
        },
      );
      const fn = new FakeFunction();
      startPoller(fn, {
        eventSourceArn: arn,
        filterPatterns: [
          '{"eventName":["REMOVE"],"userIdentity":{"type":["Service"],"principalId":["dynamodb.amazonaws.com"]}}',
        ],
      });
      await waitFor(() => fn.batches.length === 1, 'the TTL delete');
      await new Promise((r) => setTimeout(r, 100));
      assert.deepEqual(fn.keys(), [['ttl']]);
      assert.deepEqual(fn.batches[0]![0]!.userIdentity, {
        type: 'Service',
        principalId: 'dynamodb.amazonaws.com',
      });
    });

    test('ParallelizationFactor keeps order per item key while keys run concurrently', async () => {
      const { name, arn } = await freshTable();
      for (let i = 0; i < 5; i++) await put(name, 'k1', 'k2', 'k3', 'k4');
      const fn = new FakeFunction();
      startPoller(fn, { eventSourceArn: arn, parallelizationFactor: 3, batchSize: 2 });
      await waitFor(() => fn.batches.flat().length === 20, 'twenty records').catch((e: unknown) => {
        throw new Error(`${String(e)}: ${JSON.stringify(fn.keys())}`);
      });
      const seen = new Map<string, string[]>();
      for (const r of fn.batches.flat()) {
        const list = seen.get(r.dynamodb.Keys.pk.S) ?? [];
        list.push(r.dynamodb.SequenceNumber);
        seen.set(r.dynamodb.Keys.pk.S, list);
      }
      for (const seqs of seen.values()) assert.deepEqual([...seqs].sort(), seqs);
      assert.ok(fn.batches.some((b) => new Set(b.map((r) => r.dynamodb.Keys.pk.S)).size === 1));
    });

    test('one poller owns a shard at a time (store lease); the other takes over when it stops', async () => {
      const { name, arn } = await freshTable();
      const one = new FakeFunction();
      const two = new FakeFunction();
      const a = startPoller(one, { eventSourceArn: arn, uuid: 'shared' });
      await new Promise((r) => setTimeout(r, 50));
      startPoller(two, { eventSourceArn: arn, uuid: 'shared' });
      await put(name, 'r1');
      await waitFor(() => one.batches.length + two.batches.length === 1, 'one delivery');
      await new Promise((r) => setTimeout(r, 100));
      assert.deepEqual(one.keys(), [['r1']]);
      assert.equal(two.batches.length, 0);
      await a.poller.stop();
      await put(name, 'r2');
      await waitFor(() => two.batches.length === 1, 'the second node to take over', 5000);
      assert.deepEqual(two.keys(), [['r2']]);
    });
  });

test('reportedFailure: success forms, lowest reported record, invalid reports fail the batch', () => {
  const rec = (seq: string) =>
    ({ seq: 1, bytes: 1, record: { dynamodb: { SequenceNumber: seq } } }) as never;
  const records = [rec('101'), rec('102'), rec('103')];
  const r = (text: string): number | undefined => reportedFailure(Buffer.from(text), records);
  assert.equal(r(''), undefined);
  assert.equal(r('null'), undefined);
  assert.equal(r('{}'), undefined);
  assert.equal(r('{"batchItemFailures":[]}'), undefined);
  assert.equal(r('{"batchItemFailures":null}'), undefined);
  assert.equal(r('{"batchItemFailures":[{"itemIdentifier":"103"},{"itemIdentifier":"102"}]}'), 1);
  assert.equal(r('{"batchItemFailures":[{"itemIdentifier":"999"}]}'), 0);
  assert.equal(r('{"batchItemFailures":[{"itemIdentifier":""}]}'), 0);
  assert.equal(r('{"batchItemFailures":[{"id":"101"}]}'), 0);
  assert.equal(r('{"batchItemFailures":"x"}'), 0);
  assert.equal(r('not json'), 0);
  assert.equal(r('[1]'), 0);
});

describe('DynamoDbStreamPoller on a cluster (two nodes on one PostgreSQL)', () => {
  const schema = `stratus_esm_${Date.now().toString(36)}`;
  let a: TestDynamoDb;
  let b: TestDynamoDb;
  const pollers: DynamoDbStreamPoller[] = [];

  before(async () => {
    a = await openTestDynamoDb('postgres', systemClock, { schema });
    b = await openTestDynamoDb('postgres', systemClock, { schema });
  });
  after(async () => {
    await Promise.all(pollers.map((p) => p.stop()));
    await a.close();
    await b.close();
  });

  function nodePoller(node: TestDynamoDb, fn: FakeFunction, arn: string): DynamoDbStreamPoller {
    const mapping: EventSourceMappingModel = {
      logicalId: 'ClusterMap',
      uuid: 'cluster-map',
      functionName: 'fn',
      eventSourceArn: arn,
      enabled: true,
      startingPosition: 'TRIM_HORIZON',
      batchSize: 3,
      functionResponseTypes: [],
      filterPatterns: [],
    };
    const poller = new DynamoDbStreamPoller({
      mapping,
      streams: streamsFor(node.ctx),
      store: node.store,
      invoker: fn,
      filter: undefined,
      clock: systemClock,
      logger: createLogger({ sink: new MemoryLogSink() }),
      region: 'us-east-1',
      pollIntervalMs: 10,
      leaseTtlMs: 1500,
    });
    pollers.push(poller);
    void poller.start();
    return poller;
  }

  test('each record is delivered by one node; the other takes over from the checkpoint', async () => {
    const out = (await a.ddb('CreateTable', tableInput('Cluster', { viewType: 'KEYS_ONLY' }))) as {
      TableDescription: { LatestStreamArn: string };
    };
    const arn = out.TableDescription.LatestStreamArn;
    const one = new FakeFunction();
    const two = new FakeFunction();
    const first = nodePoller(a, one, arn);
    await new Promise((r) => setTimeout(r, 100));
    nodePoller(b, two, arn);
    for (let i = 0; i < 6; i++) {
      await (i % 2 === 0 ? a : b).ddb('PutItem', {
        TableName: 'Cluster',
        Item: { pk: { S: `c${i}` } },
      });
    }
    await waitFor(() => one.batches.flat().length + two.batches.flat().length >= 6, 'six records');
    await first.stop();
    for (let i = 6; i < 9; i++) {
      await b.ddb('PutItem', { TableName: 'Cluster', Item: { pk: { S: `c${i}` } } });
    }
    await waitFor(() => two.batches.flat().length >= 3, 'the takeover', 8000);
    await new Promise((r) => setTimeout(r, 100));
    const all = [...one.keys().flat(), ...two.keys().flat()];
    assert.deepEqual(all, ['c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8']);
    assert.deepEqual(one.keys().flat(), ['c0', 'c1', 'c2', 'c3', 'c4', 'c5']);
  });
});
