// What SNS delivers to SQS, Lambda and the outbox: envelopes, raw delivery, Lambda events,
// filter policies, MessageStructure, FIFO, PublishBatch and subscription DLQs.
import assert from 'node:assert/strict';
import { X509Certificate, verify } from 'node:crypto';
import { after, before, test } from 'node:test';
import {
  ConfirmSubscriptionCommand,
  CreateTopicCommand,
  GetSubscriptionAttributesCommand,
  PublishBatchCommand,
  PublishCommand,
  SetSubscriptionAttributesCommand,
  SubscribeCommand,
  UnsubscribeCommand,
} from '@aws-sdk/client-sns';
import { stringToSign } from '../../src/services/sns/signing.js';
import { startSnsHarness, type SnsHarness } from './harness.js';

/** A parsed JSON document whose members the test reads as text. */
type Doc = Record<string, string>;
const parseDoc = (text: string): Doc => JSON.parse(text) as Doc;

let h: SnsHarness;
const ACCOUNT = '123456789012';
const queue = (name: string): string => `arn:aws:sqs:us-east-1:${ACCOUNT}:${name}`;
const fn = (name: string): string => `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${name}`;

before(async () => {
  h = await startSnsHarness();
});
after(async () => {
  await h.stop();
});

async function topic(name: string, attributes?: Record<string, string>): Promise<string> {
  return (
    await h.client.send(
      new CreateTopicCommand({ Name: name, ...(attributes ? { Attributes: attributes } : {}) }),
    )
  ).TopicArn!;
}

async function subscribe(
  TopicArn: string,
  Protocol: string,
  Endpoint: string,
  Attributes?: Record<string, string>,
): Promise<string> {
  return (
    await h.client.send(
      new SubscribeCommand({
        TopicArn,
        Protocol,
        Endpoint,
        ReturnSubscriptionArn: true,
        ...(Attributes ? { Attributes } : {}),
      }),
    )
  ).SubscriptionArn!;
}

const toQueue = (arn: string) => h.queued.filter((d) => d.queueArn === arn);

test('SQS delivery sends the JSON envelope in AWS order, signed with a certificate Stratus serves', async () => {
  const TopicArn = await topic('envelope');
  const sub = await subscribe(TopicArn, 'sqs', queue('envelope-q'));
  const out = await h.client.send(
    new PublishCommand({
      TopicArn,
      Message: '{"id":42}',
      Subject: 'New order',
      MessageAttributes: { priority: { DataType: 'Number', StringValue: '1' } },
    }),
  );
  await h.until(() => toQueue(queue('envelope-q')).length === 1, 'the SQS delivery');
  const { message } = toQueue(queue('envelope-q'))[0]!;
  assert.equal(message.attributes, undefined, 'no SQS attributes in envelope mode');
  const body = parseDoc(message.body);
  assert.deepEqual(Object.keys(body), [
    'Type',
    'MessageId',
    'TopicArn',
    'Subject',
    'Message',
    'Timestamp',
    'SignatureVersion',
    'Signature',
    'SigningCertURL',
    'UnsubscribeURL',
    'MessageAttributes',
  ]);
  assert.equal(body.Type, 'Notification');
  assert.equal(body.MessageId, out.MessageId);
  assert.equal(body.Message, '{"id":42}');
  assert.match(body.Timestamp!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  assert.equal(body.UnsubscribeURL, `${h.endpoint}/?Action=Unsubscribe&SubscriptionArn=${sub}`);
  assert.deepEqual(body.MessageAttributes, { priority: { Type: 'Number', Value: '1' } });
  assert.match(message.body, /^\{\n {2}"Type" : "Notification",\n/);
  assert.match(message.body, /\n {4}"priority" : \{"Type":"Number","Value":"1"\}\n {2}\}\n\}$/);
  const pem = await (await fetch(body.SigningCertURL!)).text();
  const cert = new X509Certificate(pem);
  assert.ok(
    verify(
      'sha1',
      Buffer.from(stringToSign(body)),
      cert.publicKey,
      Buffer.from(body.Signature!, 'base64'),
    ),
  );
});

