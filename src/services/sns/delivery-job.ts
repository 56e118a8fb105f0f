/**
 * One pending delivery, as queued durably by Publish/Subscribe in the same transaction that
 * accepts the call, and consumed by the delivery worker. Everything a delivery needs is captured
 * when it is queued, so a retry sends exactly what the first attempt sent.
 */
import type { SnsMessageAttributes } from './message-attributes.js';
import type { RetryPolicy } from './delivery-policy.js';

export type DeliveryKind = 'Notification' | 'SubscriptionConfirmation' | 'UnsubscribeConfirmation';

export interface DeliveryJob {
  kind: DeliveryKind;
  protocol: string;
  endpoint: string;
  topicArn: string;
  /** Absent for direct SMS publishes (PhoneNumber). */
  subscriptionArn?: string;
  messageId: string;
  /** ISO-8601 with milliseconds. */
  timestamp: string;
  /** The protocol-selected message text (or the confirmation text). */
  message: string;
  subject?: string;
  attributes?: SnsMessageAttributes;
  fifo: boolean;
  sequenceNumber?: string;
  groupId?: string;
  dedupId?: string;
  /** The topic's SignatureVersion. */
  signatureVersion: '1' | '2';
  raw: boolean;
  /** Confirmations: the token and the URL that confirms. */
  token?: string;
  subscribeUrl?: string;
  /** HTTP/S: Content-Type of notifications. */
  contentType?: string;
  retry: RetryPolicy;
  /** Subscription dead-letter queue ARN. */
  deadLetterArn?: string;
  /** X-Amzn-Trace-Id of the publish request. */
  traceHeader?: string;
  /** Retries already made (0 on the first attempt). */
  retries: number;
}

/** Encodes a job as a queue message body. */
export function encodeJob(job: DeliveryJob): string {
  return JSON.stringify(job);
}

/** Decodes a queue message body. */
export function decodeJob(body: Buffer): DeliveryJob {
  return JSON.parse(body.toString('utf8')) as DeliveryJob;
}
