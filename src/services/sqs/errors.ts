/**
 * SQS's errors. An error carries its query-era code (`AWS.SimpleQueueService.NonExistentQueue`,
 * `InvalidParameterValue`, …) as `AwsError.code`; the JSON protocol derives the `__type` shape
 * name from it (AWS's `awsQueryCompatible` pairing) and sends the query code in
 * `x-amzn-query-error`, which is what SDKs surface as the error code.
 */
import { AwsError } from '../../core/errors.js';

/** Query code → JSON `__type` shape name (SQS API model 2012-11-05). */
const JSON_TYPES: Readonly<Record<string, string>> = {
  'AWS.SimpleQueueService.NonExistentQueue': 'QueueDoesNotExist',
  QueueAlreadyExists: 'QueueNameExists',
  'AWS.SimpleQueueService.QueueDeletedRecently': 'QueueDeletedRecently',
  'AWS.SimpleQueueService.PurgeQueueInProgress': 'PurgeQueueInProgress',
  ReceiptHandleIsInvalid: 'ReceiptHandleIsInvalid',
  InvalidParameterValue: 'InvalidParameterValueException',
  MissingParameter: 'MissingRequiredParameterException',
  'AWS.SimpleQueueService.BatchRequestTooLong': 'BatchRequestTooLong',
  InvalidMessageContents: 'InvalidMessageContents',
  'AWS.SimpleQueueService.TooManyEntriesInBatchRequest': 'TooManyEntriesInBatchRequest',
  'AWS.SimpleQueueService.EmptyBatchRequest': 'EmptyBatchRequest',
  'AWS.SimpleQueueService.InvalidBatchEntryId': 'InvalidBatchEntryId',
  'AWS.SimpleQueueService.BatchEntryIdsNotDistinct': 'BatchEntryIdsNotDistinct',
  InvalidAttributeName: 'InvalidAttributeName',
  InvalidAttributeValue: 'InvalidAttributeValue',
  OverLimit: 'OverLimit',
  ResourceNotFoundException: 'ResourceNotFoundException',
  'AWS.SimpleQueueService.MessageNotInflight': 'MessageNotInflight',
  'AWS.SimpleQueueService.UnsupportedOperation': 'UnsupportedOperation',
  InvalidAction: 'UnknownOperationException',
  InternalFailure: 'InternalFailure',
};

/** Unmodeled errors live in the service framework's namespace, modeled ones in SQS's. */
const CORAL_TYPES = new Set([
  'InvalidParameterValueException',
  'MissingRequiredParameterException',
  'UnknownOperationException',
  'InternalFailure',
]);

/** The JSON `__type` value for an SQS error. */
export function jsonErrorType(code: string): string {
  const shape = JSON_TYPES[code] ?? code;
  return `${CORAL_TYPES.has(shape) ? 'com.amazon.coral.service' : 'com.amazonaws.sqs'}#${shape}`;
}

/** An SQS error with its query code, message and HTTP status. */
export function sqsError(code: string, message: string, status = 400): AwsError {
  return new AwsError(code, message, { status });
}

export const NON_EXISTENT_QUEUE = 'AWS.SimpleQueueService.NonExistentQueue';

/** "The specified queue does not exist." (the query protocol adds "for this wsdl version."). */
export function queueDoesNotExist(): AwsError {
  return sqsError(NON_EXISTENT_QUEUE, 'The specified queue does not exist.');
}

export function invalidParameterValue(message: string): AwsError {
  return sqsError('InvalidParameterValue', message);
}

/** "Value <v> for parameter <name> is invalid. Reason: <reason>" */
export function invalidParameterReason(value: unknown, name: string, reason: string): AwsError {
  return invalidParameterValue(
    `Value ${String(value)} for parameter ${name} is invalid. Reason: ${reason}`,
  );
}

export function missingParameter(name: string): AwsError {
  return sqsError('MissingParameter', `The request must contain the parameter ${name}.`);
}

export function unknownAttribute(name: string): AwsError {
  return sqsError('InvalidAttributeName', `Unknown Attribute ${name}.`);
}

export function invalidAttributeValue(name: string, reason?: string): AwsError {
  return sqsError(
    'InvalidAttributeValue',
    reason === undefined
      ? `Invalid value for the parameter ${name}.`
      : `Invalid value for the parameter ${name}. Reason: ${reason}`,
  );
}

export function receiptHandleIsInvalid(handle: string): AwsError {
  return sqsError(
    'ReceiptHandleIsInvalid',
    `The input receipt handle "${handle}" is not a valid receipt handle.`,
    404,
  );
}

export function invalidAction(action: string): AwsError {
  return sqsError('InvalidAction', `The action ${action} is not valid for this endpoint.`);
}