test('raw SQS delivery sends the body verbatim with the attributes as SQS attributes', async () => {
  const TopicArn = await topic('raw');
  await subscribe(TopicArn, 'sqs', queue('raw-q'), { RawMessageDelivery: 'true' });
  await h.client.send(
    new PublishCommand({
      TopicArn,
      Message: 'plain text',
      MessageAttributes: {
        s: { DataType: 'String', StringValue: 'x' },
        list: { DataType: 'String.Array', StringValue: '["a",1,true]' },
        bin: { DataType: 'Binary', BinaryValue: new Uint8Array([0, 1, 2]) },
        custom: { DataType: 'String.custom', StringValue: 'y' },
      },
    }),
  );
  await h.until(() => toQueue(queue('raw-q')).length === 1, 'the raw delivery');
  const { message } = toQueue(queue('raw-q'))[0]!;
  assert.equal(message.body, 'plain text');
  assert.deepEqual(message.attributes, {
    s: { DataType: 'String', StringValue: 'x' },
    list: { DataType: 'String.Array', StringValue: '["a",1,true]' },
    bin: { DataType: 'Binary', BinaryValue: 'AAEC' },
    custom: { DataType: 'String.custom', StringValue: 'y' },
  });
});

test('a Lambda subscriber gets one record per invoke, Subject null and MessageAttributes {}', async () => {
  const TopicArn = await topic('to-lambda');
  const sub = await subscribe(TopicArn, 'lambda', fn('worker'));
  const out = await h.client.send(new PublishCommand({ TopicArn, Message: 'hi lambda' }));
  await h.until(() => h.invoked.some((i) => i.functionArn === fn('worker')), 'the invoke');
  const { event } = h.invoked.find((i) => i.functionArn === fn('worker'))!;
  assert.equal(event.Records.length, 1);
  const record = event.Records[0]!;
  assert.equal(record.EventSource, 'aws:sns');
  assert.equal(record.EventVersion, '1.0');
  assert.equal(record.EventSubscriptionArn, sub);
  assert.equal(record.Sns['Type'], 'Notification');
  assert.equal(record.Sns['MessageId'], out.MessageId);
  assert.equal(record.Sns['TopicArn'], TopicArn);
  assert.equal(record.Sns['Subject'], null);
  assert.equal(record.Sns['Message'], 'hi lambda');
  assert.deepEqual(record.Sns['MessageAttributes'], {});
  assert.equal(record.Sns['SignatureVersion'], '1');
  assert.match(String(record.Sns['SigningCertUrl']), /\/SimpleNotificationService-[0-9a-f]+\.pem$/);
  assert.equal(
    record.Sns['UnsubscribeUrl'],
    `${h.endpoint}/?Action=Unsubscribe&SubscriptionArn=${sub}`,
  );
});

test('filter policies on attributes and on the body select subscribers', async () => {
  const TopicArn = await topic('filtered');
  await subscribe(TopicArn, 'sqs', queue('f-attr'), {
    FilterPolicy: JSON.stringify({ sport: ['rugby'], price: [{ numeric: ['>', 10] }] }),
  });
  await subscribe(TopicArn, 'sqs', queue('f-body'), {
    FilterPolicyScope: 'MessageBody',
    FilterPolicy: JSON.stringify({ order: { status: [{ prefix: 'ship' }] } }),
    RawMessageDelivery: 'true',
  });
  const attrs = (sport: string, price: string) => ({
    sport: { DataType: 'String', StringValue: sport },
    price: { DataType: 'Number', StringValue: price },
  });
  await h.client.send(
    new PublishCommand({ TopicArn, Message: 'a', MessageAttributes: attrs('rugby', '20') }),
  );
  await h.client.send(
    new PublishCommand({ TopicArn, Message: 'b', MessageAttributes: attrs('rugby', '5') }),
  );
  await h.client.send(
    new PublishCommand({ TopicArn, Message: 'c', MessageAttributes: attrs('tennis', '20') }),
  );
  await h.client.send(new PublishCommand({ TopicArn, Message: '{"order":{"status":"shipped"}}' }));
  await h.client.send(new PublishCommand({ TopicArn, Message: '{"order":{"status":"new"}}' }));
  await h.client.send(new PublishCommand({ TopicArn, Message: 'not json' }));
  await h.until(
    () => toQueue(queue('f-attr')).length >= 1 && toQueue(queue('f-body')).length >= 1,
    'deliveries',
  );
  await new Promise((r) => setTimeout(r, 200));
  assert.deepEqual(
    toQueue(queue('f-attr')).map((d) => parseDoc(d.message.body).Message),
    ['a'],
  );
  assert.deepEqual(
    toQueue(queue('f-body')).map((d) => d.message.body),
    ['{"order":{"status":"shipped"}}'],
  );
});

