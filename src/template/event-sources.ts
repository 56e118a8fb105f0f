import type {
  EventSourceMappingModel,
  EventTargetModel,
  SubscriptionModel,
} from '../core/app-model.js';
import { stableUuid } from './parameters.js';
import type { PropertyReader } from './read.js';
import { isRecord, isScalar, scalarToString } from './values.js';

// Lambda's defaults when BatchSize is omitted (Lambda API "CreateEventSourceMapping").
const DEFAULT_SQS_BATCH_SIZE = 10;
const DEFAULT_STREAM_BATCH_SIZE = 100;

const STARTING_POSITIONS = new Set(['TRIM_HORIZON', 'LATEST', 'AT_TIMESTAMP']);

/**
 * Reads an event source mapping's settings, which SAM `SQS`/`Kinesis`/`DynamoDB` events and
 * `AWS::Lambda::EventSourceMapping` spell the same way.
 */
export function readEventSourceMapping(
  p: PropertyReader,
  logicalId: string,
  functionName: string,
  eventSourceArn: string,
): EventSourceMappingModel {
  const service = eventSourceArn.split(':')[2];
  const isStream = service === 'kinesis' || service === 'dynamodb';
  const esm: EventSourceMappingModel = {
    logicalId,
    // The same UUID `Ref` gives the AWS::Lambda::EventSourceMapping (resource-identity.ts).
    uuid: stableUuid(`${p.ctx.stackName}/${logicalId}`),
    functionName,
    eventSourceArn,
    enabled: p.boolean('Enabled') ?? true,
    batchSize:
      p.number('BatchSize', 1, 10000) ??
      (isStream ? DEFAULT_STREAM_BATCH_SIZE : DEFAULT_SQS_BATCH_SIZE),
    functionResponseTypes: p.strings('FunctionResponseTypes'),
    filterPatterns: p
      .child('FilterCriteria')
      .records('Filters')
      .map((f) =>
        typeof f['Pattern'] === 'string' ? f['Pattern'] : JSON.stringify(f['Pattern'] ?? {}),
      ),
  };
  const window = p.number('MaximumBatchingWindowInSeconds', 0, 300);
  if (window !== undefined) esm.maximumBatchingWindowInSeconds = window;
  const position = p.string('StartingPosition');
  if (position !== undefined) {
    if (!STARTING_POSITIONS.has(position))
      throw p.error(
        'StartingPosition',
        `must be TRIM_HORIZON, LATEST or AT_TIMESTAMP, got '${position}'`,
      );
    esm.startingPosition = position as NonNullable<EventSourceMappingModel['startingPosition']>;
  } else if (isStream) {
    throw p.error(
      'StartingPosition',
      'is required for Kinesis and DynamoDB stream sources (TRIM_HORIZON or LATEST)',
    );
  }
  const timestamp = p.number('StartingPositionTimestamp');
  if (timestamp !== undefined) esm.startingPositionTimestamp = timestamp;
  const parallelization = p.number('ParallelizationFactor', 1, 10);
  if (parallelization !== undefined) esm.parallelizationFactor = parallelization;
  const bisect = p.boolean('BisectBatchOnFunctionError');
  if (bisect !== undefined) esm.bisectBatchOnFunctionError = bisect;
  const retries = p.number('MaximumRetryAttempts', -1, 10000);
  if (retries !== undefined) esm.maximumRetryAttempts = retries;
  const age = p.number('MaximumRecordAgeInSeconds', -1, 604800);
  if (age !== undefined) esm.maximumRecordAgeInSeconds = age;
  const tumbling = p.number('TumblingWindowInSeconds', 0, 900);
  if (tumbling !== undefined) esm.tumblingWindowInSeconds = tumbling;
  const onFailure = p.child('DestinationConfig').child('OnFailure').string('Destination');
  if (onFailure !== undefined) esm.onFailureDestinationArn = onFailure;
  const concurrency = p.child('ScalingConfig').number('MaximumConcurrency', 2, 1000);
  if (concurrency !== undefined) esm.maximumConcurrency = concurrency;
  return esm;
}

/** Reads the optional parts of a subscription (`FilterPolicy`, `RawMessageDelivery`, …). */
export function readSubscription(
  p: PropertyReader,
  base: Pick<SubscriptionModel, 'logicalId' | 'topicArn' | 'protocol' | 'endpoint'>,
): SubscriptionModel {
  const sub: SubscriptionModel = {
    ...base,
    rawMessageDelivery: p.boolean('RawMessageDelivery') ?? false,
  };
  const filter = p.props['FilterPolicy'];
  if (typeof filter === 'string') {
    try {
      sub.filterPolicy = JSON.parse(filter) as unknown;
    } catch {
      throw p.error('FilterPolicy', 'is not valid JSON');
    }
  } else if (filter !== undefined) sub.filterPolicy = filter;
  const scope = p.string('FilterPolicyScope');
  if (scope === 'MessageAttributes' || scope === 'MessageBody') sub.filterPolicyScope = scope;
  else if (scope !== undefined)
    throw p.error('FilterPolicyScope', `must be MessageAttributes or MessageBody, got '${scope}'`);
  const redrive = p.props['RedrivePolicy'];
  if (redrive !== undefined) sub.redrivePolicy = redrive;
  return sub;
}

/** Reads an EventBridge / Scheduler target's optional parts onto `target`. */
export function readTargetOptions(p: PropertyReader, target: EventTargetModel): EventTargetModel {
  const input = p.props['Input'];
  if (input !== undefined)
    target.input = isScalar(input) ? scalarToString(input) : JSON.stringify(input);
  const inputPath = p.string('InputPath');
  if (inputPath !== undefined) target.inputPath = inputPath;
  const transformer = p.child('InputTransformer');
  if (transformer.has('InputTemplate')) {
    target.inputTransformer = { inputTemplate: transformer.requiredString('InputTemplate') };
    if (transformer.has('InputPathsMap'))
      target.inputTransformer.inputPathsMap = transformer.stringMap('InputPathsMap');
  }
  const retry = p.child('RetryPolicy');
  if (retry.has('MaximumRetryAttempts') || retry.has('MaximumEventAgeInSeconds')) {
    target.retryPolicy = {};
    const attempts = retry.number('MaximumRetryAttempts', 0, 185);
    if (attempts !== undefined) target.retryPolicy.maximumRetryAttempts = attempts;
    const age = retry.number('MaximumEventAgeInSeconds', 60, 86400);
    if (age !== undefined) target.retryPolicy.maximumEventAgeInSeconds = age;
  }
  const dlq = p.child('DeadLetterConfig').string('Arn');
  if (dlq !== undefined) target.deadLetterArn = dlq;
  return target;
}

/** `Enabled: false` or `State: DISABLED` turn a rule or schedule off. */
export function isEnabled(p: PropertyReader): boolean {
  const enabled = p.boolean('Enabled');
  if (enabled !== undefined) return enabled;
  const state = p.string('State');
  return state === undefined || state === 'ENABLED';
}

/** An event pattern as a value (CloudFormation accepts an object or a JSON string). */
export function readPattern(p: PropertyReader, name: string): unknown {
  const value = p.props[name];
  if (typeof value === 'string') {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      throw p.error(name, 'is not valid JSON');
    }
  }
  if (value !== undefined && !isRecord(value))
    throw p.error(name, 'must be an event pattern object');
  return value;
}
