/**
 * Amazon SNS (API 2010-03-31) on the AWS endpoint: the query protocol (form `Action=…`, XML in
 * the 2010-03-31 namespace, non-flattened lists and maps), topics and subscriptions in the store,
 * and a durable fan-out: Publish records one delivery job per matching subscription in the same
 * transaction that accepts it, and a delivery worker (on every node) drains that queue to SQS,
 * Lambda, HTTP/S and the email/SMS outbox with SNS's retry policies and subscription DLQs.
 *
 * Parity:
 * - Supported: CreateTopic (standard and FIFO; attributes, tags; idempotent with AWS's
 *   "different attributes/tags" errors), DeleteTopic, ListTopics, Get/SetTopicAttributes
 *   (default Policy, EffectiveDeliveryPolicy, subscription counts), Subscribe (sqs, lambda,
 *   http, https, email, email-json, sms, application, firehose; idempotent; ReturnSubscriptionArn),
 *   ConfirmSubscription (SubscribeURL GETs work unsigned), Unsubscribe, ListSubscriptions(ByTopic)
 *   with paging, Get/SetSubscriptionAttributes (RawMessageDelivery, FilterPolicy and
 *   FilterPolicyScope validated by core/event-pattern, RedrivePolicy, DeliveryPolicy,
 *   EffectiveDeliveryPolicy), Publish (TopicArn, TargetArn, PhoneNumber; Subject;
 *   MessageStructure=json with per-protocol messages; String, Number, Binary, String.Array and
 *   custom-suffixed attributes with AWS's validation texts; size limit incl. attributes;
 *   MaximumMessageSize), FIFO topics (MessageGroupId, dedup by id or content within 5 minutes
 *   returning the original MessageId and SequenceNumber, FifoThroughputScope, per-group order to
 *   FIFO queues), PublishBatch (batch errors, per-entry failures), Tag/Untag/ListTagsForResource,
 *   Add/RemovePermission (kept in the topic Policy). Deliveries: the SQS envelope in AWS's key
 *   order and whitespace, raw delivery with SQS attributes, the Lambda event (one record per
 *   Event invoke), HTTP/S notifications and confirmations with AWS's headers and the delivery
 *   policy's Content-Type, retries per the HTTP/S delivery policy (timed by the store clock) and
 *   the AWS-/customer-managed policies, subscription DLQs (the envelope, or raw body and
 *   attributes), message signatures (v1 SHA1, v2 SHA256) with the certificate served at
 *   SigningCertURL.
 * - Gaps: no IAM enforcement of topic policies or queue policies; no UnsubscribeConfirmation
 *   message to HTTP/S endpoints on Unsubscribe; no throttlePolicy (maxReceivesPerSecond) or
 *   delivery-status logging; no KMS, data protection, archive/replay, platform applications or
 *   SMS sandbox APIs; a FIFO job retried after a failure goes to the back of its group;
 *   a standard topic's MessageGroupId is not forwarded to SQS (fair queues); template
 *   subscriptions removed from the template are not unsubscribed on reload; detached
 *   subscriptions of a deleted topic are removed at once.
 * - By design: filter-policy changes apply immediately (AWS: up to 15 min); email, email-json,
 *   sms (and application/firehose payloads) go to an outbox in the store (facade `outbox()`)
 *   or a configured `SnsMessageSender`, never to real mail; email confirmations are captured there
 *   with their token and SubscribeURL; the signing certificate is self-signed and served by
 *   Stratus, so validators that insist on `sns.<region>.amazonaws.com` need their host check
 *   relaxed; deliveries happen even when a subscriber's policy would deny them.
 * - Client quirks handled: the JS SDK v3 and botocore read `Error/Code` from the XML error body;
 *   empty lists sent as `Name=` parse as empty; GETs with the query in the URL work (presigned
 *   and SubscribeURL/UnsubscribeURL calls).
 */
export { snsService, snsRequestTooLarge, SNS_NAMESPACE } from './sns-service.js';
export { snsNoQueueService } from './errors.js';
export type { SnsServiceDeps } from './sns-service.js';
export type { SnsFacade, SnsPublishInput, SnsTopicInfo } from './facade.js';
export type { SnsTargets, SnsQueueMessage, SnsMessageSender } from './targets.js';
export type { SnsMessageAttribute, SnsMessageAttributes } from './message-attributes.js';
export type { OutboxMessage } from './sns-state.js';
