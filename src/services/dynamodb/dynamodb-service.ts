/** The DynamoDB service definition: JSON 1.0 routing, request validation and the operation table. */
import { AwsError } from '../../core/errors.js';
import type { TableModel } from '../../core/app-model.js';
import {
  jsonProtocolError,
  jsonProtocolResponse,
  parseJsonCall,
  type JsonProtocolOptions,
} from '../../protocol/json.js';
import type { AwsRequest, AwsResponse, ServiceDefinition } from '../../protocol/types.js';
import type { Store } from '../../store/types.js';
import { deployTables } from './deploy-tables.js';
import type { DynamoDbContext, Operation } from './dynamodb-context.js';
import { dynamodbErrorNamespace, dynamodbMessageMember, internalServerError } from './errors.js';
import { batchGetItem } from './operations/batch-get-item.js';
import { batchWriteItem } from './operations/batch-write-item.js';
import { createTable } from './operations/create-table.js';
import { deleteItem } from './operations/delete-item.js';
import { deleteTable } from './operations/delete-table.js';
import { describeContinuousBackups } from './operations/describe-continuous-backups.js';
import { describeEndpoints } from './operations/describe-endpoints.js';
import { describeLimits } from './operations/describe-limits.js';
import { describeTable } from './operations/describe-table.js';
import { describeTimeToLive } from './operations/describe-time-to-live.js';
import { getItem } from './operations/get-item.js';
import { listTables } from './operations/list-tables.js';
import { listTagsOfResource } from './operations/list-tags-of-resource.js';
import { putItem } from './operations/put-item.js';
import { query } from './operations/query.js';
import { scan } from './operations/scan.js';
import { tagResource } from './operations/tag-resource.js';
import { transactGetItems } from './operations/transact-get-items.js';
import { transactWriteItems } from './operations/transact-write-items.js';
import { untagResource } from './operations/untag-resource.js';
import { updateItem } from './operations/update-item.js';
import { updateTable } from './operations/update-table.js';
import { updateTimeToLive } from './operations/update-time-to-live.js';
import { TableCatalog, TableStore } from './storage/index.js';
import { handleStreamsCall, streamsFor, type DynamoDbStreams } from './streams/index.js';
import { TtlSweeper, type TtlSweeperOptions } from './ttl/index.js';
import { INPUT_SCHEMAS, validateInput } from './validation/index.js';
import { PARTIQL_INPUT_SCHEMAS, PARTIQL_OPERATIONS } from './partiql/index.js';

const DYNAMODB_PREFIX = 'DynamoDB_20120810';
const STREAMS_PREFIX = 'DynamoDBStreams_20120810';

/** DynamoDB refuses bodies over 16 MiB with an empty 413 (§1.1). */
export const MAX_REQUEST_BYTES = 16 * 1024 * 1024;

/** The operation table, by AWS's exact operation names. */
export const OPERATIONS: Readonly<Record<string, Operation>> = {
  BatchGetItem: batchGetItem,
  BatchWriteItem: batchWriteItem,
  CreateTable: createTable,
  DeleteItem: deleteItem,
  DeleteTable: deleteTable,
  DescribeContinuousBackups: describeContinuousBackups,
  DescribeEndpoints: describeEndpoints,
  DescribeLimits: describeLimits,
  DescribeTable: describeTable,
  DescribeTimeToLive: describeTimeToLive,
  GetItem: getItem,
  ListTables: listTables,
  ListTagsOfResource: listTagsOfResource,
  PutItem: putItem,
  Query: query,
  Scan: scan,
  TagResource: tagResource,
  TransactGetItems: transactGetItems,
  TransactWriteItems: transactWriteItems,
  UntagResource: untagResource,
  UpdateItem: updateItem,
  UpdateTable: updateTable,
  UpdateTimeToLive: updateTimeToLive,
  ...PARTIQL_OPERATIONS,
};

const PROTOCOL: JsonProtocolOptions = {
  targetPrefixes: [DYNAMODB_PREFIX, STREAMS_PREFIX],
  contentType: 'application/x-amz-json-1.0',
  errorNamespace: dynamodbErrorNamespace,
  messageMember: dynamodbMessageMember,
  crc32: true,
};

const ACCEPTED_CONTENT_TYPES = new Set(['application/x-amz-json-1.0', 'application/json']);

/** The typed API other parts of Stratus use (deploy, TTL sweeper, streams, PartiQL, console). */
export interface DynamoDbFacade {
  readonly context: DynamoDbContext;
  readonly catalog: TableCatalog;
  readonly items: TableStore;
  /** Creates or updates the template's tables (idempotent; never drops items). */
  deployTables(tables: readonly TableModel[]): Promise<void>;
  /** The region's streams, as the stream → Lambda trigger reads them. */
  readonly streams: DynamoDbStreams;
  /** The TTL sweeper (`sweepNow()` for tests). */
  readonly ttl: TtlSweeper;
}

