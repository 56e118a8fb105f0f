/**
 * ExecuteTransaction: 1–100 statements, all reads or all writes (EXISTS checks count as writes),
 * all-or-nothing in one store transaction with TransactWriteItems' semantics: positional
 * cancellation reasons, ClientRequestToken idempotency for 10 minutes (§8.3, §6.9).
 */
import { createHash } from 'node:crypto';
import { AwsError } from '../../../../core/errors.js';
import { CapacityTally, readUnits, writeUnits, type CapacityMode } from '../../capacity.js';
import type { DynamoDbContext } from '../../dynamodb-context.js';
import { transactionCanceled, validation, type CancellationReason } from '../../errors.js';
import { evaluateCondition } from '../../expressions/index.js';
import { checkKey } from '../../item-rules.js';
import { TransactionToken } from '../../transaction-token.js';
import { itemKey } from '../../storage/item-keys.js';
import type { Table } from '../../storage/table-meta.js';
import { itemSize, type AttributeMap } from '../../values/index.js';
import { decideWrite, planWrite, type WritePlan } from '../plan-write.js';
import { planKeyRead, projectSelect, type SelectPlan } from '../select.js';
import { prepareStatement, type PreparedStatement } from '../statement-input.js';

function rejectDuplicates(targets: readonly { table: Table; key: AttributeMap }[]): void {
  const seen = new Set<string>();
  for (const { table, key } of targets) {
    const id = `${table.name}\u0000${itemKey(table, key).toString('latin1')}`;
    if (seen.has(id)) {
      throw validation('Transaction request cannot include multiple operations on one item');
    }
    seen.add(id);
  }
}

function tallyFor(tallies: Map<string, CapacityTally>, name: string): CapacityTally {
  let tally = tallies.get(name);
  if (tally === undefined) {
    tally = new CapacityTally(name);
    tallies.set(name, tally);
  }
  return tally;
}

/** AWS's cancellation messages end with a period; the plain ValidationException texts do not. */
function reasonMessage(message: string): string {
  return message.endsWith('.') ? message : `${message}.`;
}

export async function executeTransaction(
  ctx: DynamoDbContext,
  input: Record<string, unknown>,
): Promise<object> {
  const requests = input['TransactStatements'] as Record<string, unknown>[];
  const prepared: PreparedStatement[] = requests.map((r) =>
    prepareStatement(r['Statement'], r['Parameters']),
  );
  const reads = prepared.filter((p) => p.statement.kind === 'select').length;
  if (reads > 0 && reads < prepared.length) {
    throw validation(
      'ExecuteTransaction API does not support both read and write operations in the same request.',
    );
  }
  const mode = input['ReturnConsumedCapacity'] as CapacityMode | undefined;
  if (reads > 0) return readTransaction(ctx, prepared, mode);
  return writeTransaction(ctx, prepared, requests, input, mode);
}

async function readTransaction(
  ctx: DynamoDbContext,
  prepared: readonly PreparedStatement[],
  mode: CapacityMode | undefined,
): Promise<object> {
  const reads: { plan: SelectPlan; key: AttributeMap }[] = [];
  for (const p of prepared) {
    if (p.statement.kind !== 'select') continue;
    const read = await planKeyRead(ctx, p.statement, p.params);
    checkKey(read.plan.table, read.key);
    reads.push(read);
  }
  rejectDuplicates(reads.map((r) => ({ table: r.plan.table, key: r.key })));
  const items = await ctx.store.transaction(async (tx) => {
    const out: (AttributeMap | undefined)[] = [];
    for (const read of reads) {
      const table = await ctx.items.freshTable(tx, read.plan.table);
      out.push(await ctx.items.getItemForUpdate(tx, table, read.key));
    }
    return out;
  });
  const tallies = new Map<string, CapacityTally>();
  const responses = items.map((item, i) => {
    const { plan } = reads[i]!;
    const tally = tallyFor(tallies, plan.tableName);
    const units = 2 * readUnits(item === undefined ? 0 : itemSize(item), true);
    tally.table += units;
    tally.read += units;
    if (item === undefined) return {};
    if (plan.filter !== undefined && !evaluateCondition(plan.filter, item, plan.values)) return {};
    return { Item: projectSelect(plan, item) };
  });
  const out: Record<string, unknown> = { Responses: responses };
  if (mode !== undefined && mode !== 'NONE') {
    out['ConsumedCapacity'] = [...tallies.values()].map((t) => t.render(mode, true));
  }
  return out;
}

