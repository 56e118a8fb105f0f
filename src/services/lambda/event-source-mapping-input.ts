/**
 * Reads and validates the body of CreateEventSourceMapping / UpdateEventSourceMapping into a
 * mapping model. Constraint failures use the "1 validation error detected" form (ranges and enums
 * from the Lambda API model); rules that depend on the source type are
 * InvalidParameterValueException.
 */
import { randomUUID } from 'node:crypto';
import type { EventSourceMappingModel } from '../../core/app-model.js';
import { compileFilterCriteria } from '../../core/event-pattern/index.js';
import { invalidParameter, validationError } from './errors.js';

const STARTING_POSITIONS = ['TRIM_HORIZON', 'LATEST', 'AT_TIMESTAMP'] as const;
const RESPONSE_TYPES = ['ReportBatchItemFailures'] as const;
const SOURCE_ARN =
  /^arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9-])+:([a-z]{2}(-gov)?-[a-z]+-\d{1})?:(\d{12})?:(.*)$/;

type Body = Record<string, unknown>;

/** A new mapping from a CreateEventSourceMapping body. */
export function readCreateInput(body: Body): EventSourceMappingModel {
  const functionName = body['FunctionName'];
  if (typeof functionName !== 'string' || functionName === '') {
    throw validationError('null', 'functionName', 'Member must not be null');
  }
  const eventSourceArn = body['EventSourceArn'];
  if (typeof eventSourceArn !== 'string' || !SOURCE_ARN.test(eventSourceArn)) {
    if (eventSourceArn === undefined)
      throw invalidParameter('Unrecognized event source, must be kinesis, dynamodb stream or sqs.');
    throw validationError(
      describe(eventSourceArn),
      'eventSourceArn',
      `Member must satisfy regular expression pattern: ${SOURCE_ARN.source.slice(1, -1)}`,
    );
  }
  const uuid = randomUUID();
  const model: EventSourceMappingModel = {
    logicalId: uuid,
    uuid,
    functionName,
    eventSourceArn,
    enabled: body['Enabled'] === undefined ? true : body['Enabled'] === true,
    functionResponseTypes: [],
    filterPatterns: [],
  };
  const kind = sourceKind(eventSourceArn);
  const position = optionalEnum(body, 'StartingPosition', 'startingPosition', STARTING_POSITIONS);
  if (kind === 'sqs') {
    // Lambda API reference, CreateEventSourceMapping: StartingPosition is for streams only (verify text).
    if (position !== undefined)
      throw invalidParameter('StartingPosition is not valid for SQS event sources.');
  } else if (position === undefined) {
    throw invalidParameter(
      "1 validation error detected: Value null at 'startingPosition' failed to satisfy constraint: Member must not be null",
    );
  } else {
    model.startingPosition = position;
  }
  const timestamp = optionalNumber(
    body,
    'StartingPositionTimestamp',
    'startingPositionTimestamp',
    0,
    Number.MAX_SAFE_INTEGER,
  );
  if (timestamp !== undefined) model.startingPositionTimestamp = timestamp;
  applyCommon(model, body, kind);
  if (model.batchSize === undefined) model.batchSize = kind === 'sqs' ? 10 : 100;
  return model;
}

/** A changed mapping from an UpdateEventSourceMapping body. */
export function readUpdateInput(
  existing: EventSourceMappingModel,
  body: Body,
): EventSourceMappingModel {
  const model: EventSourceMappingModel = { ...existing };
  if (typeof body['FunctionName'] === 'string' && body['FunctionName'] !== '')
    model.functionName = body['FunctionName'];
  if (typeof body['Enabled'] === 'boolean') model.enabled = body['Enabled'];
  applyCommon(model, body, sourceKind(existing.eventSourceArn));
  return model;
}

