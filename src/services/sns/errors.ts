/** SNS's errors: codes, HTTP statuses and texts as AWS answers them (messaging.md §11.3). */
import { AwsError } from '../../core/errors.js';

/** `InvalidParameter` (400): "Invalid parameter: <detail>". */
export function invalidParameter(detail: string): AwsError {
  return new AwsError('InvalidParameter', `Invalid parameter: ${detail}`, { status: 400 });
}

/** `InvalidParameter` (400) with a message that does not start with "Invalid parameter:". */
export function invalidParameterRaw(message: string): AwsError {
  return new AwsError('InvalidParameter', message, { status: 400 });
}

/** `ParameterValueInvalid` (400): message-attribute validation. */
export function parameterValueInvalid(message: string): AwsError {
  return new AwsError('ParameterValueInvalid', message, { status: 400 });
}

/** `ValidationError` (400): a required nested member is missing. */
export function validationError(message: string): AwsError {
  return new AwsError('ValidationError', message, { status: 400 });
}

/** `NotFound` (404), e.g. "Topic does not exist". */
export function notFound(message: string): AwsError {
  return new AwsError('NotFound', message, { status: 404 });
}

export const topicNotFound = (): AwsError => notFound('Topic does not exist');
export const subscriptionNotFound = (): AwsError => notFound('Subscription does not exist');

/** `ResourceNotFound` (404): tag operations on a missing resource. */
export function resourceNotFound(): AwsError {
  return new AwsError('ResourceNotFound', 'Resource does not exist', { status: 404 });
}

/** A PublishBatch whole-request error (400). */
export function batchError(code: string, message: string): AwsError {
  return new AwsError(code, message, { status: 400 });
}

/** `TagLimitExceeded` (400). */
export function tagLimitExceeded(): AwsError {
  return new AwsError(
    'TagLimitExceeded',
    'Could not complete request: tag quota of per resource exceeded',
    {
      status: 400,
    },
  );
}

/** `InvalidAction` (400): an Action SNS does not have. */
export function invalidAction(action: string): AwsError {
  return new AwsError(
    'InvalidAction',
    action === '' ? 'Missing Action' : `The action ${action} is not valid for this web service.`,
    { status: 400 },
  );
}

/** `InternalError` (500). */
export function internalError(): AwsError {
  return new AwsError('InternalError', 'An internal error occurred.', { status: 500 });
}

/** What an SQS delivery fails with when Stratus has no SQS service (a client error: no retry). */
export function snsNoQueueService(): AwsError {
  return new AwsError(
    'AWS.SimpleQueueService.NonExistentQueue',
    'Stratus serves no SQS queues to deliver to',
    { status: 400 },
  );
}
