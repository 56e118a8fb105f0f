import type { AwsError } from '../../../core/errors.js';
import { validation } from '../errors.js';

/** The prefix DynamoDB puts before every PartiQL parse error. */
export const SYNTAX_ERROR_PREFIX = "Statement wasn't well formed, can't be processed: ";

/** A PartiQL syntax error: ValidationException with DynamoDB's prefix. */
export function syntaxError(detail: string): AwsError {
  return validation(`${SYNTAX_ERROR_PREFIX}${detail}`);
}
