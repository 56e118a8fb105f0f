import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_HTTP_RETRY_POLICY } from './delivery-policy.js';
import type { DeliveryJob } from './delivery-job.js';
import { envelope, formatEnvelope, lambdaEvent, type EnvelopeContext } from './envelope.js';
import type { SnsSigner } from './signing.js';

/** A parsed JSON document whose members the test reads as text. */
type Doc = Record<string, string>;
const parseDoc = (text: string): Doc => JSON.parse(text) as Doc;

const ctx: EnvelopeContext = {
  awsEndpoint: 'http://127.0.0.1:4566',
  signer: {
    sign: (_m: unknown, v: string) => `sig-v${v}`,
    certificateUrl: 'http://127.0.0.1:4566/SimpleNotificationService-abc.pem',
  } as unknown as SnsSigner,
};

const job = (over: Partial<DeliveryJob> = {}): DeliveryJob => ({
  kind: 'Notification',
  protocol: 'sqs',
  endpoint: 'arn:aws:sqs:us-east-1:123456789012:q',
  topicArn: 'arn:aws:sns:us-east-1:123456789012:orders',
  subscriptionArn: 'arn:aws:sns:us-east-1:123456789012:orders:sub-1',
  messageId: 'mid-1',
  timestamp: '2026-05-02T00:54:06.655Z',
  message: '{"id":42}',
  fifo: false,
  signatureVersion: '1',
  raw: false,
  retries: 0,
  retry: DEFAULT_HTTP_RETRY_POLICY,
  ...over,
});

test('the SQS envelope is written as AWS writes it, members in order', () => {
  const text = envelope(
    job({
      subject: 'New order',
      attributes: { priority: { DataType: 'Number', StringValue: '1' } },
    }),
    ctx,
  );
  assert.equal(
    text,
    [
      '{',
      '  "Type" : "Notification",',
      '  "MessageId" : "mid-1",',
      '  "TopicArn" : "arn:aws:sns:us-east-1:123456789012:orders",',
      '  "Subject" : "New order",',
      '  "Message" : "{\\"id\\":42}",',
      '  "Timestamp" : "2026-05-02T00:54:06.655Z",',
      '  "SignatureVersion" : "1",',
      '  "Signature" : "sig-v1",',
      '  "SigningCertURL" : "http://127.0.0.1:4566/SimpleNotificationService-abc.pem",',
      '  "UnsubscribeURL" : "http://127.0.0.1:4566/?Action=Unsubscribe&SubscriptionArn=arn:aws:sns:us-east-1:123456789012:orders:sub-1",',
      '  "MessageAttributes" : {',
      '    "priority" : {"Type":"Number","Value":"1"}',
      '  }',
      '}',
    ].join('\n'),
  );
});

test('FIFO envelopes carry SequenceNumber and no signature fields; no Subject or attributes when absent', () => {
  const doc = parseDoc(envelope(job({ fifo: true, sequenceNumber: '10000000000000000001' }), ctx));
  assert.deepEqual(Object.keys(doc), [
    'Type',
    'MessageId',
    'SequenceNumber',
    'TopicArn',
    'Message',
    'Timestamp',
    'UnsubscribeURL',
  ]);
});

test('binary attributes appear base64 in the envelope; signature version 2 is kept', () => {
  const doc = parseDoc(
    envelope(
      job({
        signatureVersion: '2',
        attributes: { b: { DataType: 'Binary', BinaryValue: 'AAE=' } },
      }),
      ctx,
    ),
  );
  assert.deepEqual(doc.MessageAttributes, { b: { Type: 'Binary', Value: 'AAE=' } });
  assert.equal(doc.SignatureVersion, '2');
  assert.equal(doc.Signature, 'sig-v2');
});

test('confirmation envelopes have Token and SubscribeURL in AWS order', () => {
  const doc = parseDoc(
    formatEnvelopeOf(
      job({
        kind: 'SubscriptionConfirmation',
        token: 'tok',
        subscribeUrl: 'http://x/?Action=ConfirmSubscription',
      }),
    ),
  );
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
});

function formatEnvelopeOf(j: DeliveryJob): string {
  return envelope(j, ctx);
}

test('formatEnvelope escapes strings as JSON', () => {
  assert.equal(formatEnvelope({ Message: 'a"b\n' }), '{\n  "Message" : "a\\"b\\n"\n}');
});

test('the Lambda event: one record, Url spellings, Subject null, SignatureVersion 1 even for v2 topics', () => {
  const event = JSON.parse(lambdaEvent(job({ signatureVersion: '2' }), ctx)) as {
    Records: { EventSource: string; EventSubscriptionArn: string; Sns: Record<string, unknown> }[];
  };
  assert.equal(event.Records.length, 1);
  const r = event.Records[0]!;
  assert.equal(r.EventSource, 'aws:sns');
  assert.equal(r.EventSubscriptionArn, 'arn:aws:sns:us-east-1:123456789012:orders:sub-1');
  assert.deepEqual(Object.keys(r.Sns), [
    'Type',
    'MessageId',
    'TopicArn',
    'Subject',
    'Message',
    'Timestamp',
    'SignatureVersion',
    'Signature',
    'SigningCertUrl',
    'UnsubscribeUrl',
    'MessageAttributes',
  ]);
  assert.equal(r.Sns.Subject, null);
  assert.equal(r.Sns.SignatureVersion, '1');
  assert.equal(r.Sns.Signature, 'sig-v1');
  assert.deepEqual(r.Sns.MessageAttributes, {});
});
