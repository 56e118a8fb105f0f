/**
 * Turning a CreateTable request (or a template's table) into a stored table description, with
 * CreateTable's semantic checks (§5.2 #93–#111), and the TableDescription AWS answers with
 * (§6.12).
 */
import { randomUUID } from 'node:crypto';
import type { DynamoDbContext } from './dynamodb-context.js';
import { validation } from './errors.js';
import type {
  AttributeDefinition,
  BillingMode,
  IndexMeta,
  KeySchemaElement,
  ProjectionSpec,
  StreamMeta,
  StreamViewType,
  Table,
  TableMeta,
  Throughput,
} from './storage/table-meta.js';
import { INVALID_PARAMETER_PREFIX } from './values/index.js';

const MAX_LSIS = 5;
const MAX_GSIS = 20;

/** `YYYY-MM-DDTHH:MM:SS.mmm` (UTC): a stream label. */
export function streamLabel(nowMs: number): string {
  return new Date(nowMs).toISOString().slice(0, -1);
}

/** The table ARN for a name. */
export function tableArn(ctx: Pick<DynamoDbContext, 'region' | 'accountId'>, name: string): string {
  return `arn:aws:dynamodb:${ctx.region}:${ctx.accountId}:table/${name}`;
}

interface RawIndex {
  IndexName: string;
  KeySchema: KeySchemaElement[];
  Projection?: { ProjectionType?: string; NonKeyAttributes?: string[] };
  ProvisionedThroughput?: { ReadCapacityUnits: number; WriteCapacityUnits: number };
}

function invalid(message: string): never {
  throw validation(`${INVALID_PARAMETER_PREFIX}${message}`);
}

/** Checks a key schema's element order and names (§5.2 #96, #97). */
export function checkKeySchemaShape(keySchema: readonly KeySchemaElement[]): void {
  if (keySchema[0]?.KeyType !== 'HASH') {
    throw validation('Invalid KeySchema: The first KeySchemaElement is not a HASH key type');
  }
  if (keySchema.length === 2 && keySchema[1]!.KeyType !== 'RANGE') {
    throw validation('Invalid KeySchema: The second KeySchemaElement is not a RANGE key type');
  }
  if (keySchema.length === 2 && keySchema[0].AttributeName === keySchema[1]!.AttributeName) {
    throw validation(
      'Both the Hash Key and the Range Key element in the KeySchema have the same name',
    );
  }
}

/** Checks an index's projection (§5.2 #107, #108) and returns it normalised. */
export function checkProjection(projection: RawIndex['Projection']): ProjectionSpec {
  const type = projection?.ProjectionType;
  if (type === undefined) invalid('Unknown ProjectionType: null');
  if (type === 'INCLUDE') {
    if (projection?.NonKeyAttributes === undefined) invalid('Unknown ProjectionType: null');
    return { ProjectionType: 'INCLUDE', NonKeyAttributes: [...projection.NonKeyAttributes] };
  }
  if (projection?.NonKeyAttributes !== undefined) {
    invalid(`ProjectionType is ${type}, but NonKeyAttributes is specified`);
  }
  return { ProjectionType: type as 'ALL' | 'KEYS_ONLY' };
}

function throughputOf(
  pt: { ReadCapacityUnits: number; WriteCapacityUnits: number } | undefined,
): Throughput {
  return {
    read: pt?.ReadCapacityUnits ?? 0,
    write: pt?.WriteCapacityUnits ?? 0,
    decreasesToday: 0,
  };
}

/** Checks the key attributes of the table and its indexes against AttributeDefinitions. */
export function checkAttributeDefinitions(
  definitions: readonly AttributeDefinition[],
  keySchema: readonly KeySchemaElement[],
  indexes: readonly { KeySchema: KeySchemaElement[] }[],
): void {
  const defined = definitions.map((d) => d.AttributeName);
  if (indexes.length === 0) {
    if (keySchema.length === 2 && keySchema.some((k) => !defined.includes(k.AttributeName))) {
      throw validation('Invalid KeySchema: Some index key attribute have no definition');
    }
  }
  const used: string[] = [];
  for (const schema of [keySchema, ...indexes.map((i) => i.KeySchema)]) {
    for (const k of schema) if (!used.includes(k.AttributeName)) used.push(k.AttributeName);
  }
  const undefinedKeys = used.filter((n) => !defined.includes(n));
  if (undefinedKeys.length > 0) {
    invalid(
      `Some index key attributes are not defined in AttributeDefinitions. Keys: [${undefinedKeys.join(', ')}], AttributeDefinitions: [${defined.join(', ')}]`,
    );
  }
  if (defined.length !== used.length || new Set(defined).size !== defined.length) {
    if (indexes.length === 0) {
      invalid(
        'Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions',
      );
    }
    invalid(
      `Some AttributeDefinitions are not used. AttributeDefinitions: [${defined.join(', ')}], keys used: [${used.join(', ')}]`,
    );
  }
}

