/**
 * The typed SQS API for the rest of Stratus (SNS delivery, the SQS → Lambda poller, S3
 * notifications, the console). It runs on the same engine as the wire operations and applies
 * the same validation, so a message sent here is exactly one a client could have sent.
 */
import type { QueueModel } from '../../core/app-model.js';
import type { AwsError } from '../../core/errors.js';
import { deployQueues } from './deploy-queues.js';
import { queueDoesNotExist } from './errors.js';
import { formatMessage, systemAttributes } from './format-message.js';
import type { MessageAttributeValue } from './md5.js';
import { queueAttributes } from './operations/get-queue-attributes.js';
import { prepareSend } from './operations/send-message.js';
import { parseRedrivePolicy, type RedrivePolicy } from './queue-attributes.js';
import { sequenceNumber, type ResolvedQueue, type SqsEngine } from './sqs-engine.js';

/** A queue as the facade describes it. */
export interface SqsQueueInfo {
  name: string;
  arn: string;
  url: string;
  fifo: boolean;
  visibilityTimeoutSeconds: number;
  delaySeconds: number;
  receiveMessageWaitTimeSeconds: number;
  redrivePolicy: RedrivePolicy | undefined;
}

export interface SqsSendInput {
  body: string;
  /** Message attributes in the API shape (`BinaryValue` base64). */
  messageAttributes?: Record<string, MessageAttributeValue>;
  /** AWSTraceHeader. */
  traceHeader?: string;
  delaySeconds?: number;
  messageGroupId?: string;
  messageDeduplicationId?: string;
}

export interface SqsSendOutput {
  messageId: string;
  md5OfMessageBody: string;
  md5OfMessageAttributes?: string;
  sequenceNumber?: string;
}

export interface SqsReceiveOptions {
  /** 1–10; default 1. */
  maxNumberOfMessages?: number;
  /** Default: the queue's VisibilityTimeout. */
  visibilityTimeoutSeconds?: number;
  /** Long poll up to this long (0–20); default 0 (the queue's ReceiveMessageWaitTimeSeconds is not applied). */
  waitTimeSeconds?: number;
  signal?: AbortSignal;
}

/** A received message with every system and message attribute (ReceiveMessage with `All`). */
export interface SqsReceivedMessage {
  messageId: string;
  receiptHandle: string;
  body: string;
  md5OfBody: string;
  /** System attributes: SenderId, SentTimestamp, ApproximateReceiveCount, … (strings). */
  attributes: Record<string, string>;
  messageAttributes: Record<string, MessageAttributeValue>;
  md5OfMessageAttributes?: string;
}

export interface SqsFacade {
  /** Looks a queue up by ARN, URL or name; undefined when it does not exist. */
  getQueue(ref: string): Promise<SqsQueueInfo | undefined>;
  /** Sends one message with SendMessage's validation (throws the AwsError SendMessage would). */
  send(queueRef: string, input: SqsSendInput): Promise<SqsSendOutput>;
  /** Receives (and, past maxReceiveCount, redrives) messages as ReceiveMessage does. */
  receive(queueRef: string, options?: SqsReceiveOptions): Promise<SqsReceivedMessage[]>;
  /** DeleteMessage semantics (stale standard handles succeed; expired FIFO handles throw). */
  deleteMessage(queueRef: string, receiptHandle: string): Promise<void>;
  /** ChangeMessageVisibility semantics. */
  changeVisibility(
    queueRef: string,
    receiptHandle: string,
    visibilityTimeoutSeconds: number,
  ): Promise<void>;
  /** GetQueueAttributes (`All` by default). */
  getAttributes(queueRef: string, names?: readonly string[]): Promise<Record<string, string>>;
  /**
   * Calls `listener` (without arguments) after each message sent to the queue through this
   * Stratus node; pollers use it to skip waiting. Sends from other nodes are seen by long polls.
   */
  onMessage(queueRef: string, listener: () => void): Promise<() => void>;
  /** Creates or updates the template's queues (idempotent; never loses messages). */
  deploy(queues: readonly QueueModel[]): Promise<void>;
}

