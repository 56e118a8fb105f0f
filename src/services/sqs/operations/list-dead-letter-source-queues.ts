/** ListDeadLetterSourceQueues: queues whose RedrivePolicy targets this one (`queueUrls`, lower-case q). */
import { boundedInt, optionalString } from '../input.js';
import { parseRedrivePolicy } from '../queue-attributes.js';
import type { SqsOperation } from '../sqs-call.js';
import { targetQueue } from '../sqs-call.js';
import { paginate } from './paginate.js';

export const listDeadLetterSourceQueues: SqsOperation = async (call) => {
  const queue = await targetQueue(call);
  const maxResults = boundedInt(
    call.input,
    'MaxResults',
    1,
    1000,
    'Must be between 1 and 1000, if provided.',
  );
  const sources = (await call.engine.listQueues())
    .filter(
      (r) => parseRedrivePolicy(r.attributes['RedrivePolicy'])?.deadLetterTargetArn === queue.arn,
    )
    .map((r) => r.name);
  const page = paginate(sources, maxResults, optionalString(call.input, 'NextToken'));
  const out: Record<string, unknown> = {
    queueUrls: page.items.map((n) => call.engine.queueUrl(n)),
  };
  if (page.nextToken !== undefined) out['NextToken'] = page.nextToken;
  return out;
};
