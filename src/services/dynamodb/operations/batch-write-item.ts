/**
 * BatchWriteItem: up to 25 puts and deletes over several tables. Validation is all-or-nothing;
 * each write is an independent item write (own stream record), committed together (§6.8).
 */
import { CapacityTally, writeUnits, type CapacityMode } from '../capacity.js';
import type { DynamoDbContext } from '../dynamodb-context.js';
import { validation } from '../errors.js';
import { checkItem, checkKey, itemCollectionMetrics, requireTable } from '../item-rules.js';
import { itemKey } from '../storage/item-keys.js';
import type { Table } from '../storage/table-meta.js';
import { PendingWrites } from '../storage/table-store.js';
import { checkItemSize, validateAttributeMap, type AttributeMap } from '../values/index.js';

const MAX_WRITES = 25;

interface Write {
  requestName: string;
  table: Table;
  /** The item to put, or undefined for a delete. */
  item: AttributeMap | undefined;
  key: AttributeMap;
}

export async function batchWriteItem(
  ctx: DynamoDbContext,
  input: Record<string, unknown>,
): Promise<object> {
  const requestItems = input['RequestItems'] as Record<string, Record<string, unknown>[]>;
  const names = Object.keys(requestItems);
  if (names.length === 0)
    throw validation('The requestItems parameter is required for BatchWriteItem');
  let total = 0;
  for (const name of names) total += requestItems[name]!.length;
  if (total > MAX_WRITES) throw validation('Too many items requested for the BatchWriteItem call');
  const parsed: { name: string; item: AttributeMap | undefined; key: AttributeMap }[] = [];
  for (const name of names) {
    for (const request of requestItems[name]!) {
      const put = request['PutRequest'] as Record<string, unknown> | undefined;
      const del = request['DeleteRequest'] as Record<string, unknown> | undefined;
      if ((put === undefined) === (del === undefined)) {
        throw validation(
          'Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes',
        );
      }
      if (put !== undefined) {
        const item = validateAttributeMap(put['Item']);
        checkItemSize(item, 'put');
        parsed.push({ name, item, key: item });
      } else {
        parsed.push({ name, item: undefined, key: validateAttributeMap(del!['Key']) });
      }
    }
  }
  const tables = new Map<string, Table>();
  for (const name of names) tables.set(name, await requireTable(ctx, name));
  const writes: Write[] = [];
  const seen = new Set<string>();
  for (const p of parsed) {
    const table = tables.get(p.name)!;
    if (p.item !== undefined) checkItem(table, p.item, true);
    else checkKey(table, p.key);
    const id = `${table.name}\u0000${itemKey(table, p.key).toString('latin1')}`;
    if (seen.has(id)) throw validation('Provided list of item keys contains duplicates');
    seen.add(id);
    writes.push({ requestName: p.name, table, item: p.item, key: p.key });
  }
  const tallies = new Map<string, CapacityTally>();
  const metrics: Record<string, unknown[]> = {};
  await ctx.store.transaction(async (tx) => {
    tallies.clear();
    // Per table (by name, so concurrent batches lock in one order): its current definition and
    // every item the batch touches, in one read each, locked until commit; then the writes in
    // request order.
    const fresh = new Map<Table, Table>();
    const olds = new Map<Write, AttributeMap | undefined>();
    const touched = [...new Set(writes.map((w) => w.table))].sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
    for (const requested of touched) {
      const table = await ctx.items.freshTable(tx, requested);
      fresh.set(requested, table);
      const mine = writes.filter((w) => w.table === requested);
      const found = await ctx.items.getItems(
        table,
        mine.map((w) => w.key),
        tx,
      );
      mine.forEach((w, i) => olds.set(w, found[i]));
    }
    const pending = new PendingWrites();
    for (const w of writes) {
      const table = fresh.get(w.table)!;
      const old = olds.get(w);
      const writesDone = await ctx.items.applyInTransaction(tx, table, old, w.item, {}, pending);
      let tally = tallies.get(w.requestName);
      if (tally === undefined) {
        tally = new CapacityTally(w.requestName);
        tallies.set(w.requestName, tally);
      }
      tally.table += writeUnits(w.item === undefined ? old : undefined, w.item);
      tally.addIndexUnits(w.table, writesDone.units);
    }
    await pending.flush(tx);
  });
  for (const w of writes) {
    const m = itemCollectionMetrics(w.table, input, w.key);
    if (m !== undefined) (metrics[w.requestName] ??= []).push(m);
  }
  const out: Record<string, unknown> = { UnprocessedItems: {} };
  const mode = input['ReturnConsumedCapacity'] as CapacityMode | undefined;
  if (mode !== undefined && mode !== 'NONE') {
    out['ConsumedCapacity'] = [...tallies.values()].map((t) => t.render(mode));
  }
  if (Object.keys(metrics).length > 0) out['ItemCollectionMetrics'] = metrics;
  return out;
}