/** Answers one DynamoDB request (exported for tests that drive the service without sockets). */
export async function handleDynamoDbRequest(
  ctx: DynamoDbContext,
  req: AwsRequest,
): Promise<AwsResponse> {
  if (req.method === 'GET' && req.path === '/') {
    return {
      status: 200,
      headers: { 'content-type': 'text/plain', 'x-amzn-requestid': req.requestId },
      body: `healthy: dynamodb.${ctx.region}.amazonaws.com `,
    };
  }
  const contentType = req.headers['content-type']?.split(';')[0]?.trim() ?? '';
  if (req.body.length > 0 && !ACCEPTED_CONTENT_TYPES.has(contentType)) {
    return {
      status: 404,
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': req.requestId },
      body: '<UnknownOperationException/>\n',
    };
  }
  try {
    const call = parseJsonCall(req, PROTOCOL);
    if (req.headers['authorization'] === undefined && !req.query.has('X-Amz-Algorithm')) {
      throw new AwsError(
        'MissingAuthenticationTokenException',
        'Request is missing Authentication Token',
        {
          status: 400,
        },
      );
    }
    if (call.prefix === STREAMS_PREFIX) {
      return jsonProtocolResponse(
        req,
        await handleStreamsCall(ctx, call.operation, call.input),
        PROTOCOL,
      );
    }
    const operation = call.prefix === DYNAMODB_PREFIX ? OPERATIONS[call.operation] : undefined;
    const schema = INPUT_SCHEMAS[call.operation] ?? PARTIQL_INPUT_SCHEMAS[call.operation];
    if (operation === undefined || schema === undefined) {
      throw new AwsError('UnknownOperationException', '', { status: 400 });
    }
    validateInput(call.input, schema);
    const output = await operation(ctx, call.input);
    return jsonProtocolResponse(req, output, PROTOCOL);
  } catch (e) {
    if (e instanceof AwsError) return jsonProtocolError(req, e, PROTOCOL);
    ctx.logger.error(`dynamodb: ${req.headers['x-amz-target'] ?? ''} failed`, e);
    return jsonProtocolError(req, internalServerError(), PROTOCOL);
  }
}

/** Creates the DynamoDB context over a store (also used by unit tests). */
export function createDynamoDbContext(deps: {
  region: string;
  accountId: string;
  awsEndpoint: string;
  clock: DynamoDbContext['clock'];
  logger: DynamoDbContext['logger'];
  store: Store;
}): DynamoDbContext {
  const scope = `${deps.accountId}:${deps.region}`;
  const catalog = new TableCatalog(deps.store, scope);
  return {
    region: deps.region,
    accountId: deps.accountId,
    awsEndpoint: deps.awsEndpoint,
    scope,
    clock: deps.clock,
    logger: deps.logger,
    store: deps.store,
    catalog,
    items: new TableStore(deps.store, deps.clock, deps.region, catalog),
    tokenCollection: `ddb:txtokens:${scope}`,
  };
}

export const dynamodbService: ServiceDefinition<
  { store: Store; ttl?: TtlSweeperOptions },
  DynamoDbFacade
> = {
  name: 'dynamodb',
  protocol: 'json',
  maxRequestBytes: MAX_REQUEST_BYTES,
  matches: (head) => {
    const target = head.headers['x-amz-target'] ?? '';
    return target.startsWith(`${DYNAMODB_PREFIX}.`) || target.startsWith(`${STREAMS_PREFIX}.`);
  },
  create(deps) {
    const ctx = createDynamoDbContext(deps);
    const facade: DynamoDbFacade = {
      context: ctx,
      catalog: ctx.catalog,
      items: ctx.items,
      deployTables: (tables) => deployTables(ctx, tables),
      streams: streamsFor(ctx),
      ttl: new TtlSweeper(ctx, deps.ttl),
    };
    return {
      facade,
      handle: (req) => handleDynamoDbRequest(ctx, req),
      // DynamoDB answers an oversized body with 413 and no body at all (spec §1.1).
      renderError: (req, error) =>
        error.status === 413
          ? { status: 413, headers: { 'x-amzn-requestid': req.requestId }, body: '' }
          : jsonProtocolError(req, error, PROTOCOL),
      start: async () => {
        await ctx.catalog.refresh();
        facade.ttl.start();
        facade.streams.start();
      },
      stop: async () => {
        await facade.ttl.stop();
        await facade.streams.stop();
      },
      describe: () => ({ tables: ctx.catalog.names() }),
    };
  },
};

/** DynamoDB's answer to a body over 16 MiB: 413 (the edge renders it). */
export function dynamodbRequestTooLarge(): AwsError {
  return new AwsError('RequestEntityTooLarge', '', { status: 413 });
}
