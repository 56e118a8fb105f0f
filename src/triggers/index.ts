/**
 * triggers/ — event source mappings and notifications: turn service events into invocations.
 *
 * Parity:
 * - Supported: SQS → Lambda (batching, batching window, filters, partial batch responses,
 *   retries through the queue's visibility timeout and redrive policy, FIFO group order);
 *   DynamoDB Streams → Lambda (starting position, batching window, in-order retries blocking the
 *   shard, MaximumRetryAttempts / MaximumRecordAgeInSeconds, bisect, partial batch responses with
 *   checkpoints, filters, ParallelizationFactor, on-failure records to SQS / SNS, a checkpoint in
 *   the store and a fenced lease per shard).
 * - Mappings come from the template and from the Lambda API (MappingRegistry keeps API-made
 *   ones and API changes in the store).
 * - Gaps: Kinesis mappings, tumbling windows, AT_TIMESTAMP, the
 *   scaling ramp of SQS pollers (a fixed 5 pollers, or MaximumConcurrency when lower).
 * - By design: a function timeout longer than the queue's visibility timeout is accepted (AWS
 *   refuses such a mapping); messages may then be received twice.
 */
export { EventSourceMappings, type EventSourceMappingsOptions } from './event-source-mappings.js';
export { MappingRegistry, type MappingRecord } from './mapping-registry.js';