test('MessageStructure=json gives each protocol its own message', async () => {
  const TopicArn = await topic('structured');
  await subscribe(TopicArn, 'sqs', queue('structured-q'), { RawMessageDelivery: 'true' });
  await subscribe(TopicArn, 'lambda', fn('structured'));
  await h.client.send(
    new PublishCommand({
      TopicArn,
      MessageStructure: 'json',
      Message: JSON.stringify({ default: 'dflt', sqs: 'for sqs' }),
    }),
  );
  await h.until(
    () =>
      toQueue(queue('structured-q')).length === 1 &&
      h.invoked.some((i) => i.functionArn === fn('structured')),
    'both deliveries',
  );
  assert.equal(toQueue(queue('structured-q'))[0]!.message.body, 'for sqs');
  assert.equal(
    h.invoked.find((i) => i.functionArn === fn('structured'))!.event.Records[0]!.Sns['Message'],
    'dflt',
  );
});

test('FIFO topic: sequence numbers, dedup returns the original ids, group and dedup ids reach FIFO queues', async () => {
  const TopicArn = await topic('orders.fifo', {
    FifoTopic: 'true',
    ContentBasedDeduplication: 'true',
  });
  await subscribe(TopicArn, 'sqs', queue('orders-q.fifo'));
  await subscribe(TopicArn, 'sqs', queue('orders-std'));
  const missingGroup = await h.client.send(new PublishCommand({ TopicArn, Message: 'x' })).then(
    () => undefined,
    (e: Error) => e.message,
  );
  assert.equal(
    missingGroup,
    'Invalid parameter: The MessageGroupId parameter is required for FIFO topics',
  );
  const first = await h.client.send(
    new PublishCommand({ TopicArn, Message: 'one', MessageGroupId: 'g' }),
  );
  const second = await h.client.send(
    new PublishCommand({ TopicArn, Message: 'two', MessageGroupId: 'g' }),
  );
  const dup = await h.client.send(
    new PublishCommand({ TopicArn, Message: 'one', MessageGroupId: 'g' }),
  );
  assert.match(first.SequenceNumber ?? '', /^\d{20}$/);
  assert.ok(BigInt(second.SequenceNumber!) > BigInt(first.SequenceNumber!));
  assert.equal(dup.MessageId, first.MessageId);
  assert.equal(dup.SequenceNumber, first.SequenceNumber);
  await h.until(
    () => toQueue(queue('orders-q.fifo')).length === 2 && toQueue(queue('orders-std')).length === 2,
    'FIFO deliveries',
  );
  await new Promise((r) => setTimeout(r, 100));
  const fifo = toQueue(queue('orders-q.fifo'));
  assert.equal(fifo.length, 2, 'the duplicate is not delivered again');
  const bodies = fifo.map((d) => parseDoc(d.message.body));
  assert.deepEqual(
    bodies.map((b) => b.Message),
    ['one', 'two'],
  );
  assert.equal(bodies[0]!.SequenceNumber, first.SequenceNumber);
  assert.equal(bodies[0]!.Signature, undefined, 'FIFO notifications are not signed');
  assert.equal(fifo[0]!.message.groupId, 'g');
  assert.match(fifo[0]!.message.dedupId ?? '', /^[0-9a-f]{64}$/);
  const std = toQueue(queue('orders-std'));
  assert.equal(std[0]!.message.groupId, undefined, 'no group id for a standard queue');
  const withoutDedup = await h.client.send(
    new CreateTopicCommand({ Name: 'strict.fifo', Attributes: { FifoTopic: 'true' } }),
  );
  const e = await h.client
    .send(
      new PublishCommand({ TopicArn: withoutDedup.TopicArn, Message: 'x', MessageGroupId: 'g' }),
    )
    .then(
      () => undefined,
      (err: Error) => err.message,
    );
  assert.equal(
    e,
    'Invalid parameter: The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly',
  );
});

