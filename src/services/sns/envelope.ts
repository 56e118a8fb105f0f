/**
 * What subscribers receive (§12.2, §12.3, §12.7): the JSON envelope of notifications and
 * confirmations (SQS bodies, HTTP/S bodies, email-json, DLQ messages) and the Lambda event.
 */
import type { DeliveryJob } from './delivery-job.js';
import type { SnsMessageAttributes } from './message-attributes.js';
import type { SnsSigner } from './signing.js';

export interface EnvelopeContext {
  signer: SnsSigner;
  /** The AWS endpoint URL of Stratus (UnsubscribeURL / SubscribeURL base). */
  awsEndpoint: string;
}

/** `<endpoint>/?Action=Unsubscribe&SubscriptionArn=<arn>`. */
export function unsubscribeUrl(awsEndpoint: string, subscriptionArn: string): string {
  return `${awsEndpoint}/?Action=Unsubscribe&SubscriptionArn=${subscriptionArn}`;
}

/** `<endpoint>/?Action=ConfirmSubscription&TopicArn=<arn>&Token=<token>`. */
export function subscribeUrl(awsEndpoint: string, topicArn: string, token: string): string {
  return `${awsEndpoint}/?Action=ConfirmSubscription&TopicArn=${topicArn}&Token=${token}`;
}

/** Attributes as the envelope carries them: `{name: {Type, Value}}` (binary as base64). */
export function envelopeAttributes(
  attributes: SnsMessageAttributes,
): Record<string, { Type: string; Value: string }> {
  const out: Record<string, { Type: string; Value: string }> = {};
  for (const [name, a] of Object.entries(attributes)) {
    out[name] = { Type: a.DataType, Value: a.StringValue ?? a.BinaryValue ?? '' };
  }
  return out;
}

/** The envelope members of a job, in AWS's order (signature computed here). */
export function envelopeFields(job: DeliveryJob, ctx: EnvelopeContext): Record<string, unknown> {
  const m: Record<string, unknown> = { Type: job.kind, MessageId: job.messageId };
  if (job.kind === 'Notification') {
    if (job.sequenceNumber !== undefined) m['SequenceNumber'] = job.sequenceNumber;
    m['TopicArn'] = job.topicArn;
    if (job.subject !== undefined) m['Subject'] = job.subject;
    m['Message'] = job.message;
    m['Timestamp'] = job.timestamp;
    if (!job.fifo) {
      m['SignatureVersion'] = job.signatureVersion;
      m['Signature'] = ctx.signer.sign(m, job.signatureVersion);
      m['SigningCertURL'] = ctx.signer.certificateUrl;
    }
    m['UnsubscribeURL'] = unsubscribeUrl(ctx.awsEndpoint, job.subscriptionArn ?? '');
    if (job.attributes !== undefined && Object.keys(job.attributes).length > 0) {
      m['MessageAttributes'] = envelopeAttributes(job.attributes);
    }
    return m;
  }
  m['Token'] = job.token ?? '';
  m['TopicArn'] = job.topicArn;
  m['Message'] = job.message;
  m['SubscribeURL'] = job.subscribeUrl ?? '';
  m['Timestamp'] = job.timestamp;
  m['SignatureVersion'] = job.signatureVersion;
  m['Signature'] = ctx.signer.sign(m, job.signatureVersion);
  m['SigningCertURL'] = ctx.signer.certificateUrl;
  return m;
}

/**
 * Writes an envelope as AWS does: two-space indentation, `"Name" : value`, attribute values
 * compact on one line.
 */
export function formatEnvelope(fields: Readonly<Record<string, unknown>>): string {
  const lines = Object.entries(fields).map(([name, value]) => {
    if (name === 'MessageAttributes' && typeof value === 'object' && value !== null) {
      const inner = Object.entries(value as Record<string, unknown>)
        .map(([k, v]) => `    ${JSON.stringify(k)} : ${JSON.stringify(v)}`)
        .join(',\n');
      return `  "MessageAttributes" : {\n${inner}\n  }`;
    }
    return `  ${JSON.stringify(name)} : ${JSON.stringify(value)}`;
  });
  return `{\n${lines.join(',\n')}\n}`;
}

/** The envelope text of a job. */
export function envelope(job: DeliveryJob, ctx: EnvelopeContext): string {
  return formatEnvelope(envelopeFields(job, ctx));
}

/** The Lambda event for a notification: one `Records[0].Sns` record (lambda.md §6.4). */
export function lambdaEvent(job: DeliveryJob, ctx: EnvelopeContext): string {
  const signed: Record<string, unknown> = {
    Type: 'Notification',
    MessageId: job.messageId,
    TopicArn: job.topicArn,
    Message: job.message,
    Timestamp: job.timestamp,
  };
  if (job.subject !== undefined) signed['Subject'] = job.subject;
  const sns: Record<string, unknown> = {
    Type: 'Notification',
    MessageId: job.messageId,
    TopicArn: job.topicArn,
    Subject: job.subject ?? null,
    Message: job.message,
    Timestamp: job.timestamp,
    // AWS sends "1" to Lambda even for topics set to SignatureVersion 2 (recorded).
    SignatureVersion: '1',
    Signature: ctx.signer.sign(signed, '1'),
    SigningCertUrl: ctx.signer.certificateUrl,
    UnsubscribeUrl: unsubscribeUrl(ctx.awsEndpoint, job.subscriptionArn ?? ''),
    MessageAttributes: envelopeAttributes(job.attributes ?? {}),
  };
  if (job.sequenceNumber !== undefined) sns['SequenceNumber'] = job.sequenceNumber;
  return JSON.stringify({
    Records: [
      {
        EventVersion: '1.0',
        EventSubscriptionArn: job.subscriptionArn ?? '',
        EventSource: 'aws:sns',
        Sns: sns,
      },
    ],
  });
}
