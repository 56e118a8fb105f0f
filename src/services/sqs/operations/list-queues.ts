/** ListQueues: name-prefix filter; pages only when MaxResults is given (AWS never pages otherwise). */
import { boundedInt, optionalString } from '../input.js';
import type { SqsOperation } from '../sqs-call.js';
import { paginate } from './paginate.js';

export const listQueues: SqsOperation = async ({ engine, input }) => {
  const prefix = optionalString(input, 'QueueNamePrefix') ?? '';
  const maxResults = boundedInt(
    input,
    'MaxResults',
    1,
    1000,
    'Must be between 1 and 1000, if provided.',
  );
  const names = (await engine.listQueues(prefix)).map((r) => r.name);
  const page = paginate(names, maxResults, optionalString(input, 'NextToken'));
  const out: Record<string, unknown> = {};
  if (page.items.length > 0) out['QueueUrls'] = page.items.map((n) => engine.queueUrl(n));
  if (page.nextToken !== undefined) out['NextToken'] = page.nextToken;
  return out;
};
