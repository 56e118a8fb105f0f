/** The DynamoDB Streams API's errors, with AWS's texts (dynamodb.md §7). */
import { AwsError } from '../../../core/errors.js';

/** DescribeStream / GetShardIterator / GetRecords on a stream that does not exist. */
export function streamNotFound(arn: string): AwsError {
  return new AwsError(
    'ResourceNotFoundException',
    `Requested resource not found: Stream: ${arn} not found`,
    { status: 400 },
  );
}

/** A shard id the stream does not have. */
export function shardNotFound(arn: string, shardId: string): AwsError {
  // Text unverified against AWS; it names both parts so the caller sees what was wrong.
  return new AwsError(
    'ResourceNotFoundException',
    `Requested resource not found: Shard: ${shardId} in Stream: ${arn} not found`,
    { status: 400 },
  );
}

/** An iterator older than 15 minutes (API GetRecords). */
export function expiredIterator(): AwsError {
  return new AwsError(
    'ExpiredIteratorException',
    'The provided iterator exceeds the maximum age allowed.',
    { status: 400 },
  );
}

/** A position before the trim horizon (24 h retention). */
export function trimmedDataAccess(): AwsError {
  // The service's text as clients report it (no trailing period).
  return new AwsError(
    'TrimmedDataAccessException',
    'The data you are trying to access has been trimmed',
    { status: 400 },
  );
}

/** A ValidationException with the Streams API's `One or more parameter values were invalid:` text. */
export function invalidParameter(what: string): AwsError {
  return new AwsError('ValidationException', `One or more parameter values were invalid: ${what}`, {
    status: 400,
  });
}
