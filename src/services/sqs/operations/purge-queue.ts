/** PurgeQueue: every message (visible, in flight, delayed) and the FIFO dedup history. */
import type { SqsOperation } from '../sqs-call.js';
import { targetQueue } from '../sqs-call.js';

export const purgeQueue: SqsOperation = async (call) => {
  const queue = await targetQueue(call);
  await call.engine.purgeQueue(queue);
  return {};
};
