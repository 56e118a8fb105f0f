/** UntagQueue: removes the listed keys; unknown keys are ignored. */
import { missingParameter } from '../errors.js';
import { stringList } from '../input.js';
import type { SqsOperation } from '../sqs-call.js';
import { targetQueue } from '../sqs-call.js';

export const untagQueue: SqsOperation = async (call) => {
  const queue = await targetQueue(call);
  const keys = stringList(call.input, 'TagKeys');
  if (keys.length === 0) throw missingParameter('TagKeys');
  await call.engine.updateQueue(queue.name, (record) => {
    for (const key of keys) delete record.tags[key];
  });
  return {};
};
