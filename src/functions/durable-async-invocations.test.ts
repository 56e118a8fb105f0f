import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { FunctionModel } from '../core/app-model.js';
import { ManualClock } from '../core/clock.js';
import { AwsError } from '../core/errors.js';
import { silentLogger } from '../core/logger.js';
import { openStore } from '../store/index.js';
import type { Store } from '../store/types.js';
import { DurableAsyncInvocations, type DestinationMessage } from './durable-async-invocations.js';
import type { InvokeRequest, InvokeResult } from './types.js';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'stratus-async-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

function model(overrides: Partial<FunctionModel> = {}): FunctionModel {
  return {
    logicalId: 'Fn',
    name: 'Fn',
    arn: 'arn:aws:lambda:us-east-1:123456789012:function:Fn',
    runtime: 'nodejs20.x',
    handler: 'index.handler',
    codeDir: '/nowhere',
    memorySize: 128,
    timeout: 3,
    environment: {},
    layers: [],
    layerDirs: [],
    architectures: ['x86_64'],
    ephemeralStorageMb: 512,
    logging: { format: 'Text', logGroup: '/aws/lambda/Fn' },
    tags: {},
    ...overrides,
  };
}

function result(functionError: boolean, payload: unknown): InvokeResult {
  const out: InvokeResult = {
    requestId: 'r',
    statusCode: 200,
    payload: Buffer.from(JSON.stringify(payload)),
    executedVersion: '$LATEST',
    durationMs: 1,
  };
  if (functionError) out.functionError = 'Unhandled';
  return out;
}

interface Harness {
  runner: DurableAsyncInvocations;
  attempts: InvokeRequest[];
  delivered: { arn: string; message: DestinationMessage }[];
}

function harness(
  store: Store,
  clock: ManualClock,
  fn: FunctionModel,
  outcome: (n: number) => InvokeResult | AwsError,
): Harness {
  const attempts: InvokeRequest[] = [];
  const delivered: Harness['delivered'] = [];
  const runner = new DurableAsyncInvocations({
    store,
    clock,
    logger: silentLogger,
    attempt: (request) => {
      attempts.push(request);
      const o = outcome(attempts.length);
      return { model: fn, result: o instanceof AwsError ? Promise.reject(o) : Promise.resolve(o) };
    },
    timeoutSeconds: () => fn.timeout,
    invokeAsync: () => Promise.resolve(),
    deliver: (arn, message) => {
      delivered.push({ arn, message });
      return Promise.resolve();
    },
  });
  return { runner, attempts, delivered };
}

async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
}

async function until(check: () => boolean, clock?: ManualClock, stepMs = 0): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (check()) return;
    if (clock) clock.advance(stepMs);
    await new Promise((r) => setTimeout(r, 5));
  }
  assert.fail('condition not reached');
}

test('an accepted event survives a restart and runs once pollers start', async () => {
  const path = join(dir, 'restart.db');
  const clock = new ManualClock();
  let store = await openStore({ kind: 'sqlite', path }, { clock });
  const first = harness(store, clock, model(), () => result(false, 'ok'));
  await first.runner.start({ functionName: 'Fn', payload: Buffer.from('{"n":1}') }, 'req-1', 'Fn');
  await first.runner.stop();
  await store.close();
  assert.equal(first.attempts.length, 0);

  store = await openStore({ kind: 'sqlite', path }, { clock });
  const second = harness(store, clock, model(), () => result(false, 'ok'));
  second.runner.watch(['Fn']);
  await until(() => second.attempts.length === 1);
  assert.equal(second.attempts[0]!.payload.toString(), '{"n":1}');
  await settle();
  assert.deepEqual(await store.queues.stats('lambda-async:Fn'), {
    visible: 0,
    inFlight: 0,
    delayed: 0,
  });
  await second.runner.stop();
  await store.close();
});

