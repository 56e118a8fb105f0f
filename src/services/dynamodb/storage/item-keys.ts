/** Store keys of items and index entries, built with the key codec from AttributeValues. */
import { crc32 } from 'node:zlib';
import { encodeKeyPart, type KeyValue } from '../../../store/key-codec.js';
import type { AttributeMap, AttributeValue } from '../values/index.js';
import type { Index, Table } from './table-meta.js';

/** The codec form of a validated key attribute value (`B` decoded from base64). */
export function toKeyValue(value: AttributeValue): KeyValue {
  if ('S' in value) return { S: value.S };
  if ('N' in value) return { N: value.N };
  return { B: Buffer.from((value as { B: string }).B, 'base64') };
}

/** Encodes one key attribute value. */
export function encodeValue(value: AttributeValue): Buffer {
  return encodeKeyPart(toKeyValue(value));
}

/** The item's store key: partition key then sort key. */
export function itemKey(table: Table, item: AttributeMap): Buffer {
  const hash = encodeValue(item[table.hash.name]!);
  if (table.range === undefined) return hash;
  return Buffer.concat([hash, encodeValue(item[table.range.name]!)]);
}

/**
 * The item's entry key in an index (index partition key, index sort key, then the table key),
 * or undefined when the item lacks an index key attribute or has one of another type (sparse).
 */
export function indexEntryKey(table: Table, index: Index, item: AttributeMap): Buffer | undefined {
  const ih = item[index.hash.name];
  if (ih === undefined || !(index.hash.type in ih)) return undefined;
  const parts = [encodeValue(ih)];
  if (index.range !== undefined) {
    const ir = item[index.range.name];
    if (ir === undefined || !(index.range.type in ir)) return undefined;
    parts.push(encodeValue(ir));
  }
  parts.push(itemKey(table, item));
  return Buffer.concat(parts);
}

/** Which of `totalSegments` parallel-scan segments a partition key belongs to (stable hash). */
export function segmentOf(partitionKey: AttributeValue, totalSegments: number): number {
  const hash = crc32(encodeValue(partitionKey));
  return Math.floor((hash * totalSegments) / 0x1_0000_0000);
}
