// Event invocations: durable queue, on-success / on-failure destinations with Lambda's record shape.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  DeleteFunctionEventInvokeConfigCommand,
  GetFunctionEventInvokeConfigCommand,
  InvokeCommand,
  LambdaClient,
  ListFunctionEventInvokeConfigsCommand,
  PutFunctionEventInvokeConfigCommand,
  ResourceNotFoundException,
  UpdateFunctionEventInvokeConfigCommand,
} from '@aws-sdk/client-lambda';
import {
  fixturePath,
  sdkConfig,
  startTestStratus,
  waitFor,
  type TestStratus,
} from './helpers/stratus.js';

let stratus: TestStratus;
let lambda: LambdaClient;

before(async () => {
  stratus = await startTestStratus(fixturePath('async'));
  lambda = new LambdaClient(sdkConfig(stratus));
});
after(async () => {
  lambda.destroy();
  await stratus.stop();
});

interface InvocationRecord {
  version: string;
  requestContext: {
    requestId: string;
    functionArn: string;
    condition: string;
    approximateInvokeCount: number;
  };
  requestPayload: { id: string };
  responseContext: { statusCode: number; executedVersion: string; functionError?: string };
  responsePayload: unknown;
}

async function recordFor(id: string): Promise<InvocationRecord> {
  let found: InvocationRecord | undefined;
  await waitFor(
    () => {
      for (const line of stratus.logs.lines) {
        const at = line.indexOf('RECORD ');
        if (at === -1) continue;
        const record = JSON.parse(line.slice(at + 7)) as InvocationRecord;
        if (record.requestPayload.id === id) found = record;
      }
      return found !== undefined;
    },
    10_000,
    `the record of ${id}`,
  );
  return found!;
}

test('a successful Event invocation sends a Success record to the on-success destination', async () => {
  const out = await lambda.send(
    new InvokeCommand({
      FunctionName: 'WorkerFunction',
      InvocationType: 'Event',
      Payload: Buffer.from('{"id":"ok-1"}'),
    }),
  );
  assert.equal(out.StatusCode, 202);
  const record = await recordFor('ok-1');
  assert.equal(record.version, '1.0');
  assert.equal(record.requestContext.condition, 'Success');
  assert.equal(
    record.requestContext.functionArn,
    'arn:aws:lambda:us-east-1:123456789012:function:WorkerFunction:$LATEST',
  );
  assert.equal(record.requestContext.approximateInvokeCount, 1);
  assert.deepEqual(record.responseContext, { statusCode: 200, executedVersion: '$LATEST' });
  assert.deepEqual(record.responsePayload, { done: 'ok-1' });
});

test('a failing Event invocation with no retries left sends a RetriesExhausted record', async () => {
  await lambda.send(
    new InvokeCommand({
      FunctionName: 'WorkerFunction',
      InvocationType: 'Event',
      Payload: Buffer.from('{"id":"bad-1","fail":true}'),
    }),
  );
  const record = await recordFor('bad-1');
  assert.equal(record.requestContext.condition, 'RetriesExhausted');
  assert.equal(record.responseContext.functionError, 'Unhandled');
  assert.equal(
    (record.responsePayload as { errorMessage: string }).errorMessage,
    'failing on purpose: bad-1',
  );
});

test('PutFunctionEventInvokeConfig and friends change where Event invocations report', async () => {
  const collector = 'arn:aws:lambda:us-east-1:123456789012:function:CollectorFunction';
  const template = await lambda.send(
    new GetFunctionEventInvokeConfigCommand({ FunctionName: 'WorkerFunction' }),
  );
  assert.equal(template.MaximumRetryAttempts, 0);
  assert.equal(template.DestinationConfig?.OnFailure?.Destination, collector);

  const put = await lambda.send(
    new PutFunctionEventInvokeConfigCommand({
      FunctionName: 'WorkerFunction',
      MaximumRetryAttempts: 0,
      DestinationConfig: { OnSuccess: { Destination: collector } },
    }),
  );
  assert.equal(
    put.FunctionArn,
    'arn:aws:lambda:us-east-1:123456789012:function:WorkerFunction:$LATEST',
  );
  assert.equal(put.DestinationConfig?.OnFailure?.Destination, undefined);
  const updated = await lambda.send(
    new UpdateFunctionEventInvokeConfigCommand({
      FunctionName: 'WorkerFunction',
      MaximumEventAgeInSeconds: 600,
    }),
  );
  assert.equal(updated.MaximumEventAgeInSeconds, 600);
  assert.equal(updated.DestinationConfig?.OnSuccess?.Destination, collector);
  const list = await lambda.send(
    new ListFunctionEventInvokeConfigsCommand({ FunctionName: 'WorkerFunction' }),
  );
  assert.equal(list.FunctionEventInvokeConfigs?.length, 1);

  // No on-failure destination any more: a failing event is dropped, not recorded.
  await lambda.send(
    new InvokeCommand({
      FunctionName: 'WorkerFunction',
      InvocationType: 'Event',
      Payload: Buffer.from('{"id":"bad-2","fail":true}'),
    }),
  );
  await lambda.send(
    new InvokeCommand({
      FunctionName: 'WorkerFunction',
      InvocationType: 'Event',
      Payload: Buffer.from('{"id":"ok-2"}'),
    }),
  );
  await recordFor('ok-2');
  await waitFor(
    () => stratus.logs.lines.some((l) => l.includes('failing on purpose: bad-2')),
    10_000,
    'bad-2 to fail',
  );
  await new Promise((r) => setTimeout(r, 300));
  assert.ok(!stratus.logs.lines.some((l) => l.includes('RECORD ') && l.includes('"bad-2"')));

  await lambda.send(new DeleteFunctionEventInvokeConfigCommand({ FunctionName: 'WorkerFunction' }));
  await assert.rejects(
    lambda.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: 'WorkerFunction' })),
    (e: unknown) => e instanceof ResourceNotFoundException,
  );
  await assert.rejects(
    lambda.send(
      new PutFunctionEventInvokeConfigCommand({
        FunctionName: 'WorkerFunction',
        MaximumRetryAttempts: 3,
      }),
    ),
    (e: unknown) => (e as Error).name === 'ValidationException',
  );
});
