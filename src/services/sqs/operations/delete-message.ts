/** DeleteMessage (SQS-API; stale-handle behaviour per queue type in the engine). */
import { requiredString } from '../input.js';
import type { SqsOperation } from '../sqs-call.js';
import { targetQueue } from '../sqs-call.js';

export const deleteMessage: SqsOperation = async (call) => {
  const queue = await targetQueue(call);
  await call.engine.deleteMessage(queue, requiredString(call.input, 'ReceiptHandle'));
  return {};
};
