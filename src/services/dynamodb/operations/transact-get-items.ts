/** TransactGetItems: up to 100 reads from one consistent snapshot, in request order (§6.10). */
import { CapacityTally, readUnits, type CapacityMode } from '../capacity.js';
import type { DynamoDbContext } from '../dynamodb-context.js';
import { transactionCanceled, validation } from '../errors.js';
import { project } from '../expressions/index.js';
import { checkKey, keyMatchesSchema, requireTable } from '../item-rules.js';
import { itemKey } from '../storage/item-keys.js';
import type { Table } from '../storage/table-meta.js';
import { itemSize, validateAttributeMap, type AttributeMap } from '../values/index.js';
import { parseReadProjection } from './get-item.js';

export async function transactGetItems(
  ctx: DynamoDbContext,
  input: Record<string, unknown>,
): Promise<object> {
  const elements = input['TransactItems'] as { Get: Record<string, unknown> }[];
  const parsed = elements.map((element) => {
    const get = element.Get;
    const key = validateAttributeMap(get['Key']);
    const { paths, checkUsed } = parseReadProjection(get);
    checkUsed();
    return { get, key, paths };
  });
  const tables: Table[] = [];
  for (const p of parsed) tables.push(await requireTable(ctx, p.get['TableName']));
  const invalid = parsed.map((p, i) => !keyMatchesSchema(tables[i]!, p.key, true));
  parsed.forEach((p, i) => {
    if (invalid[i] !== true) checkKey(tables[i]!, p.key);
  });
  const seen = new Set<string>();
  parsed.forEach((p, i) => {
    if (invalid[i] === true) return;
    const id = `${tables[i]!.name}\u0000${itemKey(tables[i]!, p.key).toString('latin1')}`;
    if (seen.has(id))
      throw validation('Transaction request cannot include multiple operations on one item');
    seen.add(id);
  });
  if (invalid.some(Boolean)) {
    throw transactionCanceled(
      invalid.map((bad) =>
        bad
          ? {
              Code: 'ValidationError',
              Message: 'The provided key element does not match the schema',
            }
          : { Code: 'None' },
      ),
    );
  }
  const items = await ctx.store.transaction(async (tx) => {
    const out: (AttributeMap | undefined)[] = [];
    for (const [i, p] of parsed.entries()) {
      const entry = await tx.kv.get(tables[i]!.collection, itemKey(tables[i]!, p.key));
      out.push(
        entry === undefined
          ? undefined
          : (JSON.parse(entry.value.toString('utf8')) as AttributeMap),
      );
    }
    return out;
  });
  const tallies = new Map<string, CapacityTally>();
  const responses = items.map((item, i) => {
    const name = parsed[i]!.get['TableName'] as string;
    let tally = tallies.get(name);
    if (tally === undefined) {
      tally = new CapacityTally(name);
      tallies.set(name, tally);
    }
    const units = 2 * readUnits(item === undefined ? 0 : itemSize(item), true);
    tally.table += units;
    tally.read += units;
    if (item === undefined) return {};
    const paths = parsed[i]!.paths;
    return { Item: paths === undefined ? item : project(paths, item) };
  });
  const out: Record<string, unknown> = { Responses: responses };
  const mode = input['ReturnConsumedCapacity'] as CapacityMode | undefined;
  if (mode !== undefined && mode !== 'NONE') {
    out['ConsumedCapacity'] = [...tallies.values()].map((t) => t.render(mode, true));
  }
  return out;
}