/** Validates a CreateTable request and builds the table description to store. */
export function createTableMeta(
  ctx: Pick<DynamoDbContext, 'region' | 'accountId' | 'clock'>,
  input: Record<string, unknown>,
  options: { streamArn?: string } = {},
): TableMeta {
  const name = input['TableName'] as string;
  const keySchema = input['KeySchema'] as KeySchemaElement[];
  const definitions = input['AttributeDefinitions'] as AttributeDefinition[];
  checkKeySchemaShape(keySchema);
  const lsis = input['LocalSecondaryIndexes'] as RawIndex[] | undefined;
  const gsis = input['GlobalSecondaryIndexes'] as RawIndex[] | undefined;
  checkAttributeDefinitions(definitions, keySchema, [...(lsis ?? []), ...(gsis ?? [])]);
  const billingMode = (input['BillingMode'] as BillingMode | undefined) ?? 'PROVISIONED';
  const pt = input['ProvisionedThroughput'] as RawIndex['ProvisionedThroughput'];
  if (billingMode === 'PROVISIONED' && pt === undefined) {
    invalid(
      'ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED',
    );
  }
  if (billingMode === 'PAY_PER_REQUEST' && pt !== undefined) {
    invalid(
      'Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST',
    );
  }
  const indexes: IndexMeta[] = [];
  const names = new Set<string>();
  const tableHash = keySchema[0]!.AttributeName;
  if (lsis !== undefined) {
    if (lsis.length === 0) invalid('List of LocalSecondaryIndexes is empty');
    if (keySchema.length < 2) {
      invalid(
        'Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex',
      );
    }
    if (lsis.length > MAX_LSIS)
      invalid(`Number of LocalSecondaryIndexes exceeds per-table limit of ${MAX_LSIS}`);
    for (const lsi of lsis) {
      checkKeySchemaShape(lsi.KeySchema);
      const hash = lsi.KeySchema[0]!.AttributeName;
      if (hash !== tableHash) {
        invalid(
          `Index KeySchema does not have the same leading hash key as table KeySchema for index: ${lsi.IndexName}. index hash key: ${hash}, table hash key: ${tableHash}`,
        );
      }
      if (names.has(lsi.IndexName)) invalid(`Duplicate index name: ${lsi.IndexName}`);
      names.add(lsi.IndexName);
      indexes.push({
        name: lsi.IndexName,
        kind: 'local',
        keySchema: lsi.KeySchema.map((k) => ({
          AttributeName: k.AttributeName,
          KeyType: k.KeyType,
        })),
        projection: checkProjection(lsi.Projection),
      });
    }
  }
  if (gsis !== undefined) {
    if (gsis.length === 0) invalid('List of GlobalSecondaryIndexes is empty');
    if (gsis.length > MAX_GSIS)
      invalid(`GlobalSecondaryIndex count exceeds the per-table limit of ${MAX_GSIS}`);
    for (const gsi of gsis) indexes.push(globalIndexMeta(gsi, billingMode, names));
  }
  const now = ctx.clock.now();
  const arn = tableArn(ctx, name);
  const spec = input['StreamSpecification'] as
    { StreamEnabled: boolean; StreamViewType?: StreamViewType } | undefined;
  let stream: StreamMeta | undefined;
  if (spec?.StreamEnabled === true) {
    if (spec.StreamViewType === undefined) {
      invalid('The StreamViewType must be specified when StreamEnabled is true');
    }
    const label =
      options.streamArn === undefined
        ? streamLabel(now)
        : options.streamArn.slice(options.streamArn.lastIndexOf('/') + 1);
    stream = {
      arn: options.streamArn ?? `${arn}/stream/${label}`,
      label,
      viewType: spec.StreamViewType,
      createdAt: now,
    };
  }
  const tags = (input['Tags'] as { Key: string; Value: string }[] | undefined) ?? [];
  const meta: TableMeta = {
    name,
    id: randomUUID(),
    arn,
    createdAt: now,
    attributeDefinitions: definitions.map((d) => ({
      AttributeName: d.AttributeName,
      AttributeType: d.AttributeType,
    })),
    keySchema: keySchema.map((k) => ({ AttributeName: k.AttributeName, KeyType: k.KeyType })),
    billingMode,
    throughput: throughputOf(pt),
    indexes,
    streamEnabled: stream !== undefined,
    tags: tags.map((t) => ({ Key: t.Key, Value: t.Value })),
    deletionProtection: input['DeletionProtectionEnabled'] === true,
  };
  if (billingMode === 'PAY_PER_REQUEST') meta.payPerRequestSince = now;
  if (stream !== undefined) meta.stream = stream;
  if (typeof input['TableClass'] === 'string') meta.tableClass = input['TableClass'];
  return meta;
}

