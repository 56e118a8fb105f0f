/** BatchGetItem: up to 100 keys over several tables; all-or-nothing validation (§6.7). */
import { CapacityTally, readUnits, type CapacityMode } from '../capacity.js';
import type { DynamoDbContext } from '../dynamodb-context.js';
import { validation } from '../errors.js';
import { checkNoNestedKeyPaths, project, type DocumentPath } from '../expressions/index.js';
import { checkKey, requireTable } from '../item-rules.js';
import { itemKey } from '../storage/item-keys.js';
import type { Table } from '../storage/table-meta.js';
import { itemSize, validateAttributeMap, type AttributeMap } from '../values/index.js';
import { parseReadProjection } from './get-item.js';

const MAX_KEYS = 100;

interface TableRequest {
  requestName: string;
  table: Table;
  keys: AttributeMap[];
  paths: DocumentPath[] | undefined;
  consistent: boolean;
}

export async function batchGetItem(
  ctx: DynamoDbContext,
  input: Record<string, unknown>,
): Promise<object> {
  const requestItems = input['RequestItems'] as Record<string, Record<string, unknown>>;
  const names = Object.keys(requestItems);
  if (names.length === 0)
    throw validation('The requestItems parameter is required for BatchGetItem');
  let total = 0;
  for (const name of names) {
    const keys = requestItems[name]!['Keys'] as unknown[];
    if (keys.length > MAX_KEYS) {
      throw validation(
        `1 validation error detected: Value at 'RequestItems.${name}.member.Keys' failed to satisfy constraint: Member must have length less than or equal to ${MAX_KEYS}`,
      );
    }
    total += keys.length;
  }
  if (total > MAX_KEYS) throw validation('Too many items requested for the BatchGetItem call');
  const parsed = names.map((name) => {
    const entry = requestItems[name]!;
    const keys = (entry['Keys'] as unknown[]).map((k) => validateAttributeMap(k));
    const { paths, checkUsed } = parseReadProjection(entry);
    checkUsed();
    return { name, entry, keys, paths };
  });
  const requests: TableRequest[] = [];
  for (const p of parsed) {
    const table = await requireTable(ctx, p.name);
    requests.push({
      requestName: p.name,
      table,
      keys: p.keys,
      paths: p.paths,
      consistent: p.entry['ConsistentRead'] === true,
    });
  }
  for (const r of requests) {
    const seen = new Set<string>();
    for (const key of r.keys) {
      checkKey(r.table, key);
      const id = itemKey(r.table, key).toString('latin1');
      if (seen.has(id)) throw validation('Provided list of item keys contains duplicates');
      seen.add(id);
    }
    if (r.paths !== undefined) checkNoNestedKeyPaths(r.paths, r.table.keyNames);
  }
  const responses: Record<string, AttributeMap[]> = {};
  const capacity: Record<string, unknown>[] = [];
  const mode = input['ReturnConsumedCapacity'] as CapacityMode | undefined;
  for (const r of requests) {
    const items: AttributeMap[] = [];
    const tally = new CapacityTally(r.requestName);
    const found = await ctx.items.getItems(r.table, r.keys);
    for (const item of found) {
      tally.table += readUnits(item === undefined ? 0 : itemSize(item), r.consistent);
      if (item !== undefined) items.push(r.paths === undefined ? item : project(r.paths, item));
    }
    responses[r.requestName] = items;
    const rendered = tally.render(mode);
    if (rendered !== undefined) capacity.push(rendered);
  }
  const out: Record<string, unknown> = { Responses: responses, UnprocessedKeys: {} };
  if (mode !== undefined && mode !== 'NONE') out['ConsumedCapacity'] = capacity;
  return out;
}
