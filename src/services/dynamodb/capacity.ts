/** ReturnConsumedCapacity: AWS's unit rules (§9.1) and response shapes (§9.2). */
import { itemSize, type AttributeMap } from './values/index.js';
import type { Table } from './storage/table-meta.js';

export type CapacityMode = 'NONE' | 'TOTAL' | 'INDEXES';

const KB = 1024;
const READ_UNIT_BYTES = 4096;

/** Write units of a single-item write: ceil(max(old, new) / 1 KB), at least 1. */
export function writeUnits(old: AttributeMap | undefined, next: AttributeMap | undefined): number {
  const size = Math.max(
    old === undefined ? 0 : itemSize(old),
    next === undefined ? 0 : itemSize(next),
  );
  return Math.max(1, Math.ceil(size / KB));
}

/** Read units of one item read (a missing item costs one unit). */
export function readUnits(bytes: number, consistent: boolean): number {
  const units = Math.max(1, Math.ceil(bytes / READ_UNIT_BYTES));
  return consistent ? units : units / 2;
}

/** Read units of a Query/Scan page: total bytes read, rounded up to 4 KB. */
export function pageReadUnits(bytes: number, consistent: boolean): number {
  const units = Math.max(1, Math.ceil(bytes / READ_UNIT_BYTES));
  return consistent ? units : units / 2;
}

/** Accumulates the capacity of one table for a response. */
export class CapacityTally {
  table = 0;
  readonly gsi = new Map<string, number>();
  readonly lsi = new Map<string, number>();
  read = 0;
  write = 0;

  constructor(readonly tableName: string) {}

  /** Adds index units from a write (GSIs own their units; LSIs count against the table). */
  addIndexUnits(table: Table, units: ReadonlyMap<string, number>): void {
    for (const [name, n] of units) {
      const index = table.indexByName.get(name);
      const target = index?.kind === 'local' ? this.lsi : this.gsi;
      target.set(name, (target.get(name) ?? 0) + n);
    }
  }

  /** The ConsumedCapacity object for `mode`, or undefined for NONE. */
  render(
    mode: CapacityMode | undefined,
    withReadWrite = false,
  ): Record<string, unknown> | undefined {
    if (mode === undefined || mode === 'NONE') return undefined;
    let total = this.table;
    for (const n of this.gsi.values()) total += n;
    for (const n of this.lsi.values()) total += n;
    const out: Record<string, unknown> = { TableName: this.tableName, CapacityUnits: total };
    if (withReadWrite) {
      if (this.read > 0) out['ReadCapacityUnits'] = this.read;
      if (this.write > 0) out['WriteCapacityUnits'] = this.write;
    }
    if (mode === 'INDEXES') {
      out['Table'] = { CapacityUnits: this.table };
      if (this.gsi.size > 0) out['GlobalSecondaryIndexes'] = unitsMap(this.gsi);
      if (this.lsi.size > 0) out['LocalSecondaryIndexes'] = unitsMap(this.lsi);
    }
    return out;
  }
}

function unitsMap(units: ReadonlyMap<string, number>): Record<string, { CapacityUnits: number }> {
  const out: Record<string, { CapacityUnits: number }> = {};
  for (const [name, n] of units) out[name] = { CapacityUnits: n };
  return out;
}
