/** StartMessageMoveTask: redrive from a dead-letter queue (to its sources or a destination). */
import { optionalInt, optionalString, requiredString } from '../input.js';
import type { SqsOperation } from '../sqs-call.js';

export const startMessageMoveTask: SqsOperation = async (call) => {
  const source = requiredString(call.input, 'SourceArn');
  const destination = optionalString(call.input, 'DestinationArn');
  const rate = optionalInt(call.input, 'MaxNumberOfMessagesPerSecond');
  const handle = await call.moveTasks.start(
    source,
    destination === '' ? undefined : destination,
    rate,
  );
  return { TaskHandle: handle };
};
