/** The output PutItem, UpdateItem and DeleteItem share: Attributes, ConsumedCapacity, metrics. */
import { CapacityTally, writeUnits, type CapacityMode } from '../capacity.js';
import { itemCollectionMetrics } from '../item-rules.js';
import type { Table } from '../storage/table-meta.js';
import type { WriteOutcome } from '../storage/table-store.js';
import type { AttributeMap } from '../values/index.js';

export function singleWriteOutput(
  table: Table,
  input: Record<string, unknown>,
  outcome: WriteOutcome<unknown>,
  key: AttributeMap,
  attributes: AttributeMap | undefined,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (attributes !== undefined) out['Attributes'] = attributes;
  const mode = input['ReturnConsumedCapacity'] as CapacityMode | undefined;
  if (mode !== undefined && mode !== 'NONE') {
    const tally = new CapacityTally(input['TableName'] as string);
    tally.table = writeUnits(outcome.old, outcome.next);
    tally.addIndexUnits(table, outcome.indexWrites.units);
    out['ConsumedCapacity'] = tally.render(mode);
  }
  const metrics = itemCollectionMetrics(table, input, key);
  if (metrics !== undefined) out['ItemCollectionMetrics'] = metrics;
  return out;
}
