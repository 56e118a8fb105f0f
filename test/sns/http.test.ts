// HTTP/S subscriptions: the confirmation flow, notifications with AWS's headers, the delivery
// policy's Content-Type, and retries on 5xx timed by an injected clock.
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { after, before, test } from 'node:test';
import {
  ConfirmSubscriptionCommand,
  CreateTopicCommand,
  GetSubscriptionAttributesCommand,
  ListSubscriptionsByTopicCommand,
  PublishCommand,
  SetSubscriptionAttributesCommand,
  SubscribeCommand,
} from '@aws-sdk/client-sns';
import { ManualClock } from '../../src/core/clock.js';
import { startSnsHarness, type SnsHarness } from './harness.js';

/** A parsed JSON document whose members the test reads as text. */
type Doc = Record<string, string>;
const parseDoc = (text: string): Doc => JSON.parse(text) as Doc;

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

let h: SnsHarness;
let clock: ManualClock;
let server: Server;
let base: string;
const received: Received[] = [];
/** Status answered per path (default 200). */
const statusFor = new Map<string, number>();

before(async () => {
  clock = new ManualClock(Date.now());
  h = await startSnsHarness({ clock });
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      const path = req.url ?? '/';
      received.push({ path, headers: req.headers, body });
      res.statusCode = statusFor.get(path) ?? 200;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
after(async () => {
  await new Promise((r) => server.close(r));
  await h.stop();
});

const at = (path: string) => received.filter((r) => r.path === path);

async function confirmedSubscription(TopicArn: string, path: string): Promise<string> {
  const out = await h.client.send(
    new SubscribeCommand({ TopicArn, Protocol: 'http', Endpoint: `${base}${path}` }),
  );
  assert.equal(out.SubscriptionArn, 'pending confirmation');
  await h.until(() => at(path).length === 1, 'the SubscriptionConfirmation');
  const confirmation = at(path)[0]!;
  const doc = parseDoc(confirmation.body);
  const res = await fetch(doc.SubscribeURL!);
  assert.equal(res.status, 200);
  const xml = await res.text();
  const arn = /<SubscriptionArn>([^<]+)<\/SubscriptionArn>/.exec(xml)?.[1];
  assert.ok(arn, xml);
  return arn;
}

test('Subscribe POSTs a SubscriptionConfirmation; a GET of SubscribeURL confirms', async () => {
  const { TopicArn } = await h.client.send(new CreateTopicCommand({ Name: 'web' }));
  await h.client.send(
    new SubscribeCommand({ TopicArn, Protocol: 'http', Endpoint: `${base}/hook` }),
  );
  await h.until(() => at('/hook').length === 1, 'the confirmation');
  const c = at('/hook')[0]!;
  assert.equal(c.headers['x-amz-sns-message-type'], 'SubscriptionConfirmation');
  assert.equal(c.headers['x-amz-sns-topic-arn'], TopicArn);
  assert.equal(c.headers['x-amz-sns-subscription-arn'], undefined);
  assert.equal(c.headers['content-type'], 'text/plain; charset=UTF-8');
  assert.equal(c.headers['user-agent'], 'Amazon Simple Notification Service Agent');
  const doc = parseDoc(c.body);
  assert.deepEqual(Object.keys(doc), [
    'Type',
    'MessageId',
    'Token',
    'TopicArn',
    'Message',
    'SubscribeURL',
    'Timestamp',
    'SignatureVersion',
    'Signature',
    'SigningCertURL',
  ]);
  assert.equal(
    doc.Message,
    `You have chosen to subscribe to the topic ${TopicArn}.\nTo confirm the subscription, visit the SubscribeURL included in this message.`,
  );
  assert.equal(
    doc.SubscribeURL,
    `${h.endpoint}/?Action=ConfirmSubscription&TopicArn=${TopicArn}&Token=${doc.Token}`,
  );
  let listed = await h.client.send(new ListSubscriptionsByTopicCommand({ TopicArn }));
  assert.equal(listed.Subscriptions?.[0]?.SubscriptionArn, 'PendingConfirmation');
  const res = await fetch(doc.SubscribeURL);
  assert.equal(res.status, 200);
  assert.match(
    await res.text(),
    /<ConfirmSubscriptionResponse xmlns="http:\/\/sns.amazonaws.com\/doc\/2010-03-31\/"><ConfirmSubscriptionResult><SubscriptionArn>arn:aws:sns:/,
  );
  listed = await h.client.send(new ListSubscriptionsByTopicCommand({ TopicArn }));
  const arn = listed.Subscriptions?.[0]?.SubscriptionArn ?? '';
  assert.match(arn, new RegExp(`^${TopicArn}:`));
  const attrs = await h.client.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: arn }));
  assert.equal(attrs.Attributes?.['PendingConfirmation'], 'false');
  assert.equal(
    attrs.Attributes?.['ConfirmationWasAuthenticated'],
    'false',
    'an unsigned GET confirmed it',
  );
  assert.deepEqual(
    parseDoc(attrs.Attributes?.['EffectiveDeliveryPolicy'] ?? '{}').healthyRetryPolicy,
    {
      minDelayTarget: 20,
      maxDelayTarget: 20,
      numRetries: 3,
      numNoDelayRetries: 0,
      numMinDelayRetries: 0,
      numMaxDelayRetries: 0,
      backoffFunction: 'linear',
    },
  );
});

