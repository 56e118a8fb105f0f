/** CancelMessageMoveTask: only a RUNNING task; messages already moved stay moved. */
import { requiredString } from '../input.js';
import type { SqsOperation } from '../sqs-call.js';

export const cancelMessageMoveTask: SqsOperation = async (call) => {
  const moved = await call.moveTasks.cancel(requiredString(call.input, 'TaskHandle'));
  return { ApproximateNumberOfMessagesMoved: moved };
};