test('PublishBatch: successes and per-entry failures, and the batch-level errors', async () => {
  const TopicArn = await topic('batch');
  await subscribe(TopicArn, 'sqs', queue('batch-q'), { RawMessageDelivery: 'true' });
  const out = await h.client.send(
    new PublishBatchCommand({
      TopicArn,
      PublishBatchRequestEntries: [
        { Id: 'a', Message: 'first' },
        { Id: 'b', Message: '' },
        {
          Id: 'c',
          Message: 'third',
          MessageAttributes: { k: { DataType: 'String', StringValue: 'v' } },
        },
      ],
    }),
  );
  assert.deepEqual(
    out.Successful?.map((s) => s.Id),
    ['a', 'c'],
  );
  assert.deepEqual(out.Failed, [
    {
      Id: 'b',
      Code: 'InvalidParameter',
      Message: 'Invalid parameter: Empty message',
      SenderFault: true,
    },
  ]);
  await h.until(() => toQueue(queue('batch-q')).length === 2, 'batch deliveries');
  assert.deepEqual(
    toQueue(queue('batch-q'))
      .map((d) => d.message.body)
      .sort(),
    ['first', 'third'],
  );
  const err = async (entries: { Id: string; Message: string }[]) =>
    h.client.send(new PublishBatchCommand({ TopicArn, PublishBatchRequestEntries: entries })).then(
      () => undefined,
      (e: { name: string; message: string }) => `${e.name}: ${e.message}`,
    );
  assert.equal(
    await err(Array.from({ length: 11 }, (_, i) => ({ Id: `m${i}`, Message: 'x' }))),
    'TooManyEntriesInBatchRequestException: The batch request contains more entries than permissible.',
  );
  assert.equal(
    await err([
      { Id: 'same', Message: 'x' },
      { Id: 'same', Message: 'y' },
    ]),
    'BatchEntryIdsNotDistinctException: Two or more batch entries in the request have the same Id.',
  );
  assert.equal(
    await err([{ Id: 'bad id!', Message: 'x' }]),
    'InvalidBatchEntryIdException: The Id of a batch entry in the batch request contains an impermissible character: bad id!',
  );
  assert.equal(
    await err([
      { Id: 'big1', Message: 'x'.repeat(200_000) },
      { Id: 'big2', Message: 'x'.repeat(100_000) },
    ]),
    'BatchRequestTooLongException: The length of all the messages put together is more than the limit.',
  );
});

test('a delivery refused by a missing queue goes to the subscription DLQ as the envelope', async () => {
  const TopicArn = await topic('dlq');
  h.missingQueues.add(queue('deleted-q'));
  const sub = await subscribe(TopicArn, 'sqs', queue('deleted-q'), {
    RedrivePolicy: JSON.stringify({ deadLetterTargetArn: queue('sub-dlq') }),
  });
  const attrs = await h.client.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: sub }));
  assert.equal(
    attrs.Attributes?.['RedrivePolicy'],
    JSON.stringify({ deadLetterTargetArn: queue('sub-dlq') }),
  );
  const out = await h.client.send(new PublishCommand({ TopicArn, Message: 'lost?' }));
  await h.until(() => toQueue(queue('sub-dlq')).length === 1, 'the dead letter');
  const body = parseDoc(toQueue(queue('sub-dlq'))[0]!.message.body);
  assert.equal(body.MessageId, out.MessageId);
  assert.equal(body.Message, 'lost?');
});

test('a message published before a subscription exists is not delivered to it; nor after Unsubscribe', async () => {
  const TopicArn = await topic('late');
  await h.client.send(new PublishCommand({ TopicArn, Message: 'early' }));
  const sub = await subscribe(TopicArn, 'sqs', queue('late-q'), { RawMessageDelivery: 'true' });
  await h.client.send(new PublishCommand({ TopicArn, Message: 'on time' }));
  await h.until(() => toQueue(queue('late-q')).length === 1, 'the delivery');
  await h.client.send(new UnsubscribeCommand({ SubscriptionArn: sub }));
  await h.client.send(new PublishCommand({ TopicArn, Message: 'too late' }));
  await new Promise((r) => setTimeout(r, 150));
  assert.deepEqual(
    toQueue(queue('late-q')).map((d) => d.message.body),
    ['on time'],
  );
});

test('email subscriptions are confirmed with the token from the outbox, then mail lands there', async () => {
  const TopicArn = await topic('mail');
  const pending = await h.client.send(
    new SubscribeCommand({ TopicArn, Protocol: 'email', Endpoint: 'dev@example.com' }),
  );
  assert.equal(pending.SubscriptionArn, 'pending confirmation');
  let token: string | undefined;
  await h.until(async () => {
    token = (await h.facade.outbox()).find(
      (m) => m.topicArn === TopicArn && m.type === 'SubscriptionConfirmation',
    )?.token;
    return token !== undefined;
  }, 'the confirmation mail');
  await h.client.send(new PublishCommand({ TopicArn, Message: 'not yet' }));
  const confirmed = await h.client.send(new ConfirmSubscriptionCommand({ TopicArn, Token: token }));
  const attrs = await h.client.send(
    new GetSubscriptionAttributesCommand({ SubscriptionArn: confirmed.SubscriptionArn }),
  );
  assert.equal(attrs.Attributes?.['PendingConfirmation'], 'false');
  assert.equal(attrs.Attributes?.['ConfirmationWasAuthenticated'], 'true');
  await h.client.send(
    new PublishCommand({ TopicArn, Message: 'hello mail', Subject: 'Greetings' }),
  );
  let mails: { body: string; subject?: string }[] = [];
  await h.until(async () => {
    mails = (await h.facade.outbox()).filter(
      (m) => m.topicArn === TopicArn && m.type === 'Notification',
    );
    return mails.length > 0;
  }, 'the mail');
  await new Promise((r) => setTimeout(r, 100));
  assert.deepEqual(
    mails.map((m) => [m.subject, m.body]),
    [['Greetings', 'hello mail']],
  );
  const garbage = await h.client
    .send(new ConfirmSubscriptionCommand({ TopicArn, Token: 'not a token!' }))
    .then(
      () => undefined,
      (e: Error) => e.message,
    );
  assert.equal(garbage, 'Invalid token');
  const unknown = await h.client
    .send(new ConfirmSubscriptionCommand({ TopicArn, Token: 'abc123' }))
    .then(
      () => undefined,
      (e: Error) => e.message,
    );
  assert.equal(unknown, 'Invalid parameter: Token');
});