test('notifications carry the SNS headers and the subscription delivery policy Content-Type', async () => {
  const { TopicArn } = await h.client.send(new CreateTopicCommand({ Name: 'web-notify' }));
  const arn = await confirmedSubscription(TopicArn!, '/notify');
  await h.client.send(
    new SetSubscriptionAttributesCommand({
      SubscriptionArn: arn,
      AttributeName: 'DeliveryPolicy',
      AttributeValue: JSON.stringify({ requestPolicy: { headerContentType: 'application/json' } }),
    }),
  );
  const out = await h.client.send(
    new PublishCommand({ TopicArn, Message: 'hello web', Subject: 'S' }),
  );
  await h.until(() => at('/notify').length === 2, 'the notification');
  const n = at('/notify')[1]!;
  assert.equal(n.headers['x-amz-sns-message-type'], 'Notification');
  assert.equal(n.headers['x-amz-sns-message-id'], out.MessageId);
  assert.equal(n.headers['x-amz-sns-topic-arn'], TopicArn);
  assert.equal(n.headers['x-amz-sns-subscription-arn'], arn);
  assert.equal(n.headers['x-amz-sns-rawdelivery'], undefined);
  assert.equal(n.headers['content-type'], 'application/json');
  const doc = parseDoc(n.body);
  assert.equal(doc.Message, 'hello web');
  assert.equal(doc.Subject, 'S');
  await h.client.send(
    new SetSubscriptionAttributesCommand({
      SubscriptionArn: arn,
      AttributeName: 'RawMessageDelivery',
      AttributeValue: 'true',
    }),
  );
  await h.client.send(new PublishCommand({ TopicArn, Message: 'raw web' }));
  await h.until(() => at('/notify').length === 3, 'the raw notification');
  const raw = at('/notify')[2]!;
  assert.equal(raw.body, 'raw web');
  assert.equal(raw.headers['x-amz-sns-rawdelivery'], 'true');
});

test('a 500 answer is retried per the delivery policy, by the clock, then given up', async () => {
  const { TopicArn } = await h.client.send(new CreateTopicCommand({ Name: 'web-retry' }));
  const arn = await confirmedSubscription(TopicArn!, '/flaky');
  await h.client.send(
    new SetSubscriptionAttributesCommand({
      SubscriptionArn: arn,
      AttributeName: 'DeliveryPolicy',
      AttributeValue: JSON.stringify({
        healthyRetryPolicy: {
          minDelayTarget: 5,
          maxDelayTarget: 5,
          numRetries: 2,
          backoffFunction: 'linear',
        },
      }),
    }),
  );
  statusFor.set('/flaky', 500);
  const out = await h.client.send(new PublishCommand({ TopicArn, Message: 'retry me' }));
  await h.until(() => at('/flaky').length === 2, 'the first attempt');
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(at('/flaky').length, 2, 'no retry before the clock moves');
  clock.advance(5_000);
  await h.until(() => at('/flaky').length === 3, 'the first retry');
  clock.advance(5_000);
  await h.until(() => at('/flaky').length === 4, 'the second retry');
  for (const attempt of at('/flaky').slice(1)) {
    assert.equal(
      attempt.headers['x-amz-sns-message-id'],
      out.MessageId,
      'retries reuse the message id',
    );
  }
  clock.advance(60_000);
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(at('/flaky').length, 4, 'given up after numRetries');
  assert.ok(h.logs.lines.some((l) => l.includes('dropped Notification') && l.includes('/flaky')));
});

