/** GetQueueUrl: the URL of a queue of this account (QueueOwnerAWSAccountId must be ours). */
import { queueDoesNotExist } from '../errors.js';
import { optionalString, requiredString } from '../input.js';
import type { SqsOperation } from '../sqs-call.js';

export const getQueueUrl: SqsOperation = async ({ engine, input }) => {
  const name = requiredString(input, 'QueueName');
  const owner = optionalString(input, 'QueueOwnerAWSAccountId');
  if (owner !== undefined && owner !== engine.accountId) throw queueDoesNotExist();
  const queue = await engine.queue(name);
  if (queue === undefined) throw queueDoesNotExist();
  return { QueueUrl: queue.url };
};
