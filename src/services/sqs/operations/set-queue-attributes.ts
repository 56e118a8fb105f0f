/** SetQueueAttributes: validated as on CreateQueue; read-only names are unknown attributes. */
import { missingParameter } from '../errors.js';
import { stringMap } from '../input.js';
import { normalizeAttributes } from '../queue-attributes.js';
import type { SqsOperation } from '../sqs-call.js';
import { targetQueue } from '../sqs-call.js';
import { referencedArns } from './create-queue.js';

export const setQueueAttributes: SqsOperation = async (call) => {
  const queue = await targetQueue(call);
  const attributes = stringMap(call.input, 'Attributes');
  if (attributes === undefined) throw missingParameter('Attributes');
  const queueTypes = new Map<string, boolean | undefined>();
  for (const arn of referencedArns(attributes)) {
    queueTypes.set(arn, (await call.engine.queueByArn(arn))?.fifo);
  }
  const normalized = normalizeAttributes(attributes, {
    fifo: queue.fifo,
    mode: 'set',
    queueTypeByArn: (arn) => queueTypes.get(arn),
  });
  await call.engine.setAttributes(queue, normalized);
  return {};
};
