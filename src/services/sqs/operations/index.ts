/** The operation table: AWS's exact operation names → implementations. */
import type { SqsOperation } from '../sqs-call.js';
import { addPermission } from './add-permission.js';
import { cancelMessageMoveTask } from './cancel-message-move-task.js';
import { changeMessageVisibilityBatch } from './change-message-visibility-batch.js';
import { changeMessageVisibility } from './change-message-visibility.js';
import { createQueue } from './create-queue.js';
import { deleteMessageBatch } from './delete-message-batch.js';
import { deleteMessage } from './delete-message.js';
import { deleteQueue } from './delete-queue.js';
import { getQueueAttributes } from './get-queue-attributes.js';
import { getQueueUrl } from './get-queue-url.js';
import { listDeadLetterSourceQueues } from './list-dead-letter-source-queues.js';
import { listMessageMoveTasks } from './list-message-move-tasks.js';
import { listQueueTags } from './list-queue-tags.js';
import { listQueues } from './list-queues.js';
import { purgeQueue } from './purge-queue.js';
import { receiveMessage } from './receive-message.js';
import { removePermission } from './remove-permission.js';
import { sendMessageBatch } from './send-message-batch.js';
import { sendMessage } from './send-message.js';
import { setQueueAttributes } from './set-queue-attributes.js';
import { startMessageMoveTask } from './start-message-move-task.js';
import { tagQueue } from './tag-queue.js';
import { untagQueue } from './untag-queue.js';

export const OPERATIONS: ReadonlyMap<string, SqsOperation> = new Map<string, SqsOperation>([
  ['AddPermission', addPermission],
  ['CancelMessageMoveTask', cancelMessageMoveTask],
  ['ChangeMessageVisibility', changeMessageVisibility],
  ['ChangeMessageVisibilityBatch', changeMessageVisibilityBatch],
  ['CreateQueue', createQueue],
  ['DeleteMessage', deleteMessage],
  ['DeleteMessageBatch', deleteMessageBatch],
  ['DeleteQueue', deleteQueue],
  ['GetQueueAttributes', getQueueAttributes],
  ['GetQueueUrl', getQueueUrl],
  ['ListDeadLetterSourceQueues', listDeadLetterSourceQueues],
  ['ListMessageMoveTasks', listMessageMoveTasks],
  ['ListQueueTags', listQueueTags],
  ['ListQueues', listQueues],
  ['PurgeQueue', purgeQueue],
  ['ReceiveMessage', receiveMessage],
  ['RemovePermission', removePermission],
  ['SendMessage', sendMessage],
  ['SendMessageBatch', sendMessageBatch],
  ['SetQueueAttributes', setQueueAttributes],
  ['StartMessageMoveTask', startMessageMoveTask],
  ['TagQueue', tagQueue],
  ['UntagQueue', untagQueue],
]);

/** Account-level actions a queue-URL endpoint refuses (query protocol). */
export const ACCOUNT_ACTIONS: ReadonlySet<string> = new Set(['CreateQueue', 'ListQueues']);
