/**
 * Deploying a template's tables: each `model.tables` entry is created when missing and brought
 * in line when it changed (GSIs added with backfill or dropped, stream enabled / disabled with the
 * template's stream ARN, TTL, tags, billing mode). Items are never dropped: a change Stratus
 * cannot make in place (key schema, LSIs) is reported and the stored table kept.
 */
import type { TableModel } from '../../core/app-model.js';
import type { DynamoDbContext } from './dynamodb-context.js';
import { storeNewTable } from './operations/create-table.js';
import { disableStream, saveStream } from './storage/stream-catalog.js';
import { indexCollection, type IndexMeta, type TableMeta } from './storage/table-meta.js';
import { createTableMeta } from './table-definition.js';

/** Throughput given to provisioned tables and GSIs whose template says none (CloudFormation requires it; SAM's SimpleTable uses 5/5). */
const DEFAULT_CAPACITY = { ReadCapacityUnits: 5, WriteCapacityUnits: 5 };

function createInput(model: TableModel): Record<string, unknown> {
  const provisioned = model.billingMode === 'PROVISIONED';
  const index = (
    i: TableModel['globalSecondaryIndexes'][number],
    global: boolean,
  ): Record<string, unknown> => ({
    IndexName: i.indexName,
    KeySchema: i.keySchema.map((k) => ({ AttributeName: k.attributeName, KeyType: k.keyType })),
    Projection: {
      ProjectionType: i.projection.projectionType,
      ...(i.projection.nonKeyAttributes === undefined
        ? {}
        : { NonKeyAttributes: i.projection.nonKeyAttributes }),
    },
    ...(global && provisioned ? { ProvisionedThroughput: DEFAULT_CAPACITY } : {}),
  });
  const input: Record<string, unknown> = {
    TableName: model.name,
    AttributeDefinitions: model.attributeDefinitions.map((d) => ({
      AttributeName: d.attributeName,
      AttributeType: d.attributeType,
    })),
    KeySchema: model.keySchema.map((k) => ({ AttributeName: k.attributeName, KeyType: k.keyType })),
    BillingMode: model.billingMode,
    Tags: Object.entries(model.tags).map(([Key, Value]) => ({ Key, Value })),
  };
  if (provisioned) input['ProvisionedThroughput'] = DEFAULT_CAPACITY;
  if (model.globalSecondaryIndexes.length > 0) {
    input['GlobalSecondaryIndexes'] = model.globalSecondaryIndexes.map((i) => index(i, true));
  }
  if (model.localSecondaryIndexes.length > 0) {
    input['LocalSecondaryIndexes'] = model.localSecondaryIndexes.map((i) => index(i, false));
  }
  if (model.stream !== undefined) {
    input['StreamSpecification'] = { StreamEnabled: true, StreamViewType: model.stream.viewType };
  }
  return input;
}

function sameIndex(a: IndexMeta, b: IndexMeta): boolean {
  return (
    JSON.stringify([a.keySchema, a.projection]) === JSON.stringify([b.keySchema, b.projection])
  );
}

/** Creates or updates every table of the template. */
export async function deployTables(
  ctx: DynamoDbContext,
  models: readonly TableModel[],
): Promise<void> {
  for (const model of models) {
    const wanted = createTableMeta(
      ctx,
      createInput(model),
      model.stream === undefined ? {} : { streamArn: model.stream.arn },
    );
    if (model.ttl !== undefined) {
      wanted.ttl = {
        attributeName: model.ttl.attributeName,
        enabled: model.ttl.enabled,
        updatedAt: wanted.createdAt,
      };
    }
    const existing = await ctx.catalog.lookup(model.name);
    if (existing === undefined) {
      await storeNewTable(ctx, wanted);
      ctx.catalog.cache(wanted);
      continue;
    }
    await updateDeployedTable(ctx, existing.meta, wanted);
  }
}

