// The whole of Stratus: a template's topic fans out to a Lambda function (SAM SNS event with a
// filter policy) and to SQS queues (envelope and raw), read back with the real SQS client; and
// the AWS CLI drives SNS.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import {
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SQSClient,
  type Message,
} from '@aws-sdk/client-sqs';
import {
  fixturePath,
  sdkConfig,
  startTestStratus,
  waitFor,
  type TestStratus,
} from '../helpers/stratus.js';

const run = promisify(execFile);
let stratus: TestStratus;
let sns: SNSClient;
let sqs: SQSClient;
const TOPIC = 'arn:aws:sns:us-east-1:123456789012:orders';

before(async () => {
  stratus = await startTestStratus(fixturePath('sns-app'));
  sns = new SNSClient(sdkConfig(stratus));
  sqs = new SQSClient(sdkConfig(stratus));
});
after(async () => {
  sns.destroy();
  sqs.destroy();
  await stratus.stop();
});

async function receiveAll(queueName: string, count: number): Promise<Message[]> {
  const url = `${stratus.awsEndpoint}/123456789012/${queueName}`;
  const got: Message[] = [];
  await waitFor(
    async () => {
      const out = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: url,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 1,
          MessageAttributeNames: ['All'],
        }),
      );
      got.push(...(out.Messages ?? []));
      return got.length >= count;
    },
    10_000,
    `${count} messages on ${queueName}`,
  );
  return got;
}

interface SnsEvent {
  Records: { Sns: Record<string, unknown>; EventSubscriptionArn: string }[];
}

function snsEvents(): SnsEvent[] {
  return stratus.logs.lines
    .filter((l) => l.includes('SNSEVENT '))
    .map((l) => JSON.parse(l.slice(l.indexOf('SNSEVENT ') + 9)) as SnsEvent);
}

test('a publish reaches the filtered Lambda subscriber and both SQS queues', async () => {
  const out = await sns.send(
    new PublishCommand({
      TopicArn: TOPIC,
      Message: '{"order":1}',
      Subject: 'Order',
      MessageAttributes: { kind: { DataType: 'String', StringValue: 'lambda' } },
    }),
  );
  await waitFor(() => snsEvents().length === 1, 10_000, 'the Lambda event');
  const record = snsEvents()[0]!.Records[0]!;
  assert.equal(record.Sns['MessageId'], out.MessageId);
  assert.equal(record.Sns['Message'], '{"order":1}');
  assert.equal(record.Sns['Subject'], 'Order');
  assert.deepEqual(record.Sns['MessageAttributes'], { kind: { Type: 'String', Value: 'lambda' } });
  const [envelope] = await receiveAll('orders-envelope', 1);
  const body = JSON.parse(envelope!.Body!);
  assert.equal(body.Type, 'Notification');
  assert.equal(body.MessageId, out.MessageId);
  assert.equal(body.TopicArn, TOPIC);
  assert.notEqual(envelope!.MessageId, out.MessageId, 'SQS gives the message its own id');
  assert.equal(envelope!.MessageAttributes, undefined);
  const [raw] = await receiveAll('orders-raw', 1);
  assert.equal(raw!.Body, '{"order":1}');
  assert.deepEqual(raw!.MessageAttributes, { kind: { DataType: 'String', StringValue: 'lambda' } });
});

test('a message the filter policy rejects does not invoke the function', async () => {
  const before = snsEvents().length;
  await sns.send(
    new PublishCommand({
      TopicArn: TOPIC,
      Message: 'queues only',
      MessageAttributes: { kind: { DataType: 'String', StringValue: 'other' } },
    }),
  );
  const [raw] = await receiveAll('orders-raw', 1);
  assert.equal(raw!.Body, 'queues only');
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(snsEvents().length, before);
});

test('raw delivery carries Number, Binary and String.Array attributes into SQS', async () => {
  await sns.send(
    new PublishCommand({
      TopicArn: TOPIC,
      Message: 'typed',
      MessageAttributes: {
        n: { DataType: 'Number', StringValue: '12.5' },
        b: { DataType: 'Binary', BinaryValue: new Uint8Array([1, 2, 3]) },
        list: { DataType: 'String.Array', StringValue: '["a","b"]' },
      },
    }),
  );
  const [raw] = await receiveAll('orders-raw', 1);
  assert.equal(raw!.Body, 'typed');
  assert.equal(raw!.MessageAttributes?.['n']?.StringValue, '12.5');
  assert.equal(raw!.MessageAttributes?.['n']?.DataType, 'Number');
  assert.deepEqual([...(raw!.MessageAttributes?.['b']?.BinaryValue ?? [])], [1, 2, 3]);
  assert.equal(raw!.MessageAttributes?.['list']?.DataType, 'String.Array');
  assert.equal(raw!.MessageAttributes?.['list']?.StringValue, '["a","b"]');
  await receiveAll('orders-envelope', 1);
});

