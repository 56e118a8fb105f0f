/**
 * What SNS delivers to outside its own folder, as interfaces the composition root implements
 * (services never import each other): SQS queues and Lambda functions through `SnsTargets`,
 * email/SMS through an `SnsMessageSender` (by default the store outbox a test can read).
 *
 * Error contract: a target throws an `AwsError` with a 4xx status other than 429 for a client
 * error (missing queue or function, permission denied) — not retried, the message goes to the
 * subscription's DLQ or is dropped — and anything else for a failure worth retrying.
 */
import type { SnsMessageAttributes } from './message-attributes.js';
import type { OutboxMessage } from './sns-state.js';

/** One message for an SQS queue. */
export interface SnsQueueMessage {
  body: string;
  /** SQS message attributes (raw delivery): `BinaryValue` base64. */
  attributes?: SnsMessageAttributes;
  groupId?: string;
  dedupId?: string;
  /** AWSTraceHeader. */
  traceHeader?: string;
}

export interface SnsTargets {
  /** Sends one message to the queue with this ARN (SendMessage semantics). */
  sendToQueue(queueArn: string, message: SnsQueueMessage): Promise<void>;
  /** Invokes the function (ARN, possibly qualified) asynchronously (`Event`) with `payload`. */
  invokeFunction(functionArn: string, payload: Buffer): Promise<void>;
}

/** Sends what SNS would mail or text (email, email-json, sms, application, firehose). */
export interface SnsMessageSender {
  send(message: OutboxMessage): Promise<void>;
}