async function updateDeployedTable(
  ctx: DynamoDbContext,
  current: TableMeta,
  wanted: TableMeta,
): Promise<void> {
  const meta: TableMeta = structuredClone(current);
  if (JSON.stringify(current.keySchema) !== JSON.stringify(wanted.keySchema)) {
    ctx.logger.warn(
      `table ${current.name}: the template changes its key schema; Stratus keeps the existing table and its items (delete the table to re-create it)`,
    );
    return;
  }
  const currentLocal = current.indexes.filter((i) => i.kind === 'local');
  const wantedLocal = wanted.indexes.filter((i) => i.kind === 'local');
  if (JSON.stringify(currentLocal) !== JSON.stringify(wantedLocal)) {
    ctx.logger.warn(
      `table ${current.name}: local secondary indexes cannot change after creation; keeping the existing ones`,
    );
  }
  const wantedGlobal = wanted.indexes.filter((i) => i.kind === 'global');
  const added: IndexMeta[] = [];
  const removed: string[] = [];
  const kept: IndexMeta[] = [...currentLocal];
  for (const index of current.indexes.filter((i) => i.kind === 'global')) {
    const target = wantedGlobal.find((w) => w.name === index.name);
    if (target !== undefined && sameIndex(index, target)) kept.push(index);
    else removed.push(index.name);
  }
  for (const index of wantedGlobal) {
    if (!kept.some((k) => k.name === index.name)) {
      added.push(index);
      kept.push(index);
    }
  }
  meta.indexes = kept;
  meta.attributeDefinitions = wanted.attributeDefinitions;
  meta.billingMode = wanted.billingMode;
  meta.throughput = wanted.throughput;
  if (wanted.payPerRequestSince !== undefined && current.billingMode !== 'PAY_PER_REQUEST') {
    meta.payPerRequestSince = wanted.payPerRequestSince;
  }
  meta.tags = wanted.tags;
  if (wanted.ttl !== undefined) {
    if (
      current.ttl?.attributeName !== wanted.ttl.attributeName ||
      current.ttl.enabled !== wanted.ttl.enabled
    ) {
      meta.ttl = wanted.ttl;
    }
  } else if (current.ttl?.enabled === true) {
    meta.ttl = { ...current.ttl, enabled: false, updatedAt: ctx.clock.now() };
  }
  let closed: string | undefined;
  let opened = false;
  const currentArn = current.streamEnabled ? current.stream?.arn : undefined;
  const wantedArn = wanted.streamEnabled ? wanted.stream?.arn : undefined;
  if (
    currentArn !== wantedArn ||
    (wanted.stream !== undefined && current.stream?.viewType !== wanted.stream.viewType)
  ) {
    if (currentArn !== undefined) closed = currentArn;
    if (wanted.stream !== undefined && wanted.streamEnabled) {
      meta.stream = wanted.stream;
      meta.streamEnabled = true;
      opened = true;
    } else {
      meta.streamEnabled = false;
    }
  }
  if (JSON.stringify(meta) === JSON.stringify(current)) return;
  const now = ctx.clock.now();
  await ctx.store.transaction(async (tx) => {
    await tx.kv.put(
      ctx.catalog.collection,
      Buffer.from(meta.name, 'utf8'),
      Buffer.from(JSON.stringify(meta)),
    );
    if (closed !== undefined) await disableStream(tx.kv, ctx.scope, closed, now);
    if (opened && meta.stream !== undefined) {
      await saveStream(tx.kv, ctx.scope, {
        arn: meta.stream.arn,
        label: meta.stream.label,
        tableName: meta.name,
        viewType: meta.stream.viewType,
        keySchema: meta.keySchema,
        createdAt: now,
      });
    }
  });
  const table = ctx.catalog.cache(meta);
  for (const name of removed) await ctx.store.kv.clear(indexCollection(current.id, name));
  for (const index of added) await ctx.items.backfill(table, table.indexByName.get(index.name)!);
}
