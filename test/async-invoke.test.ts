// Event invocations: durable queue, on-success / on-failure destinations with Lambda's record shape.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
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