test('a FIFO topic delivers in order to a FIFO queue, once per deduplicated message', async () => {
  const TopicArn = 'arn:aws:sns:us-east-1:123456789012:prices.fifo';
  for (const m of ['p1', 'p2', 'p1', 'p3']) {
    await sns.send(new PublishCommand({ TopicArn, Message: m, MessageGroupId: 'g1' }));
  }
  const got: Message[] = [];
  const url = `${stratus.awsEndpoint}/123456789012/prices.fifo`;
  await waitFor(
    async () => {
      const out = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: url,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 1,
          MessageSystemAttributeNames: ['All'],
        }),
      );
      for (const m of out.Messages ?? []) {
        got.push(m);
        await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: m.ReceiptHandle }));
      }
      return got.length >= 3;
    },
    10_000,
    'three FIFO messages',
  );
  assert.deepEqual(
    got.map((m) => m.Body),
    ['p1', 'p2', 'p3'],
  );
  assert.equal(got[0]!.Attributes?.['MessageGroupId'], 'g1');
  assert.match(got[0]!.Attributes?.['MessageDeduplicationId'] ?? '', /^[0-9a-f]{64}$/);
});

test('a template reload keeps topics, subscriptions and their state', async () => {
  await stratus.reload();
  const out = await sns.send(new PublishCommand({ TopicArn: TOPIC, Message: 'after reload' }));
  const got = await receiveAll('orders-raw', 1);
  assert.equal(got.length, 1, 'no duplicate subscription was created');
  assert.equal(got[0]!.Body, 'after reload');
  assert.ok(out.MessageId);
});

const CLI = '/usr/bin/aws';

test(
  'the AWS CLI creates topics, subscribes, publishes and lists',
  { skip: !existsSync(CLI) },
  async () => {
    const env = {
      ...process.env,
      AWS_ACCESS_KEY_ID: 'AKIDCLI',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_PAGER: '',
    };
    const aws = async (...args: string[]): Promise<Record<string, unknown>> => {
      const { stdout } = await run(
        CLI,
        ['--endpoint-url', stratus.awsEndpoint, '--output', 'json', 'sns', ...args],
        { env },
      );
      return stdout.trim() === '' ? {} : (JSON.parse(stdout) as Record<string, unknown>);
    };
    const created = await aws(
      'create-topic',
      '--name',
      'cli-topic',
      '--attributes',
      'DisplayName=From CLI',
      '--tags',
      'Key=k,Value=v',
    );
    assert.equal(created['TopicArn'], 'arn:aws:sns:us-east-1:123456789012:cli-topic');
    const attrs = (await aws('get-topic-attributes', '--topic-arn', String(created['TopicArn'])))[
      'Attributes'
    ] as Record<string, string>;
    assert.equal(attrs['DisplayName'], 'From CLI');
    const sub = await aws(
      'subscribe',
      '--topic-arn',
      String(created['TopicArn']),
      '--protocol',
      'sqs',
      '--notification-endpoint',
      'arn:aws:sqs:us-east-1:123456789012:orders-raw',
      '--attributes',
      '{"RawMessageDelivery":"true"}',
    );
    assert.match(String(sub['SubscriptionArn']), /^arn:aws:sns:us-east-1:123456789012:cli-topic:/);
    const published = await aws(
      'publish',
      '--topic-arn',
      String(created['TopicArn']),
      '--message',
      'from the cli',
      '--message-attributes',
      '{"n":{"DataType":"Number","StringValue":"7"}}',
    );
    assert.match(String(published['MessageId']), /^[0-9a-f-]{36}$/);
    const [msg] = await receiveAll('orders-raw', 1);
    assert.equal(msg!.Body, 'from the cli');
    assert.deepEqual(msg!.MessageAttributes, { n: { DataType: 'Number', StringValue: '7' } });
    const topics = (await aws('list-topics'))['Topics'] as { TopicArn: string }[];
    assert.ok(topics.some((t) => t.TopicArn === created['TopicArn']));
    const tags = (
      await aws('list-tags-for-resource', '--resource-arn', String(created['TopicArn']))
    )['Tags'];
    assert.deepEqual(tags, [{ Key: 'k', Value: 'v' }]);
    const err = await run(
      CLI,
      [
        '--endpoint-url',
        stratus.awsEndpoint,
        'sns',
        'get-topic-attributes',
        '--topic-arn',
        'arn:aws:sns:us-east-1:123456789012:missing',
      ],
      { env },
    ).then(
      () => '',
      (e: { stderr: string }) => e.stderr,
    );
    assert.match(err, /NotFound.*Topic does not exist/);
    await aws('delete-topic', '--topic-arn', String(created['TopicArn']));
  },
);
