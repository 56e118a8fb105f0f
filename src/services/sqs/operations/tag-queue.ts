/** TagQueue: adds or overwrites tags (keys case-sensitive, empty values allowed). */
import { invalidParameterValue, missingParameter } from '../errors.js';
import { stringMap } from '../input.js';
import type { SqsOperation } from '../sqs-call.js';
import { targetQueue } from '../sqs-call.js';

const MAX_TAGS = 50;

export const tagQueue: SqsOperation = async (call) => {
  const queue = await targetQueue(call);
  const tags = stringMap(call.input, 'Tags');
  if (tags === undefined || Object.keys(tags).length === 0) throw missingParameter('Tags');
  for (const [key, value] of Object.entries(tags)) {
    if (key.length < 1 || key.length > 128)
      throw invalidParameterValue(`Tag key ${key} is invalid.`);
    if (value.length > 256) throw invalidParameterValue(`Tag value for key ${key} is too long.`);
  }
  await call.engine.updateQueue(queue.name, (record) => {
    const next = { ...record.tags, ...tags };
    if (Object.keys(next).length > MAX_TAGS) {
      throw invalidParameterValue(`Too many tags added for queue ${queue.name}.`);
    }
    record.tags = next;
  });
  return {};
};