test('Publish to a phone number and an sms subscription land in the outbox', async () => {
  const out = await h.client.send(
    new PublishCommand({ PhoneNumber: '+15555550100', Message: 'code 1234' }),
  );
  const TopicArn = await topic('texts');
  await subscribe(TopicArn, 'sms', '+15555550101');
  await h.client.send(new PublishCommand({ TopicArn, Message: 'via topic' }));
  await h.until(
    async () => (await h.facade.outbox()).filter((m) => m.protocol === 'sms').length === 2,
    'two texts',
  );
  const texts = (await h.facade.outbox()).filter((m) => m.protocol === 'sms');
  assert.deepEqual(texts.map((t) => [t.endpoint, t.body]).sort(), [
    ['+15555550100', 'code 1234'],
    ['+15555550101', 'via topic'],
  ]);
  assert.ok(texts.some((t) => t.messageId === out.MessageId));
});

test('SetSubscriptionAttributes RawMessageDelivery switches the delivered format', async () => {
  const TopicArn = await topic('switch');
  const sub = await subscribe(TopicArn, 'sqs', queue('switch-q'));
  await h.client.send(
    new SetSubscriptionAttributesCommand({
      SubscriptionArn: sub,
      AttributeName: 'RawMessageDelivery',
      AttributeValue: 'TRUE',
    }),
  );
  const attrs = await h.client.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: sub }));
  assert.equal(attrs.Attributes?.['RawMessageDelivery'], 'true');
  await h.client.send(new PublishCommand({ TopicArn, Message: 'raw now' }));
  await h.until(() => toQueue(queue('switch-q')).length === 1, 'the delivery');
  assert.equal(toQueue(queue('switch-q'))[0]!.message.body, 'raw now');
});

test('a GET of the UnsubscribeURL in a notification unsubscribes', async () => {
  const TopicArn = await topic('leave');
  const sub = await subscribe(TopicArn, 'sqs', queue('leave-q'));
  await h.client.send(new PublishCommand({ TopicArn, Message: 'bye' }));
  await h.until(() => toQueue(queue('leave-q')).length === 1, 'the delivery');
  const body = parseDoc(toQueue(queue('leave-q'))[0]!.message.body);
  const res = await fetch(body['UnsubscribeURL']!);
  assert.equal(res.status, 200);
  assert.match(await res.text(), /<UnsubscribeResponse /);
  const gone = await h.client
    .send(new GetSubscriptionAttributesCommand({ SubscriptionArn: sub }))
    .then(
      () => 'still there',
      (e: Error) => e.name,
    );
  assert.equal(gone, 'NotFoundException');
});

test('Publish with TargetArn set to a topic ARN behaves like TopicArn', async () => {
  const TopicArn = await topic('target');
  await subscribe(TopicArn, 'sqs', queue('target-q'), { RawMessageDelivery: 'true' });
  await h.client.send(new PublishCommand({ TargetArn: TopicArn, Message: 'via target' }));
  await h.until(() => toQueue(queue('target-q')).length === 1, 'the delivery');
  assert.equal(toQueue(queue('target-q'))[0]!.message.body, 'via target');
  const endpoint = await h.client
    .send(
      new PublishCommand({
        TargetArn: 'arn:aws:sns:us-east-1:123456789012:endpoint/APNS/app/1234',
        Message: 'x',
      }),
    )
    .then(
      () => '',
      (e: Error) => e.message,
    );
  assert.equal(
    endpoint,
    'Invalid parameter: TargetArn Reason: No endpoint found for the target arn specified',
  );
});
