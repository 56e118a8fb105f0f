/** ChangeMessageVisibility: a new timeout from now for this receipt, capped at 12 h. */
import { missingParameter } from '../errors.js';
import { boundedInt, requiredString } from '../input.js';
import { MAX_VISIBILITY_TIMEOUT_SECONDS } from '../queue-attributes.js';
import type { SqsOperation } from '../sqs-call.js';
import { targetQueue } from '../sqs-call.js';

export const changeMessageVisibility: SqsOperation = async (call) => {
  const queue = await targetQueue(call);
  const handle = requiredString(call.input, 'ReceiptHandle');
  const timeout = boundedInt(call.input, 'VisibilityTimeout', 0, MAX_VISIBILITY_TIMEOUT_SECONDS);
  if (timeout === undefined) throw missingParameter('VisibilityTimeout');
  await call.engine.changeVisibility(queue, handle, timeout);
  return {};
};
