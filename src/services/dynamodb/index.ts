/**
 * DynamoDB on the AWS endpoint (JSON 1.0, `X-Amz-Target: DynamoDB_20120810.<Operation>`), over
 * the store: tables in a catalog collection, items in one kv collection per table (key codec
 * order), one per secondary index, stream records in store logs — each write, its index entries
 * and its stream record in one store transaction (`storage/`). The pure engine lives in
 * `values/` (AttributeValues, numbers, sizes, ordering) and `expressions/` (every expression kind
 * and the legacy parameters); request validation is a declarative schema (`validation/`).
 *
 * Parity:
 * - Supported: PutItem, GetItem, UpdateItem, DeleteItem (conditions, legacy Expected /
 *   AttributeUpdates / AttributesToGet, every ReturnValues, ReturnValuesOnConditionCheckFailure,
 *   ReturnConsumedCapacity TOTAL / INDEXES, ReturnItemCollectionMetrics), Query and Scan (key
 *   conditions, filters, projections, Select, Limit counted before the filter, 1 MB pages,
 *   ExclusiveStartKey / LastEvaluatedKey incl. index keys, parallel scan, GSIs and LSIs with their
 *   projections, LSI fetches of non-projected attributes), BatchGetItem, BatchWriteItem,
 *   TransactWriteItems (positional cancellation reasons, ClientRequestToken idempotency for 10
 *   minutes), TransactGetItems, CreateTable, DescribeTable, UpdateTable (billing, throughput, GSI
 *   create with backfill / delete, streams), DeleteTable, ListTables, tags, TTL specification,
 *   DescribeLimits, DescribeEndpoints, DescribeContinuousBackups; SerializationException and
 *   coral constraint messages from the input schema; stream records (INSERT / MODIFY / REMOVE,
 *   none for a no-op write) appended to `ddb-stream:<streamArn>`.
 * - Also: the DynamoDB Streams API (`streams/`: ListStreams, DescribeStream, GetShardIterator,
 *   GetRecords, 24 h retention) and the TTL sweeper (`ttl/`: deletes expired items about a second
 *   after expiry with the TTL `userIdentity` REMOVE record; `mode: 'aws'` reproduces AWS's lazy
 *   deletion) — see their headers.
 * - And PartiQL (`partiql/`: ExecuteStatement, BatchExecuteStatement, ExecuteTransaction over
 *   the same condition / update engine and table store; see its header for what it leaves out).
 * - Gaps: backups,
 *   global tables, imports/exports, resource policies, Kinesis streaming destinations;
 *   TransactionConflictException (store transactions serialise writers, so it never happens);
 *   the 10 GB item-collection limit; the 4 MB transaction and 16 MB batch payload checks (the
 *   16 MiB request cap covers most); `SizeEstimateRangeGB` is always [0, 1]; ListTagsOfResource
 *   returns one page; texts marked "unverified" in the spec use our best wording (stream enable
 *   twice / disable when none, IdempotentParameterMismatchException, AccessDeniedException).
 * - By design: tables, GSIs and updates are ACTIVE at once (no CREATING / UPDATING phases; SDK
 *   waiters see ACTIVE immediately); GSIs are updated synchronously (read-your-writes);
 *   ItemCount / TableSizeBytes are live (computed on DescribeTable); BatchWriteItem commits its
 *   writes in one store transaction (each still gets its own stream record); UnprocessedKeys /
 *   UnprocessedItems are always `{}`; semantic messages are unprefixed (§1.5).
 * - Client quirks handled: `x-amz-crc32` on every response (botocore retries on mismatch);
 *   `application/json` accepted and echoed; booleans sent as strings coerced as AWS does;
 *   ClientRequestToken auto-filled by every SDK is honoured.
 */
export {
  dynamodbService,
  dynamodbRequestTooLarge,
  createDynamoDbContext,
  handleDynamoDbRequest,
  OPERATIONS,
} from './dynamodb-service.js';
export type { DynamoDbFacade } from './dynamodb-service.js';
export type { DynamoDbContext } from './dynamodb-context.js';
export {
  TableCatalog,
  TableStore,
  MAX_PAGE_BYTES,
  TTL_USER_IDENTITY,
  streamCatalogCollection,
  streamLogName,
} from './storage/index.js';
export type {
  Index,
  ReadOptions,
  ReadPage,
  StoredStreamRecord,
  StreamCatalogEntry,
  StreamUserIdentity,
  StreamViewType,
  Table,
  TableMeta,
  WriteDecision,
  WriteOptions,
  WriteOutcome,
} from './storage/index.js';
