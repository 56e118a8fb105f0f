/** GetQueueAttributes: the named attributes (`All` expands); no names → no Attributes. */
import { unknownAttribute } from '../errors.js';
import { stringList } from '../input.js';
import { READ_ONLY_ATTRIBUTES, SETTABLE_ATTRIBUTES } from '../queue-attributes.js';
import type { SqsOperation } from '../sqs-call.js';
import { targetQueue } from '../sqs-call.js';
import type { ResolvedQueue, SqsEngine } from '../sqs-engine.js';

export const getQueueAttributes: SqsOperation = async (call) => {
  const queue = await targetQueue(call);
  const names = stringList(call.input, 'AttributeNames');
  for (const name of names) {
    if (name !== 'All' && !SETTABLE_ATTRIBUTES.has(name) && !READ_ONLY_ATTRIBUTES.has(name)) {
      throw unknownAttribute(name);
    }
  }
  if (names.length === 0) return {};
  const attributes = await queueAttributes(call.engine, queue, names);
  return Object.keys(attributes).length === 0 ? {} : { Attributes: attributes };
};

/** The queue's attributes as GetQueueAttributes reports them (`All` or the given names). */
export async function queueAttributes(
  engine: SqsEngine,
  queue: ResolvedQueue,
  names: readonly string[],
): Promise<Record<string, string>> {
  const all = names.includes('All');
  const wanted = (n: string): boolean => all || names.includes(n);
  const out: Record<string, string> = {};
  if (
    wanted('ApproximateNumberOfMessages') ||
    wanted('ApproximateNumberOfMessagesNotVisible') ||
    wanted('ApproximateNumberOfMessagesDelayed')
  ) {
    const stats = await engine.stats(queue);
    if (wanted('ApproximateNumberOfMessages'))
      out['ApproximateNumberOfMessages'] = String(stats.visible);
    if (wanted('ApproximateNumberOfMessagesNotVisible')) {
      out['ApproximateNumberOfMessagesNotVisible'] = String(stats.inFlight);
    }
    if (wanted('ApproximateNumberOfMessagesDelayed')) {
      out['ApproximateNumberOfMessagesDelayed'] = String(stats.delayed);
    }
  }
  if (wanted('CreatedTimestamp'))
    out['CreatedTimestamp'] = String(Math.floor(queue.record.createdAt / 1000));
  if (wanted('LastModifiedTimestamp')) {
    out['LastModifiedTimestamp'] = String(Math.floor(queue.record.lastModifiedAt / 1000));
  }
  if (wanted('QueueArn')) out['QueueArn'] = queue.arn;
  for (const [name, value] of Object.entries(queue.record.attributes)) {
    if (wanted(name)) out[name] = value;
  }
  return out;
}
