// The Lambda event source mapping API over mappings from the template and from the API.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  CreateEventSourceMappingCommand,
  DeleteEventSourceMappingCommand,
  GetEventSourceMappingCommand,
  LambdaClient,
  ListEventSourceMappingsCommand,
  ResourceConflictException,
  ResourceNotFoundException,
  UpdateEventSourceMappingCommand,
} from '@aws-sdk/client-lambda';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import {
  fixturePath,
  sdkConfig,
  startTestStratus,
  waitFor,
  type TestStratus,
} from './helpers/stratus.js';

let stratus: TestStratus;
let lambda: LambdaClient;
let sqs: SQSClient;
let apiQueueArn: string;
let apiQueueUrl: string;
let templateQueueArn: string;

before(async () => {
  stratus = await startTestStratus(fixturePath('lambda-esm'));
  lambda = new LambdaClient(sdkConfig(stratus));
  sqs = new SQSClient(sdkConfig(stratus));
  const queues = stratus.model().queues;
  apiQueueArn = queues.find((q) => q.logicalId === 'ApiQueue')!.arn;
  apiQueueUrl = queues.find((q) => q.logicalId === 'ApiQueue')!.url;
  templateQueueArn = queues.find((q) => q.logicalId === 'TemplateQueue')!.arn;
});
after(async () => {
  lambda.destroy();
  sqs.destroy();
  await stratus.stop();
});

test('the template mapping is listed under the UUID that !Ref gives it', async () => {
  const list = await lambda.send(
    new ListEventSourceMappingsCommand({ FunctionName: 'EchoFunction' }),
  );
  assert.equal(list.EventSourceMappings?.length, 1);
  const mapping = list.EventSourceMappings?.[0];
  assert.equal(mapping!.UUID, stratus.model().outputs['MappingId']);
  assert.equal(mapping!.EventSourceArn, templateQueueArn);
  assert.equal(mapping!.BatchSize, 5);
  assert.equal(mapping!.State, 'Enabled');
  assert.equal(mapping!.FunctionArn, 'arn:aws:lambda:us-east-1:123456789012:function:EchoFunction');
});

test('a mapping created through the API triggers the function; update and delete take effect', async () => {
  const created = await lambda.send(
    new CreateEventSourceMappingCommand({
      FunctionName: 'EchoFunction',
      EventSourceArn: apiQueueArn,
      BatchSize: 1,
    }),
  );
  assert.equal(created.$metadata.httpStatusCode, 202);
  assert.equal(created.State, 'Creating');
  assert.match(created.UUID!, /^[0-9a-f-]{36}$/);

  await sqs.send(new SendMessageCommand({ QueueUrl: apiQueueUrl, MessageBody: 'first' }));
  await waitFor(
    () => stratus.logs.lines.some((l) => l.includes('GOT first from ApiQueue')),
    10_000,
    'first delivered',
  );

  const got = await lambda.send(new GetEventSourceMappingCommand({ UUID: created.UUID }));
  assert.equal(got.State, 'Enabled');
  assert.equal(got.BatchSize, 1);

  await assert.rejects(
    lambda.send(
      new CreateEventSourceMappingCommand({
        FunctionName: 'EchoFunction',
        EventSourceArn: apiQueueArn,
      }),
    ),
    (e: unknown) => e instanceof ResourceConflictException && e.message.includes(created.UUID!),
  );

  const updated = await lambda.send(
    new UpdateEventSourceMappingCommand({ UUID: created.UUID, Enabled: false }),
  );
  assert.equal(updated.State, 'Updating');
  assert.equal(
    (await lambda.send(new GetEventSourceMappingCommand({ UUID: created.UUID }))).State,
    'Disabled',
  );

  const deleted = await lambda.send(new DeleteEventSourceMappingCommand({ UUID: created.UUID }));
  assert.equal(deleted.State, 'Deleting');
  await assert.rejects(
    lambda.send(new GetEventSourceMappingCommand({ UUID: created.UUID })),
    (e: unknown) => e instanceof ResourceNotFoundException,
  );
});

test('a mapping to an unknown function fails with ResourceNotFoundException', async () => {
  await assert.rejects(
    lambda.send(
      new CreateEventSourceMappingCommand({ FunctionName: 'Nope', EventSourceArn: apiQueueArn }),
    ),
    (e: unknown) => e instanceof ResourceNotFoundException,
  );
});

test('a stream mapping without StartingPosition is refused', async () => {
  await assert.rejects(
    lambda.send(
      new CreateEventSourceMappingCommand({
        FunctionName: 'EchoFunction',
        EventSourceArn:
          'arn:aws:dynamodb:us-east-1:123456789012:table/T/stream/2024-01-01T00:00:00.000',
      }),
    ),
    (e: unknown) => (e as Error).name === 'InvalidParameterValueException',
  );
});