function toInfo(q: ResolvedQueue): SqsQueueInfo {
  return {
    name: q.name,
    arn: q.arn,
    url: q.url,
    fifo: q.fifo,
    visibilityTimeoutSeconds: q.visibilityTimeoutSeconds,
    delaySeconds: q.delaySeconds,
    receiveMessageWaitTimeSeconds: q.waitTimeSeconds,
    redrivePolicy: parseRedrivePolicy(q.record.attributes['RedrivePolicy']),
  };
}

/** Builds the facade over an engine. */
export function createSqsFacade(engine: SqsEngine): SqsFacade {
  const require = async (ref: string): Promise<ResolvedQueue> => {
    const q = await engine.queueByRef(ref);
    if (q === undefined) throw queueDoesNotExist() satisfies AwsError;
    return q;
  };
  return {
    async getQueue(ref) {
      const q = await engine.queueByRef(ref);
      return q === undefined ? undefined : toInfo(q);
    },
    async send(queueRef, input) {
      const q = await require(queueRef);
      const apiInput: Record<string, unknown> = { MessageBody: input.body };
      if (input.messageAttributes !== undefined)
        apiInput['MessageAttributes'] = input.messageAttributes;
      if (input.delaySeconds !== undefined) apiInput['DelaySeconds'] = input.delaySeconds;
      if (input.messageGroupId !== undefined) apiInput['MessageGroupId'] = input.messageGroupId;
      if (input.messageDeduplicationId !== undefined) {
        apiInput['MessageDeduplicationId'] = input.messageDeduplicationId;
      }
      if (input.traceHeader !== undefined) {
        apiInput['MessageSystemAttributes'] = {
          AWSTraceHeader: { DataType: 'String', StringValue: input.traceHeader },
        };
      }
      const prepared = prepareSend(q, apiInput, {}, false);
      const result = await engine.send(q, prepared.send);
      return {
        messageId: result.messageId,
        md5OfMessageBody: prepared.md5OfBody,
        ...(prepared.md5OfAttributes !== undefined
          ? { md5OfMessageAttributes: prepared.md5OfAttributes }
          : {}),
        ...(result.sequenceNumber !== undefined ? { sequenceNumber: result.sequenceNumber } : {}),
      };
    },
    async receive(queueRef, options = {}) {
      const q = await require(queueRef);
      const received = await engine.receive(q, {
        max: Math.min(10, Math.max(1, options.maxNumberOfMessages ?? 1)),
        visibilityTimeoutSeconds: options.visibilityTimeoutSeconds,
        waitTimeSeconds: options.waitTimeSeconds ?? 0,
        signal: options.signal,
      });
      return received.map((r) => {
        const m = formatMessage(
          r,
          q,
          { system: undefined, user: () => true },
          engine.accountId,
          sequenceNumber,
        );
        const out: SqsReceivedMessage = {
          messageId: r.message.messageId,
          receiptHandle: r.receiptHandle,
          body: m['Body'] as string,
          md5OfBody: m['MD5OfBody'] as string,
          attributes: systemAttributes(r, q, engine.accountId, sequenceNumber),
          messageAttributes:
            (m['MessageAttributes'] as Record<string, MessageAttributeValue> | undefined) ?? {},
        };
        if (typeof m['MD5OfMessageAttributes'] === 'string')
          out.md5OfMessageAttributes = m['MD5OfMessageAttributes'];
        return out;
      });
    },
    async deleteMessage(queueRef, receiptHandle) {
      await engine.deleteMessage(await require(queueRef), receiptHandle);
    },
    async changeVisibility(queueRef, receiptHandle, seconds) {
      await engine.changeVisibility(await require(queueRef), receiptHandle, seconds);
    },
    async getAttributes(queueRef, names = ['All']) {
      return queueAttributes(engine, await require(queueRef), names);
    },
    async onMessage(queueRef, listener) {
      return engine.onMessage(await require(queueRef), listener);
    },
    deploy: (queues) => deployQueues(engine, queues),
  };
}
