/** ChangeMessageVisibilityBatch: per-entry outcomes as ChangeMessageVisibility's. */
import { missingParameter } from '../errors.js';
import { boundedInt, optionalString } from '../input.js';
import { MAX_VISIBILITY_TIMEOUT_SECONDS } from '../queue-attributes.js';
import type { SqsOperation } from '../sqs-call.js';
import { targetQueue } from '../sqs-call.js';
import { readBatchEntries } from './batch.js';
import { batchFailure } from './send-message.js';

export const changeMessageVisibilityBatch: SqsOperation = async (call) => {
  const queue = await targetQueue(call);
  const entries = readBatchEntries(call.input, 'ChangeMessageVisibilityBatchRequestEntry');
  const successful: Record<string, unknown>[] = [];
  const failed: Record<string, unknown>[] = [];
  for (const { id, entry } of entries) {
    try {
      const handle = optionalString(entry, 'ReceiptHandle');
      if (handle === undefined || handle === '') throw missingParameter('ReceiptHandle');
      const timeout =
        boundedInt(entry, 'VisibilityTimeout', 0, MAX_VISIBILITY_TIMEOUT_SECONDS) ?? 0;
      await call.engine.changeVisibility(queue, handle, timeout);
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