async function writeTransaction(
  ctx: DynamoDbContext,
  prepared: readonly PreparedStatement[],
  requests: readonly Record<string, unknown>[],
  input: Record<string, unknown>,
  mode: CapacityMode | undefined,
): Promise<object> {
  const plans: WritePlan[] = [];
  for (const p of prepared) plans.push(await planWrite(ctx, p.statement, p.params));
  rejectDuplicates(plans);
  const token = input['ClientRequestToken'] as string | undefined;
  // Prefixed so a token reused across TransactWriteItems and ExecuteTransaction never matches.
  const hash =
    token === undefined
      ? ''
      : createHash('sha256')
          .update('partiql\u0000')
          .update(JSON.stringify(input['TransactStatements']))
          .digest('hex');
  const idempotency = new TransactionToken(token, hash);
  const tallies = new Map<string, CapacityTally>();
  const replayed = await ctx.store.transaction(async (tx) => {
    tallies.clear();
    const now = ctx.clock.now();
    if (await idempotency.replayed(tx, ctx, now)) return true;
    const tables: Table[] = [];
    const olds: (AttributeMap | undefined)[] = [];
    const nexts: (AttributeMap | undefined)[] = [];
    const reasons: CancellationReason[] = [];
    for (const [i, plan] of plans.entries()) {
      const table = await ctx.items.freshTable(tx, plan.table);
      tables.push(table);
      const old = await ctx.items.getItemForUpdate(tx, table, plan.key);
      olds.push(old);
      let reason: CancellationReason = { Code: 'None' };
      let next = old;
      try {
        const decision = decideWrite({ ...plan, table }, old);
        next = decision.next;
        if (decision.failure === 'ConditionalCheckFailed') {
          reason = { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' };
          if (
            requests[i]!['ReturnValuesOnConditionCheckFailure'] === 'ALL_OLD' &&
            old !== undefined
          ) {
            reason.Item = old;
          }
        } else if (decision.failure === 'DuplicateItem') {
          reason = { Code: 'ValidationError', Message: 'Duplicate primary key exists in table' };
        }
      } catch (e) {
        if (!(e instanceof AwsError) || e.code !== 'ValidationException') throw e;
        reason = { Code: 'ValidationError', Message: reasonMessage(e.message) };
      }
      reasons.push(reason);
      nexts.push(next);
    }
    if (reasons.some((r) => r.Code !== 'None')) throw transactionCanceled(reasons);
    for (const [i, plan] of plans.entries()) {
      const tally = tallyFor(tallies, plan.tableName);
      const units = 2 * writeUnits(olds[i], plan.kind === 'exists' ? undefined : nexts[i]);
      tally.table += units;
      tally.write += units;
      if (plan.kind === 'exists') continue;
      const writes = await ctx.items.applyInTransaction(tx, tables[i]!, olds[i], nexts[i]);
      tally.addIndexUnits(tables[i]!, writes.units);
    }
    await idempotency.remember(tx, ctx, now);
    return false;
  });
  const out: Record<string, unknown> = {};
  if (mode !== undefined && mode !== 'NONE') {
    if (replayed) {
      // A replay reports read units instead of write units (§6.9).
      const counts = new Map<string, number>();
      for (const plan of plans) counts.set(plan.tableName, (counts.get(plan.tableName) ?? 0) + 1);
      out['ConsumedCapacity'] = [...counts].map(([name, n]) => {
        const tally = new CapacityTally(name);
        tally.table = n;
        tally.read = n;
        return tally.render(mode, true);
      });
    } else {
      out['ConsumedCapacity'] = [...tallies.values()].map((t) => t.render(mode, true));
    }
  }
  return out;
}
