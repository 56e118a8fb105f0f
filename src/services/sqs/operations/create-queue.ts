/** CreateQueue: validates name and attributes; idempotent when the attributes match. */
import { invalidParameterValue } from '../errors.js';
import { requiredString, stringMap } from '../input.js';
import { checkQueueName, normalizeAttributes } from '../queue-attributes.js';
import type { SqsOperation } from '../sqs-call.js';

export const createQueue: SqsOperation = async ({ engine, input }) => {
  const name = requiredString(input, 'QueueName');
  const attributes = stringMap(input, 'Attributes') ?? {};
  const fifo = (attributes['FifoQueue'] ?? '').toLowerCase() === 'true';
  checkQueueName(name, fifo);
  const queueTypes = new Map<string, boolean | undefined>();
  for (const arn of referencedArns(attributes))
    queueTypes.set(arn, (await engine.queueByArn(arn))?.fifo);
  const normalized = normalizeAttributes(attributes, {
    fifo,
    mode: 'create',
    queueTypeByArn: (arn) => queueTypes.get(arn),
  });
  const tags = stringMap(input, 'tags') ?? {};
  for (const key of Object.keys(tags)) {
    if (key.length < 1 || key.length > 128)
      throw invalidParameterValue(`Tag key ${key} is invalid.`);
  }
  const { queue } = await engine.createQueue(name, fifo, normalized, tags);
  return { QueueUrl: queue.url };
};

/** ARNs an attribute map refers to (RedrivePolicy's dead-letter target). */
export function referencedArns(attributes: Readonly<Record<string, string>>): string[] {
  const text = attributes['RedrivePolicy'];
  if (text === undefined || text === '') return [];
  try {
    const v = JSON.parse(text) as { deadLetterTargetArn?: unknown };
    return typeof v.deadLetterTargetArn === 'string' ? [v.deadLetterTargetArn] : [];
  } catch {
    return [];
  }
}
