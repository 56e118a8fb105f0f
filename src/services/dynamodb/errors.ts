/** DynamoDB's error shapes: namespaces, message-member spelling and the exact texts of §5.2. */
import { AwsError } from '../../core/errors.js';
import type { AttributeMap } from './values/index.js';

const CORAL_SERVICE = new Set([
  'SerializationException',
  'UnknownOperationException',
  'AccessDeniedException',
  'MissingAuthenticationTokenException',
  'IncompleteSignatureException',
  'InvalidSignatureException',
  'UnrecognizedClientException',
]);

const CAPITAL_MESSAGE = new Set([
  'SerializationException',
  'AccessDeniedException',
  'TransactionCanceledException',
  'TransactionInProgressException',
  'IdempotentParameterMismatchException',
]);

/** The `__type` namespace DynamoDB uses for an error code (§1.4). */
export function dynamodbErrorNamespace(code: string): string {
  if (code === 'ValidationException') return 'com.amazon.coral.validate';
  if (CORAL_SERVICE.has(code)) return 'com.amazon.coral.service';
  if (code === 'ThrottlingException') return 'com.amazon.coral.availability';
  return 'com.amazonaws.dynamodb.v20120810';
}

/** `message` or `Message`, as the service model spells it for that error. */
export function dynamodbMessageMember(code: string): 'message' | 'Message' {
  return CAPITAL_MESSAGE.has(code) ? 'Message' : 'message';
}

/** A ValidationException with AWS's text. */
export function validation(message: string): AwsError {
  return new AwsError('ValidationException', message, { status: 400 });
}

/** A SerializationException (type errors found while decoding the request). */
export function serialization(message: string): AwsError {
  return new AwsError('SerializationException', message, { status: 400 });
}

/** Data-plane ResourceNotFoundException (`Requested resource not found`). */
export function resourceNotFound(): AwsError {
  return new AwsError('ResourceNotFoundException', 'Requested resource not found', {
    status: 400,
  });
}

/** Control-plane ResourceNotFoundException naming the table. */
export function tableNotFound(name: string): AwsError {
  return new AwsError(
    'ResourceNotFoundException',
    `Requested resource not found: Table: ${name} not found`,
    { status: 400 },
  );
}

export function resourceInUse(message: string): AwsError {
  return new AwsError('ResourceInUseException', message, { status: 400 });
}

export function limitExceeded(message: string): AwsError {
  return new AwsError('LimitExceededException', message, { status: 400 });
}

export function accessDenied(message: string): AwsError {
  return new AwsError('AccessDeniedException', message, { status: 400 });
}

/** ConditionalCheckFailedException, with the old item when ALL_OLD was asked for. */
export function conditionalCheckFailed(item: AttributeMap | undefined): AwsError {
  return new AwsError('ConditionalCheckFailedException', 'The conditional request failed', {
    status: 400,
    ...(item === undefined ? {} : { fields: { Item: item } }),
  });
}

/** One entry of TransactionCanceledException.CancellationReasons. */
export interface CancellationReason {
  Code: string;
  Message?: string;
  Item?: AttributeMap;
}

/** TransactionCanceledException listing the reasons in request order (§6.9). */
export function transactionCanceled(reasons: readonly CancellationReason[]): AwsError {
  return new AwsError(
    'TransactionCanceledException',
    `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons
      .map((r) => r.Code)
      .join(', ')}]`,
    { status: 400, fields: { CancellationReasons: reasons } },
  );
}

export function idempotentParameterMismatch(): AwsError {
  // Service text unverified (§5.2 #91); this wording names what went wrong.
  return new AwsError(
    'IdempotentParameterMismatchException',
    'Request parameters do not match the parameters of a previous request with the same ClientRequestToken',
    { status: 400 },
  );
}

export function internalServerError(): AwsError {
  return new AwsError('InternalServerError', 'Internal server error', { status: 500 });
}