test('a 4xx answer ends delivery without retries', async () => {
  const { TopicArn } = await h.client.send(new CreateTopicCommand({ Name: 'web-4xx' }));
  await confirmedSubscription(TopicArn!, '/gone');
  statusFor.set('/gone', 404);
  await h.client.send(new PublishCommand({ TopicArn, Message: 'x' }));
  await h.until(() => at('/gone').length === 2, 'the attempt');
  clock.advance(60_000);
  await new Promise((r) => setTimeout(r, 150));
  assert.equal(at('/gone').length, 2);
});

test('an HTTP notification that exhausts its retries goes to the subscription DLQ', async () => {
  const { TopicArn } = await h.client.send(new CreateTopicCommand({ Name: 'web-dlq' }));
  const arn = await confirmedSubscription(TopicArn!, '/down');
  const dlq = 'arn:aws:sqs:us-east-1:123456789012:web-dlq';
  for (const [AttributeName, AttributeValue] of [
    ['DeliveryPolicy', JSON.stringify({ healthyRetryPolicy: { numRetries: 0 } })],
    ['RedrivePolicy', JSON.stringify({ deadLetterTargetArn: dlq })],
  ] as const) {
    await h.client.send(
      new SetSubscriptionAttributesCommand({ SubscriptionArn: arn, AttributeName, AttributeValue }),
    );
  }
  statusFor.set('/down', 503);
  const out = await h.client.send(new PublishCommand({ TopicArn, Message: 'to the dlq' }));
  await h.until(() => h.queued.some((d) => d.queueArn === dlq), 'the dead letter');
  const letter = parseDoc(h.queued.find((d) => d.queueArn === dlq)!.message.body);
  assert.equal(letter['MessageId'], out.MessageId);
  assert.equal(letter['Message'], 'to the dlq');
  assert.equal(at('/down').length, 2, 'the confirmation and one failed attempt');
});

test('an unconfirmed subscription is removed when its token expires after two days', async () => {
  const { TopicArn } = await h.client.send(new CreateTopicCommand({ Name: 'web-expire' }));
  await h.client.send(
    new SubscribeCommand({ TopicArn, Protocol: 'http', Endpoint: `${base}/never` }),
  );
  await h.until(() => at('/never').length === 1, 'the confirmation');
  const token = parseDoc(at('/never')[0]!.body)['Token']!;
  let listed = await h.client.send(new ListSubscriptionsByTopicCommand({ TopicArn }));
  assert.equal(listed.Subscriptions?.length, 1);
  clock.advance(2 * 24 * 3600_000 + 1_000);
  // The sweep runs every minute of clock time: let the one that fired reschedule, then run it.
  await new Promise((r) => setTimeout(r, 100));
  clock.advance(61_000);
  await h.until(
    async () =>
      ((await h.client.send(new ListSubscriptionsByTopicCommand({ TopicArn }))).Subscriptions ?? [])
        .length === 0,
    'the sweep',
  );
  listed = await h.client.send(new ListSubscriptionsByTopicCommand({ TopicArn }));
  assert.deepEqual(listed.Subscriptions, []);
  const late = await h.client.send(new ConfirmSubscriptionCommand({ TopicArn, Token: token })).then(
    () => '',
    (e: Error) => e.message,
  );
  assert.equal(late, 'Invalid parameter: Token');
});
