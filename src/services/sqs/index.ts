/**
 * Amazon SQS (API 2012-11-05) on the AWS endpoint: the AWS JSON 1.0 protocol
 * (`X-Amz-Target: AmazonSQS.<Op>`, awsQueryCompatible errors with `x-amzn-query-error`) and the
 * query protocol (form `Action=…`, XML in the 2012-11-05 namespace), classified per request;
 * queue URLs `<awsEndpoint>/<account>/<name>`, resolved by path so any host alias works, and
 * requests sent to the queue URL itself. A typed facade serves SNS, triggers and the console.
 *
 * Parity:
 * - Supported: every operation of the 2012-11-05 API (Create/Delete/Purge/ListQueues,
 *   GetQueueUrl, Get/SetQueueAttributes with every attribute and `All`, Send/Receive/Delete/
 *   ChangeMessageVisibility and their batches, ListDeadLetterSourceQueues, message move tasks,
 *   tags, Add/RemovePermission (stored in Policy)); message attributes and system attributes
 *   with AWS's MD5s; long polling that returns on the first message; per-queue and per-message
 *   delays; retention (expired messages are never returned and are swept every 5 s); the
 *   MaximumMessageSize limit with AWS's texts; batch validation; DLQ redrive on receive past
 *   maxReceiveCount (atomic move, same MessageId, DeadLetterQueueSourceArn); FIFO ordering,
 *   group locking, deduplication (queue or message-group scope, content-based), sequence
 *   numbers and ReceiveRequestAttemptId; the 60 s PurgeQueue and recreate-after-delete rules;
 *   FIFO receipt handles that expire with their visibility timeout; on standard queues,
 *   ChangeMessageVisibility with an expired or superseded handle applies to the message's
 *   current receive.
 * - Gaps: FIFO queue-level DelaySeconds applies at send time, not retroactively (store
 *   limitation). ReceiveRequestAttemptId is remembered per node, in memory. Move tasks run on
 *   the node that started (or, after a restart, resumed) them. No IAM policy enforcement, no
 *   KMS, no in-flight message cap (OverLimit under short polling), no "fair queue" ordering.
 *   StringListValues / BinaryListValues are rejected as values (AWS reserves them).
 * - By design: standard queues deliver oldest-first and exactly once unless a visibility timeout
 *   expires (deterministic tests); short polls see every available message (no sampling);
 *   attribute changes apply at once (AWS: up to 60 s); `SenderId` is the account id; queue
 *   metadata is cached per node for up to 1 s, so another node's attribute change may take that
 *   long to be seen. A queue removed from the template is kept, with its messages (a reload
 *   never loses data); one whose attributes changed is updated in place, and attributes the
 *   template no longer sets go back to their defaults.
 * - Client quirks handled: JS SDK v3 error classes come from `__type` while its `Code` comes from
 *   `x-amzn-query-error`, so both are sent (never `x-amzn-errortype` or a `code` body member);
 *   the JS SDK's `useQueueUrlAsEndpoint` sends requests to the queue URL's origin, which is
 *   ours; old SDKs and presigned GETs post to the queue URL path with no QueueUrl parameter;
 *   the query protocol escapes `"` and CR as AWS does so bodies round-trip byte-exactly;
 *   ListDeadLetterSourceQueues answers `queueUrls` with a lower-case q (model quirk); empty
 *   lists (sqs-consumer's `AttributeNames: []`) are accepted.
 */
export { sqsService, sqsRequestTooLarge } from './sqs-service.js';
export type { SqsServiceDeps } from './sqs-service.js';
export { deployQueues } from './deploy-queues.js';
export type {
  SqsFacade,
  SqsQueueInfo,
  SqsSendInput,
  SqsSendOutput,
  SqsReceiveOptions,
  SqsReceivedMessage,
} from './facade.js';
export type { MessageAttributeValue } from './md5.js';
export { md5OfMessageAttributes } from './md5.js';
