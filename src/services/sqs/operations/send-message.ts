/** SendMessage, and the per-message validation SendMessageBatch shares (SQS-API SendMessage). */
import { AwsError } from '../../../core/errors.js';
import { invalidParameterReason, invalidParameterValue, missingParameter } from '../errors.js';
import { boundedInt, optionalString, type SqsInput } from '../input.js';
import { md5Hex, md5OfMessageAttributes } from '../md5.js';
import {
  checkTokenParameter,
  hasOnlyValidCharacters,
  invalidMessageContents,
  messageSize,
  readBody,
  readMessageAttributes,
  readSystemAttributes,
} from '../message-content.js';
import type { SqsOperation } from '../sqs-call.js';
import { targetQueue } from '../sqs-call.js';
import type { EngineSendInput, ResolvedQueue } from '../sqs-engine.js';

/** A validated message, ready for the engine, with the digests the response reports. */
export interface PreparedSend {
  send: EngineSendInput;
  md5OfBody: string;
  md5OfAttributes: string | undefined;
  md5OfSystemAttributes: string | undefined;
  size: number;
}

/** Validates one message for `queue` in SQS's order; `inBatch` changes the size error's text. */
export function prepareSend(
  queue: ResolvedQueue,
  input: SqsInput,
  headers: Readonly<Record<string, string>>,
  inBatch: boolean,
): PreparedSend {
  const body = readBody(input);
  const attributes = readMessageAttributes(input);
  const size = messageSize(body, attributes);
  if (size > queue.maxMessageSize) {
    throw invalidParameterValue(
      `One or more parameters ${inBatch ? 'cannot be validated' : 'are invalid'}. Reason: Message must be shorter than ${queue.maxMessageSize} bytes.`,
    );
  }
  if (!hasOnlyValidCharacters(body)) throw invalidMessageContents();
  const systemAttributes = readSystemAttributes(input);
  const groupId = optionalString(input, 'MessageGroupId');
  const dedupId = optionalString(input, 'MessageDeduplicationId');
  if (groupId !== undefined) checkTokenParameter('MessageGroupId', groupId);
  if (dedupId !== undefined) checkTokenParameter('MessageDeduplicationId', dedupId);
  const delaySeconds = boundedInt(
    input,
    'DelaySeconds',
    0,
    900,
    'DelaySeconds must be >= 0 and <= 900.',
  );
  if (queue.fifo) {
    if (delaySeconds !== undefined && delaySeconds > 0) {
      throw invalidParameterReason(
        delaySeconds,
        'DelaySeconds',
        'The request include parameter that is not valid for this queue type.',
      );
    }
    if (groupId === undefined) throw missingParameter('MessageGroupId');
    if (dedupId === undefined && !queue.contentBasedDedup) {
      throw invalidParameterValue(
        'The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly',
      );
    }
  } else if (dedupId !== undefined) {
    throw invalidParameterReason(
      dedupId,
      'MessageDeduplicationId',
      'The request includes a parameter that is not valid for this queue type.',
    );
  }
  const traceHeader =
    systemAttributes?.['AWSTraceHeader']?.StringValue ?? headers['x-amzn-trace-id'];
  const md5OfAttributes = md5OfMessageAttributes(attributes);
  return {
    send: {
      body,
      attributes,
      md5OfAttributes,
      traceHeader,
      delaySeconds,
      groupId,
      dedupId,
    },
    md5OfBody: md5Hex(body),
    md5OfAttributes,
    md5OfSystemAttributes: md5OfMessageAttributes(systemAttributes),
    size,
  };
}

/** The members SendMessage and each SendMessageBatch entry report. */
export function sendOutput(
  prepared: PreparedSend,
  result: { messageId: string; sequenceNumber: string | undefined },
): Record<string, unknown> {
  const out: Record<string, unknown> = {
    MessageId: result.messageId,
    MD5OfMessageBody: prepared.md5OfBody,
  };
  if (prepared.md5OfAttributes !== undefined)
    out['MD5OfMessageAttributes'] = prepared.md5OfAttributes;
  if (prepared.md5OfSystemAttributes !== undefined) {
    out['MD5OfMessageSystemAttributes'] = prepared.md5OfSystemAttributes;
  }
  if (result.sequenceNumber !== undefined) out['SequenceNumber'] = result.sequenceNumber;
  return out;
}

export const sendMessage: SqsOperation = async (call) => {
  const queue = await targetQueue(call);
  const prepared = prepareSend(queue, call.input, call.headers, false);
  const result = await call.engine.send(queue, prepared.send);
  return sendOutput(prepared, result);
};

/** A batch entry's failure as AWS reports it in `Failed`. */
export function batchFailure(id: string, e: unknown): Record<string, unknown> {
  if (e instanceof AwsError) {
    return { Id: id, SenderFault: e.senderFault, Code: e.code, Message: e.message };
  }
  throw e;
}
