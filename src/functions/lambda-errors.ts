/**
 * The Invoke API errors a caller sees, with Lambda's codes, statuses and messages (lambda.md §2.3,
 * §4). Function failures are never among them: those are 200 results with `functionError`.
 */
import { AwsError } from '../core/errors.js';

/** Lambda's sync payload limit, in the message AWS uses. */
export const MAX_SYNC_PAYLOAD_BYTES = 6_291_456;
/** Lambda's async (`Event`) payload limit since 2025 (256 KB before). */
export const MAX_ASYNC_PAYLOAD_BYTES = 1_048_576;

export type ThrottleReason =
  'ReservedFunctionConcurrentInvocationLimitExceeded' | 'ConcurrentInvocationLimitExceeded';

/** 404 `Function not found: <arn>`. */
export function functionNotFound(arn: string): AwsError {
  return new AwsError('ResourceNotFoundException', `Function not found: ${arn}`, {
    status: 404,
    fields: { Type: 'User' },
  });
}

/** 429 `Rate Exceeded.` with the throttle reason. */
export function tooManyRequests(reason: ThrottleReason): AwsError {
  return new AwsError('TooManyRequestsException', 'Rate Exceeded.', {
    status: 429,
    fields: { Reason: reason, Type: 'User' },
  });
}

/** 413 for a request payload over the limit of its invocation type. */
export function requestTooLarge(limitBytes: number): AwsError {
  return new AwsError(
    'RequestTooLargeException',
    `Request must be smaller than ${limitBytes} bytes for the InvokeFunction operation`,
    { status: 413, fields: { Type: 'User' } },
  );
}

/** 400 for a payload that is not JSON. */
export function invalidRequestContent(detail: string): AwsError {
  return new AwsError(
    'InvalidRequestContentException',
    `Could not parse request body into json: ${detail}`,
    { status: 400, fields: { Type: 'User' } },
  );
}

/** 502 for a runtime Stratus cannot run yet. */
export function invalidRuntime(runtime: string): AwsError {
  return new AwsError(
    'InvalidRuntimeException',
    `The runtime parameter of ${runtime} is not supported by Stratus yet`,
    { status: 502, fields: { Type: 'User' } },
  );
}

/** 400 for a bad parameter (e.g. a qualifier that disagrees with the one in the name). */
export function invalidParameterValue(message: string): AwsError {
  return new AwsError('InvalidParameterValueException', message, {
    status: 400,
    fields: { Type: 'User' },
  });
}

/** 400 for a function name that is not a name or ARN at all. */
export function invalidFunctionName(value: string): AwsError {
  return new AwsError(
    'ValidationException',
    `1 validation error detected: Value '${value}' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?`,
    { status: 400 },
  );
}

/** 500 when Stratus stops while an invocation is in flight. */
export function serviceException(message: string): AwsError {
  return new AwsError('ServiceException', message, { status: 500, fields: { Type: 'Service' } });
}
