/** ListMessageMoveTasks: the source's tasks, most recent first (TaskHandle only while RUNNING). */
import { sqsError } from '../errors.js';
import { boundedInt, requiredString } from '../input.js';
import { moveTaskHandle } from '../message-move-tasks.js';
import type { SqsOperation } from '../sqs-call.js';

export const listMessageMoveTasks: SqsOperation = async (call) => {
  const source = requiredString(call.input, 'SourceArn');
  const max =
    boundedInt(call.input, 'MaxResults', 1, 10, 'Must be between 1 and 10, if provided.') ?? 1;
  if ((await call.engine.queueByArn(source)) === undefined) {
    throw sqsError(
      'ResourceNotFoundException',
      "The resource that you specified for the SourceArn parameter doesn't exist.",
      404,
    );
  }
  const tasks = await call.moveTasks.list(source, max);
  return {
    Results: tasks.map((t) => {
      const out: Record<string, unknown> = {};
      if (t.status === 'RUNNING') out['TaskHandle'] = moveTaskHandle(t);
      out['Status'] = t.status;
      out['SourceArn'] = t.sourceArn;
      if (t.destinationArn !== undefined) out['DestinationArn'] = t.destinationArn;
      if (t.maxNumberOfMessagesPerSecond !== undefined) {
        out['MaxNumberOfMessagesPerSecond'] = t.maxNumberOfMessagesPerSecond;
      }
      out['ApproximateNumberOfMessagesMoved'] = t.moved;
      out['ApproximateNumberOfMessagesToMove'] = t.toMove;
      if (t.failureReason !== undefined) out['FailureReason'] = t.failureReason;
      out['StartedTimestamp'] = t.startedAt;
      return out;
    }),
  };
};
