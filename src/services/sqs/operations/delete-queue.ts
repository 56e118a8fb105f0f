/** DeleteQueue: the queue, its messages and tags go at once; the name is blocked for 60 s. */
import type { SqsOperation } from '../sqs-call.js';
import { targetQueue } from '../sqs-call.js';

export const deleteQueue: SqsOperation = async (call) => {
  const queue = await targetQueue(call);
  await call.engine.deleteQueue(queue);
  return {};
};
