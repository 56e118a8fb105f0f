/** ReceiveMessage: long polling, visibility, redrive, attribute selection, FIFO attempt ids. */
import { boundedInt, optionalString, stringList } from '../input.js';
import { attributeNameFilter, checkTokenParameter } from '../message-content.js';
import { formatMessage, type MessageSelection } from '../format-message.js';
import { MAX_VISIBILITY_TIMEOUT_SECONDS } from '../queue-attributes.js';
import type { SqsOperation } from '../sqs-call.js';
import { targetQueue } from '../sqs-call.js';
import { sequenceNumber, type ReceivedMessage } from '../sqs-engine.js';

export const receiveMessage: SqsOperation = async (call) => {
  const { engine, input } = call;
  const queue = await targetQueue(call);
  const max =
    boundedInt(input, 'MaxNumberOfMessages', 1, 10, 'Must be between 1 and 10, if provided.') ?? 1;
  const visibility = boundedInt(input, 'VisibilityTimeout', 0, MAX_VISIBILITY_TIMEOUT_SECONDS);
  const wait = boundedInt(input, 'WaitTimeSeconds', 0, 20);
  const attemptId = queue.fifo ? optionalString(input, 'ReceiveRequestAttemptId') : undefined;
  if (attemptId !== undefined) checkTokenParameter('ReceiveRequestAttemptId', attemptId);

  const systemNames = [
    ...stringList(input, 'AttributeNames'),
    ...stringList(input, 'MessageSystemAttributeNames'),
  ];
  const selection: MessageSelection = {
    system:
      systemNames.length === 0
        ? undefined
        : systemNames.includes('All')
          ? () => true
          : (name) => systemNames.includes(name),
    user: attributeNameFilter(stringList(input, 'MessageAttributeNames')),
  };

  let received: ReceivedMessage[] | undefined;
  if (attemptId !== undefined) {
    const earlier = call.attempts.get(queue.name, attemptId);
    if (earlier !== undefined) {
      const seconds = visibility ?? queue.visibilityTimeoutSeconds;
      let intact = true;
      for (const r of earlier) {
        // A retry resets the visibility of the same messages; any that changed hands or were
        // deleted make the id count as new.
        const outcome = await engine.store.queues.changeVisibility(
          queue.storeName,
          r.message.receiptHandle,
          seconds * 1000,
        );
        if (outcome !== 'ok') intact = false;
      }
      if (intact) received = earlier;
      else call.attempts.forget(queue.name, attemptId);
    }
  }
  received ??= await engine.receive(queue, {
    max,
    visibilityTimeoutSeconds: visibility,
    waitTimeSeconds: wait,
    signal: call.signal,
  });
  if (attemptId !== undefined && received.length > 0)
    call.attempts.remember(queue.name, attemptId, received);
  if (received.length === 0) return {};
  return {
    Messages: received.map((r) =>
      formatMessage(r, queue, selection, engine.accountId, sequenceNumber),
    ),
  };
};