/** Validates one GSI definition (CreateTable or UpdateTable Create). */
export function globalIndexMeta(
  gsi: RawIndex,
  billingMode: BillingMode,
  names: Set<string>,
): IndexMeta {
  checkKeySchemaShape(gsi.KeySchema);
  if (names.has(gsi.IndexName)) invalid(`Duplicate index name: ${gsi.IndexName}`);
  names.add(gsi.IndexName);
  if (billingMode === 'PAY_PER_REQUEST' && gsi.ProvisionedThroughput !== undefined) {
    invalid(
      `ProvisionedThroughput should not be specified for index: ${gsi.IndexName} when BillingMode is PAY_PER_REQUEST`,
    );
  }
  if (billingMode === 'PROVISIONED' && gsi.ProvisionedThroughput === undefined) {
    invalid(`ProvisionedThroughput must be specified for index: ${gsi.IndexName}`);
  }
  const meta: IndexMeta = {
    name: gsi.IndexName,
    kind: 'global',
    keySchema: gsi.KeySchema.map((k) => ({ AttributeName: k.AttributeName, KeyType: k.KeyType })),
    projection: checkProjection(gsi.Projection),
  };
  if (gsi.ProvisionedThroughput !== undefined)
    meta.throughput = throughputOf(gsi.ProvisionedThroughput);
  return meta;
}

/** Item counts and sizes shown in a description. */
export interface TableStats {
  table: { count: number; bytes: number };
  indexes: Map<string, { count: number; bytes: number }>;
}

/** Live statistics of a table and its indexes. */
export async function tableStats(ctx: DynamoDbContext, table: Table): Promise<TableStats> {
  const indexes = new Map<string, { count: number; bytes: number }>();
  for (const index of table.indexes)
    indexes.set(index.name, await ctx.items.stats(index.collection));
  return { table: await ctx.items.stats(table.collection), indexes };
}

function seconds(ms: number): number {
  return ms / 1000;
}

function throughputDescription(t: Throughput): Record<string, unknown> {
  const out: Record<string, unknown> = {
    NumberOfDecreasesToday: t.decreasesToday,
    ReadCapacityUnits: t.read,
    WriteCapacityUnits: t.write,
  };
  if (t.lastIncrease !== undefined) out['LastIncreaseDateTime'] = seconds(t.lastIncrease);
  if (t.lastDecrease !== undefined) out['LastDecreaseDateTime'] = seconds(t.lastDecrease);
  return out;
}

/** The TableDescription of a table. */
export function describeTable(
  table: Table,
  status: 'ACTIVE' | 'CREATING' | 'UPDATING' | 'DELETING',
  stats: TableStats | undefined,
): Record<string, unknown> {
  const meta = table.meta;
  const out: Record<string, unknown> = {
    AttributeDefinitions: meta.attributeDefinitions,
    TableName: meta.name,
    KeySchema: meta.keySchema,
    TableStatus: status,
    CreationDateTime: seconds(meta.createdAt),
    ProvisionedThroughput: throughputDescription(meta.throughput),
    TableSizeBytes: stats?.table.bytes ?? 0,
    ItemCount: stats?.table.count ?? 0,
    TableArn: meta.arn,
    TableId: meta.id,
  };
  if (meta.billingMode === 'PAY_PER_REQUEST') {
    out['BillingModeSummary'] = {
      BillingMode: 'PAY_PER_REQUEST',
      LastUpdateToPayPerRequestDateTime: seconds(meta.payPerRequestSince ?? meta.createdAt),
    };
  }
  const describeIndex = (i: Table['indexes'][number]): Record<string, unknown> => {
    const s = stats?.indexes.get(i.name);
    const d: Record<string, unknown> = {
      IndexName: i.name,
      KeySchema: i.meta.keySchema,
      Projection: i.meta.projection,
    };
    if (i.kind === 'global') {
      d['IndexStatus'] = 'ACTIVE';
      d['ProvisionedThroughput'] = throughputDescription(
        i.meta.throughput ?? { read: 0, write: 0, decreasesToday: 0 },
      );
    }
    d['IndexSizeBytes'] = s?.bytes ?? 0;
    d['ItemCount'] = s?.count ?? 0;
    d['IndexArn'] = i.arn;
    return d;
  };
  const lsis = table.indexes.filter((i) => i.kind === 'local');
  const gsis = table.indexes.filter((i) => i.kind === 'global');
  if (lsis.length > 0) out['LocalSecondaryIndexes'] = lsis.map(describeIndex);
  if (gsis.length > 0) out['GlobalSecondaryIndexes'] = gsis.map(describeIndex);
  if (meta.streamEnabled && meta.stream !== undefined) {
    out['StreamSpecification'] = { StreamEnabled: true, StreamViewType: meta.stream.viewType };
  }
  if (meta.stream !== undefined) {
    out['LatestStreamLabel'] = meta.stream.label;
    out['LatestStreamArn'] = meta.stream.arn;
  }
  out['DeletionProtectionEnabled'] = meta.deletionProtection;
  if (meta.tableClass !== undefined) out['TableClassSummary'] = { TableClass: meta.tableClass };
  return out;
}
