/** DeleteMessageBatch: a bad handle fails its entry only. */
import { missingParameter } from '../errors.js';
import { optionalString } from '../input.js';
import type { SqsOperation } from '../sqs-call.js';
import { targetQueue } from '../sqs-call.js';
import { readBatchEntries } from './batch.js';
import { batchFailure } from './send-message.js';

export const deleteMessageBatch: SqsOperation = async (call) => {
  const queue = await targetQueue(call);
  const entries = readBatchEntries(call.input, 'DeleteMessageBatchRequestEntry');
  const successful: Record<string, unknown>[] = [];
  const failed: Record<string, unknown>[] = [];
  for (const { id, entry } of entries) {
    try {
      const handle = optionalString(entry, 'ReceiptHandle');
      if (handle === undefined || handle === '') throw missingParameter('ReceiptHandle');
      await call.engine.deleteMessage(queue, handle);
      successful.push({ Id: id });
    } catch (e) {
      failed.push(batchFailure(id, e));
    }
  }
  const out: Record<string, unknown> = {};
  if (successful.length > 0) out['Successful'] = successful;
  if (failed.length > 0) out['Failed'] = failed;
  return out;
};