test('function errors are retried after 1 and 2 minutes, then the event goes to the DLQ', async () => {
  const clock = new ManualClock();
  const store = await openStore({ kind: 'sqlite', path: join(dir, 'retry.db') }, { clock });
  const fn = model({ deadLetterTargetArn: 'arn:aws:sqs:us-east-1:123456789012:dlq' });
  const h = harness(store, clock, fn, () =>
    result(true, { errorType: 'Error', errorMessage: 'boom' }),
  );
  h.runner.watch(['Fn']);
  await h.runner.start({ functionName: 'Fn', payload: Buffer.from('{"n":2}') }, 'req-2', 'Fn');
  await until(() => h.attempts.length === 1);
  clock.advance(59_000);
  await settle();
  assert.equal(h.attempts.length, 1, 'no retry before a minute');
  await until(() => h.attempts.length === 2, clock, 1000);
  clock.advance(110_000);
  await settle();
  assert.equal(h.attempts.length, 2, 'the second retry waits two minutes');
  await until(() => h.delivered.length === 1, clock, 1000);
  assert.equal(h.attempts.length, 3);
  const [dead] = h.delivered;
  assert.equal(dead!.arn, 'arn:aws:sqs:us-east-1:123456789012:dlq');
  assert.equal(dead!.message.body, '{"n":2}');
  assert.deepEqual(dead!.message.attributes, {
    RequestID: { DataType: 'String', StringValue: 'req-2' },
    ErrorCode: { DataType: 'Number', StringValue: '200' },
    ErrorMessage: { DataType: 'String', StringValue: 'boom' },
  });
  await h.runner.stop();
  await store.close();
});

test('throttles are retried with backoff without using up attempts', async () => {
  const clock = new ManualClock();
  const store = await openStore({ kind: 'sqlite', path: join(dir, 'throttle.db') }, { clock });
  const fn = model({
    eventInvokeConfig: {
      qualifier: '$LATEST',
      maximumRetryAttempts: 0,
      onFailure: 'arn:aws:sqs:us-east-1:123456789012:failures',
    },
  });
  const throttle = new AwsError('TooManyRequestsException', 'Rate Exceeded.', { status: 429 });
  const h = harness(store, clock, fn, (n) =>
    n <= 3 ? throttle : result(true, { errorMessage: 'x' }),
  );
  h.runner.watch(['Fn']);
  await h.runner.start({ functionName: 'Fn', payload: Buffer.from('{"n":3}') }, 'req-3', 'Fn');
  await until(() => h.delivered.length === 1, clock, 500);
  assert.equal(h.attempts.length, 4, 'three throttles, then one real attempt with no retries left');
  const record = JSON.parse(h.delivered[0]!.message.body) as {
    requestContext: { condition: string; approximateInvokeCount: number };
    requestPayload: unknown;
  };
  assert.equal(record.requestContext.condition, 'RetriesExhausted');
  assert.equal(record.requestContext.approximateInvokeCount, 1);
  assert.deepEqual(record.requestPayload, { n: 3 });
  await h.runner.stop();
  await store.close();
});

test('an event older than MaximumEventAgeInSeconds is not retried', async () => {
  const clock = new ManualClock();
  const store = await openStore({ kind: 'sqlite', path: join(dir, 'age.db') }, { clock });
  const fn = model({
    eventInvokeConfig: {
      qualifier: '$LATEST',
      maximumEventAgeInSeconds: 30,
      onFailure: 'arn:aws:sqs:us-east-1:123456789012:failures',
    },
  });
  const h = harness(store, clock, fn, () => result(true, { errorMessage: 'x' }));
  h.runner.watch(['Fn']);
  await h.runner.start({ functionName: 'Fn', payload: Buffer.from('{}') }, 'req-4', 'Fn');
  await until(() => h.delivered.length === 1, clock, 1000);
  assert.equal(h.attempts.length, 1);
  const record = JSON.parse(h.delivered[0]!.message.body) as {
    requestContext: { condition: string };
  };
  assert.equal(record.requestContext.condition, 'EventAgeExceeded');
  await h.runner.stop();
  await store.close();
});
