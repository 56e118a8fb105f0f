/** Routes `DynamoDBStreams_20120810.<Operation>` calls: validation, then the operation. */
import { AwsError } from '../../../core/errors.js';
import type { DynamoDbContext } from '../dynamodb-context.js';
import { validateInput } from '../validation/validate-input.js';
import { DynamoDbStreams } from './dynamodb-streams.js';
import { STREAMS_INPUT_SCHEMAS } from './input-schema.js';
import { describeStream } from './operations/describe-stream.js';
import { getRecords } from './operations/get-records.js';
import { getShardIterator } from './operations/get-shard-iterator.js';
import { listStreams } from './operations/list-streams.js';
import type { StreamsContext, StreamsOperation } from './streams-context.js';

/** The operation table, by AWS's exact operation names. */
export const STREAMS_OPERATIONS: Readonly<Record<string, StreamsOperation>> = {
  DescribeStream: describeStream,
  GetRecords: getRecords,
  GetShardIterator: getShardIterator,
  ListStreams: listStreams,
};

const contexts = new WeakMap<DynamoDbContext, StreamsContext>();

/** The streams of a DynamoDB context (one instance per context, shared by the API and triggers). */
export function streamsFor(ctx: DynamoDbContext): DynamoDbStreams {
  return streamsContext(ctx).streams;
}

function streamsContext(ctx: DynamoDbContext): StreamsContext {
  let found = contexts.get(ctx);
  if (found === undefined) {
    found = {
      clock: ctx.clock,
      streams: new DynamoDbStreams({
        store: ctx.store,
        scope: ctx.scope,
        clock: ctx.clock,
        logger: ctx.logger,
      }),
    };
    contexts.set(ctx, found);
  }
  return found;
}

/** Answers one Streams API call; throws the AwsError the client should see. */
export async function handleStreamsCall(
  ctx: DynamoDbContext,
  operation: string,
  input: Record<string, unknown>,
): Promise<object> {
  const run = STREAMS_OPERATIONS[operation];
  const schema = STREAMS_INPUT_SCHEMAS[operation];
  if (run === undefined || schema === undefined) {
    throw new AwsError('UnknownOperationException', '', { status: 400 });
  }
  validateInput(input, schema);
  return run(streamsContext(ctx), input);
}
