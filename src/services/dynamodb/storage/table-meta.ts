/**
 * How a table is described in the store (`TableMeta`, JSON in the catalog collection) and the
 * compiled form the operations use (`Table`: key attributes, indexes, collections, stream).
 */
import type { AttributeMap, AttributeValue } from '../values/index.js';

export type KeyType = 'S' | 'N' | 'B';
export type StreamViewType = 'KEYS_ONLY' | 'NEW_IMAGE' | 'OLD_IMAGE' | 'NEW_AND_OLD_IMAGES';
export type ProjectionType = 'ALL' | 'KEYS_ONLY' | 'INCLUDE';
export type BillingMode = 'PROVISIONED' | 'PAY_PER_REQUEST';

export interface KeySchemaElement {
  AttributeName: string;
  KeyType: 'HASH' | 'RANGE';
}

export interface AttributeDefinition {
  AttributeName: string;
  AttributeType: KeyType;
}

export interface ProjectionSpec {
  ProjectionType: ProjectionType;
  NonKeyAttributes?: string[];
}

export interface Throughput {
  read: number;
  write: number;
  decreasesToday: number;
  lastIncrease?: number;
  lastDecrease?: number;
}

export interface IndexMeta {
  name: string;
  kind: 'global' | 'local';
  keySchema: KeySchemaElement[];
  projection: ProjectionSpec;
  /** GSIs of provisioned tables only. */
  throughput?: Throughput;
}

export interface StreamMeta {
  arn: string;
  /** `YYYY-MM-DDTHH:MM:SS.mmm` (UTC), the last part of the ARN. */
  label: string;
  viewType: StreamViewType;
  createdAt: number;
}

export interface TtlMeta {
  attributeName: string;
  enabled: boolean;
  updatedAt: number;
}

/** A table as stored in the catalog. */
export interface TableMeta {
  name: string;
  /** Unique per incarnation: a table re-created under the same name gets fresh collections. */
  id: string;
  arn: string;
  /** Epoch ms. */
  createdAt: number;
  attributeDefinitions: AttributeDefinition[];
  keySchema: KeySchemaElement[];
  billingMode: BillingMode;
  throughput: Throughput;
  payPerRequestSince?: number;
  indexes: IndexMeta[];
  /** The latest stream, kept after it is disabled (LatestStreamArn stays visible). */
  stream?: StreamMeta;
  streamEnabled: boolean;
  ttl?: TtlMeta;
  tags: { Key: string; Value: string }[];
  deletionProtection: boolean;
  tableClass?: string;
}

export interface KeyAttribute {
  readonly name: string;
  readonly type: KeyType;
}

export interface Index {
  readonly meta: IndexMeta;
  readonly name: string;
  readonly kind: 'global' | 'local';
  readonly hash: KeyAttribute;
  readonly range: KeyAttribute | undefined;
  readonly collection: string;
  readonly arn: string;
  /** Index key names then the table key names, without duplicates (LastEvaluatedKey members). */
  readonly keyNames: readonly string[];
  /** For INCLUDE: the projected non-key attributes; undefined for ALL / KEYS_ONLY. */
  readonly include: ReadonlySet<string> | undefined;
  readonly projectionType: ProjectionType;
}

export interface TableStream {
  readonly arn: string;
  readonly viewType: StreamViewType;
  /** Store log the records go to. */
  readonly log: string;
}

/** A table compiled for fast use by the operations. */
export interface Table {
  readonly meta: TableMeta;
  readonly name: string;
  readonly hash: KeyAttribute;
  readonly range: KeyAttribute | undefined;
  readonly keyNames: readonly string[];
  readonly collection: string;
  readonly indexes: readonly Index[];
  readonly indexByName: ReadonlyMap<string, Index>;
  readonly stream: TableStream | undefined;
}

/** The store log a stream's records are appended to. */
export function streamLogName(streamArn: string): string {
  return `ddb-stream:${streamArn}`;
}

/** The kv collection holding a table's items. */
export function itemsCollection(tableId: string): string {
  return `ddb:items:${tableId}`;
}

/** The kv collection holding one secondary index's entries. */
export function indexCollection(tableId: string, indexName: string): string {
  return `ddb:index:${tableId}:${indexName}`;
}

function keyAttribute(
  meta: TableMeta,
  schema: readonly KeySchemaElement[],
  keyType: 'HASH' | 'RANGE',
): KeyAttribute | undefined {
  const element = schema.find((k) => k.KeyType === keyType);
  if (element === undefined) return undefined;
  const def = meta.attributeDefinitions.find((d) => d.AttributeName === element.AttributeName);
  return { name: element.AttributeName, type: def?.AttributeType ?? 'S' };
}

/** Compiles a stored table description. */
export function compileTable(meta: TableMeta): Table {
  const hash = keyAttribute(meta, meta.keySchema, 'HASH')!;
  const range = keyAttribute(meta, meta.keySchema, 'RANGE');
  const keyNames = range === undefined ? [hash.name] : [hash.name, range.name];
  const indexes = meta.indexes.map((im): Index => {
    const ih = keyAttribute(meta, im.keySchema, 'HASH')!;
    const ir = keyAttribute(meta, im.keySchema, 'RANGE');
    const names = [ih.name, ...(ir === undefined ? [] : [ir.name])];
    for (const n of keyNames) if (!names.includes(n)) names.push(n);
    return {
      meta: im,
      name: im.name,
      kind: im.kind,
      hash: ih,
      range: ir,
      collection: indexCollection(meta.id, im.name),
      arn: `${meta.arn}/index/${im.name}`,
      keyNames: names,
      include:
        im.projection.ProjectionType === 'INCLUDE'
          ? new Set(im.projection.NonKeyAttributes ?? [])
          : undefined,
      projectionType: im.projection.ProjectionType,
    };
  });
  return {
    meta,
    name: meta.name,
    hash,
    range,
    keyNames,
    collection: itemsCollection(meta.id),
    indexes,
    indexByName: new Map(indexes.map((i) => [i.name, i])),
    stream:
      meta.streamEnabled && meta.stream !== undefined
        ? {
            arn: meta.stream.arn,
            viewType: meta.stream.viewType,
            log: streamLogName(meta.stream.arn),
          }
        : undefined,
  };
}

/** The key attributes of `item` for the table. */
export function pickKey(table: Table, item: AttributeMap): AttributeMap {
  const key: AttributeMap = { [table.hash.name]: item[table.hash.name]! };
  if (table.range !== undefined) key[table.range.name] = item[table.range.name]!;
  return key;
}

/** The attributes an index projects of an item (index keys + table keys + per projection). */
export function projectForIndex(index: Index, item: AttributeMap): AttributeMap {
  if (index.projectionType === 'ALL') return item;
  const out: AttributeMap = {};
  for (const name of index.keyNames) {
    const v = item[name];
    if (v !== undefined) out[name] = v;
  }
  if (index.include !== undefined) {
    for (const name of index.include) {
      const v = item[name];
      if (v !== undefined) out[name] = v;
    }
  }
  return out;
}

/** True when an attribute is projected into the index. */
export function indexProjects(index: Index, name: string): boolean {
  return (
    index.projectionType === 'ALL' ||
    index.keyNames.includes(name) ||
    (index.include?.has(name) ?? false)
  );
}

/** Type tag of a key attribute value, or undefined if it is not S/N/B. */
export function scalarType(value: AttributeValue): KeyType | undefined {
  if ('S' in value) return 'S';
  if ('N' in value) return 'N';
  if ('B' in value) return 'B';
  return undefined;
}
