import { AwsError } from '../../../core/errors.js';

/** A DynamoDB `ValidationException` (HTTP 400) with AWS's exact message. */
export function validationError(message: string): AwsError {
  return new AwsError('ValidationException', message, { status: 400 });
}

/** The prefix DynamoDB puts before most AttributeValue and key validation messages. */
export const INVALID_PARAMETER_PREFIX = 'One or more parameter values were invalid: ';