function applyCommon(model: EventSourceMappingModel, body: Body, kind: 'sqs' | 'stream'): void {
  const batchSize = optionalNumber(body, 'BatchSize', 'batchSize', 1, 10_000);
  const window = optionalNumber(
    body,
    'MaximumBatchingWindowInSeconds',
    'maximumBatchingWindowInSeconds',
    0,
    300,
  );
  if (batchSize !== undefined) model.batchSize = batchSize;
  if (window !== undefined) model.maximumBatchingWindowInSeconds = window;
  const fifo = model.eventSourceArn.endsWith('.fifo');
  if (kind === 'sqs' && (model.batchSize ?? 10) > 10) {
    if (fifo) throw invalidParameter('Batch size for FIFO queues must be between 1 and 10.');
    if ((model.maximumBatchingWindowInSeconds ?? 0) < 1) {
      throw invalidParameter(
        'Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10',
      );
    }
  }
  const parallelization = optionalNumber(
    body,
    'ParallelizationFactor',
    'parallelizationFactor',
    1,
    10,
  );
  if (parallelization !== undefined) model.parallelizationFactor = parallelization;
  const retries = optionalNumber(body, 'MaximumRetryAttempts', 'maximumRetryAttempts', -1, 10_000);
  if (retries !== undefined) model.maximumRetryAttempts = retries;
  const age = optionalNumber(
    body,
    'MaximumRecordAgeInSeconds',
    'maximumRecordAgeInSeconds',
    -1,
    604_800,
  );
  if (age !== undefined) model.maximumRecordAgeInSeconds = age;
  const tumbling = optionalNumber(
    body,
    'TumblingWindowInSeconds',
    'tumblingWindowInSeconds',
    0,
    900,
  );
  if (tumbling !== undefined) model.tumblingWindowInSeconds = tumbling;
  if (typeof body['BisectBatchOnFunctionError'] === 'boolean')
    model.bisectBatchOnFunctionError = body['BisectBatchOnFunctionError'];
  const types = body['FunctionResponseTypes'];
  if (types !== undefined) {
    if (
      !Array.isArray(types) ||
      types.some((t) => !(RESPONSE_TYPES as readonly unknown[]).includes(t))
    ) {
      throw validationError(
        describe(types),
        'functionResponseTypes',
        `Member must satisfy enum value set: [${RESPONSE_TYPES.join(', ')}]`,
      );
    }
    model.functionResponseTypes = types as string[];
  }
  const filters = (body['FilterCriteria'] as { Filters?: unknown } | undefined)?.Filters;
  if (filters !== undefined) {
    if (!Array.isArray(filters)) throw invalidParameter('Invalid filter pattern definition.');
    const patterns = filters.map((f) => (f as { Pattern?: unknown }).Pattern);
    compileFilterCriteria(
      patterns.map((Pattern) => ({ Pattern })),
      kind === 'sqs' ? 'sqs' : model.eventSourceArn.includes(':kinesis:') ? 'kinesis' : 'dynamodb',
    );
    model.filterPatterns = patterns.map((p) => (typeof p === 'string' ? p : JSON.stringify(p)));
  }
  const destination = (
    body['DestinationConfig'] as { OnFailure?: { Destination?: unknown } } | undefined
  )?.OnFailure?.Destination;
  if (typeof destination === 'string' && destination !== '') {
    if (kind === 'sqs')
      throw invalidParameter(
        'Unsupported DestinationConfig parameter for given event source mapping type.',
      );
    model.onFailureDestinationArn = destination;
  }
  const scaling = (body['ScalingConfig'] as { MaximumConcurrency?: unknown } | undefined)
    ?.MaximumConcurrency;
  if (scaling !== undefined) {
    const value = optionalNumber({ v: scaling }, 'v', 'scalingConfig.maximumConcurrency', 2, 1000);
    if (value !== undefined) model.maximumConcurrency = value;
  }
}

function sourceKind(arn: string): 'sqs' | 'stream' {
  const service = arn.split(':')[2];
  if (service === 'sqs') return 'sqs';
  if (service === 'kinesis' || service === 'dynamodb') return 'stream';
  throw invalidParameter('Unrecognized event source, must be kinesis, dynamodb stream or sqs.');
}

function optionalNumber(
  body: Body,
  name: string,
  member: string,
  min: number,
  max: number,
): number | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw validationError(describe(value), member, 'Member must be an integer');
  }
  if (value < min)
    throw validationError(
      describe(value),
      member,
      `Member must have value greater than or equal to ${min}`,
    );
  if (value > max)
    throw validationError(
      describe(value),
      member,
      `Member must have value less than or equal to ${max}`,
    );
  return value;
}

function optionalEnum<T extends string>(
  body: Body,
  name: string,
  member: string,
  values: readonly T[],
): T | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (!(values as readonly unknown[]).includes(value)) {
    throw validationError(
      describe(value),
      member,
      `Member must satisfy enum value set: [${values.join(', ')}]`,
    );
  }
  return value as T;
}

/** A value as the validation message shows it. */
function describe(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
