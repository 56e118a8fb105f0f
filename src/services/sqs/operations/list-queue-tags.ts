/** ListQueueTags: no tags → no `Tags` member. */
import type { SqsOperation } from '../sqs-call.js';
import { targetQueue } from '../sqs-call.js';

export const listQueueTags: SqsOperation = async (call) => {
  const queue = await targetQueue(call);
  const tags = queue.record.tags;
  return Object.keys(tags).length === 0 ? {} : { Tags: { ...tags } };
};
