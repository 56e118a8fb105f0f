/**
 * streams/ — the DynamoDB Streams API (JSON 1.0, `X-Amz-Target: DynamoDBStreams_20120810.<Op>`,
 * signing name `dynamodb`) and the typed view of streams the stream → Lambda trigger reads
 * (`DynamoDbStreams`). Records are written by the table store (`storage/`) into one store log per
 * stream, in the same transaction as the item change; this folder only reads and trims them.
 *
 * Parity:
 * - Supported: ListStreams (TableName filter, ExclusiveStartStreamArn / Limit paging),
 *   DescribeStream (StreamStatus ENABLED / DISABLED, view type, key schema, shards with
 *   SequenceNumberRange, closed once the stream is disabled), GetShardIterator (TRIM_HORIZON,
 *   LATEST, AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER; TrimmedDataAccessException before the trim
 *   horizon), GetRecords (≤ 1000 records / 1 MB, Limit, NextShardIterator, none once a disabled
 *   stream is drained; ExpiredIteratorException after 15 minutes); 24 h retention (logs trimmed
 *   every minute; a stream disabled over 24 h ago disappears); the Streams API's
 *   `userIdentity {PrincipalId, Type}` spelling on TTL deletes.
 * - Gaps: one shard per stream for its whole life — shards never roll over or split, so clients
 *   never see `ParentShardId` lineage; no read throttling (AWS advises ≤ 2 readers per shard);
 *   ENABLING / DISABLING states are never shown.
 * - By design: iterators are self-contained (`<StreamArn>|1|<base64url JSON>`, not signed), valid
 *   on every node and after a restart; sequence numbers are the store log's sequence plus 10^20
 *   (21 digits, increasing, not contiguous across trims); an unknown TableName in ListStreams
 *   lists nothing; texts marked unverified in the spec use DynamoDB Local's wording
 *   (`One or more parameter values were invalid: Invalid SequenceNumber` / `Invalid
 *   ShardIterator` / `Limit should be less than or equal to 1000`).
 * - Client quirks handled: the Streams SDK client signs as `dynamodb`, so requests reach the
 *   DynamoDB service and are routed here by target prefix.
 */
export {
  DynamoDbStreams,
  shardIdOf,
  STREAM_RETENTION_MS,
  MAX_READ_BYTES,
  MAX_READ_RECORDS,
} from './dynamodb-streams.js';
export type {
  DynamoDbStreamRecord,
  DynamoDbStreamsOptions,
  ReadShardOptions,
  ReadShardResult,
  ShardRecord,
  StreamInfo,
  StreamShard,
} from './dynamodb-streams.js';
export { handleStreamsCall, streamsFor, STREAMS_OPERATIONS } from './streams-dispatcher.js';
export { formatSequenceNumber, parseSequenceNumber } from './sequence-number.js';
export {
  encodeShardIterator,
  decodeShardIterator,
  ITERATOR_MAX_AGE_MS,
  type ShardIteratorState,
} from './shard-iterator.js';
