/** SendMessageBatch: request-shape errors fail the whole call; message errors fail one entry. */
import { invalidParameterValue, sqsError } from '../errors.js';
import { optionalString } from '../input.js';
import { messageSize } from '../message-content.js';
import type { SqsOperation } from '../sqs-call.js';
import { targetQueue } from '../sqs-call.js';
import { readBatchEntries } from './batch.js';
import { batchFailure, prepareSend, sendOutput, type PreparedSend } from './send-message.js';

/** The batch payload limit, whatever the queue's MaximumMessageSize (recorded on AWS). */
const MAX_BATCH_PAYLOAD_BYTES = 1_048_576;

export const sendMessageBatch: SqsOperation = async (call) => {
  const queue = await targetQueue(call);
  const entries = readBatchEntries(call.input, 'SendMessageBatchRequestEntry');
  let total = 0;
  for (const { entry } of entries) {
    if (queue.fifo) {
      if (optionalString(entry, 'MessageGroupId') === undefined) {
        throw invalidParameterValue('The request must contain the parameter MessageGroupId.');
      }
      if (
        optionalString(entry, 'MessageDeduplicationId') === undefined &&
        !queue.contentBasedDedup
      ) {
        throw invalidParameterValue(
          'The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly',
        );
      }
    }
    const body = typeof entry['MessageBody'] === 'string' ? entry['MessageBody'] : '';
    let attributes;
    try {
      attributes = entry['MessageAttributes'] as Parameters<typeof messageSize>[1];
      total += messageSize(
        body,
        attributes && typeof attributes === 'object' ? attributes : undefined,
      );
    } catch {
      total += Buffer.byteLength(body, 'utf8');
    }
  }
  if (total > MAX_BATCH_PAYLOAD_BYTES) {
    throw sqsError(
      'AWS.SimpleQueueService.BatchRequestTooLong',
      `Batch requests cannot be longer than ${MAX_BATCH_PAYLOAD_BYTES} bytes. You have sent ${total} bytes.`,
    );
  }
  const successful: Record<string, unknown>[] = [];
  const failed: Record<string, unknown>[] = [];
  for (const { id, entry } of entries) {
    let prepared: PreparedSend;
    try {
      prepared = prepareSend(queue, entry, call.headers, true);
    } catch (e) {
      failed.push(batchFailure(id, e));
      continue;
    }
    const result = await call.engine.send(queue, prepared.send);
    successful.push({ Id: id, ...sendOutput(prepared, result) });
  }
  const out: Record<string, unknown> = {};
  if (successful.length > 0) out['Successful'] = successful;
  if (failed.length > 0) out['Failed'] = failed;
  return out;
};
