/** Lambda's error shapes: `x-amzn-ErrorType` plus `{"Type":"User","message":…}`. */
import { AwsError } from '../../core/errors.js';

/** Lambda's pattern for FunctionName in every operation. */
export const FUNCTION_NAME_PATTERN =
  /^(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_.]+)(:(\$LATEST|[a-zA-Z0-9-_]+))?$/;

export function resourceNotFound(message: string): AwsError {
  return new AwsError('ResourceNotFoundException', message, {
    status: 404,
    fields: { Type: 'User' },
  });
}

export function invalidParameter(message: string): AwsError {
  return new AwsError('InvalidParameterValueException', message, {
    status: 400,
    fields: { Type: 'User' },
  });
}

/** AWS's "1 validation error detected" message for one failed constraint. */
export function validationError(value: string, member: string, constraint: string): AwsError {
  return new AwsError(
    'ValidationException',
    `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: ${constraint}`,
    { status: 400, fields: { Type: 'User' } },
  );
}

/** Validates a FunctionName path label as Lambda does (pattern and 1–170 characters). */
export function checkFunctionName(name: string): void {
  if (name.length > 170) {
    throw validationError(
      name,
      'functionName',
      'Member must have length less than or equal to 170',
    );
  }
  if (!FUNCTION_NAME_PATTERN.test(name)) {
    throw validationError(
      name,
      'functionName',
      `Member must satisfy regular expression pattern: ${FUNCTION_NAME_PATTERN.source.slice(1, -1)}`,
    );
  }
}
