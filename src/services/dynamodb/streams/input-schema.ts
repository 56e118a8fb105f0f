/**
 * Input schemas of the DynamoDB Streams operations (`streams-dynamodb-2012-08-10` model
 * constraints), in the vocabulary of `validation/shapes.ts` so the coral messages are DynamoDB's.
 */
import { int, req, str, struct, type StructShape } from '../validation/shapes.js';

const streamArn = str({ min: 37, max: 1024 });
const shardId = str({ min: 28, max: 65 });

export const STREAMS_INPUT_SCHEMAS: Readonly<Record<string, StructShape>> = {
  ListStreams: struct('ListStreamsInput', {
    TableName: str({ min: 3, max: 255, pattern: '[a-zA-Z0-9_.-]+' }),
    Limit: int({ min: 1 }),
    ExclusiveStartStreamArn: streamArn,
  }),
  DescribeStream: struct('DescribeStreamInput', {
    StreamArn: req(streamArn),
    Limit: int({ min: 1 }),
    ExclusiveStartShardId: shardId,
    ShardFilter: struct('ShardFilter', {
      Type: str({ enum: ['CHILD_SHARDS'] }),
      ShardId: shardId,
    }),
  }),
  GetShardIterator: struct('GetShardIteratorInput', {
    StreamArn: req(streamArn),
    ShardId: req(shardId),
    ShardIteratorType: req(
      str({ enum: ['TRIM_HORIZON', 'LATEST', 'AT_SEQUENCE_NUMBER', 'AFTER_SEQUENCE_NUMBER'] }),
    ),
    SequenceNumber: str({ min: 21, max: 40 }),
  }),
  GetRecords: struct('GetRecordsInput', {
    ShardIterator: req(str({ min: 1, max: 2048 })),
    Limit: int({ min: 1 }),
  }),
};
