/** ExecuteStatement: one PartiQL statement — a paged SELECT or a single-item write (§8.1). */
import { CapacityTally, pageReadUnits, type CapacityMode } from '../../capacity.js';
import type { DynamoDbContext } from '../../dynamodb-context.js';
import { validation } from '../../errors.js';
import { checkStartKey } from '../../read-pipeline.js';
import { planWrite } from '../plan-write.js';
import { planSelect, runSelect } from '../select.js';
import {
  decodeNextToken,
  encodeNextToken,
  prepareStatement,
  returningItems,
  runWrite,
  writeCapacity,
} from '../statement-input.js';

export async function executeStatement(
  ctx: DynamoDbContext,
  input: Record<string, unknown>,
): Promise<object> {
  const text = input['Statement'] as string;
  const prepared = prepareStatement(text, input['Parameters']);
  const mode = input['ReturnConsumedCapacity'] as CapacityMode | undefined;
  const statement = prepared.statement;
  const out: Record<string, unknown> = {};
  if (statement.kind === 'exists') {
    throw validation('Unsupported operation: EXISTS is only supported in ExecuteTransaction');
  }
  if (statement.kind === 'select') {
    const consistent = input['ConsistentRead'] === true;
    const plan = await planSelect(ctx, statement, prepared.params, consistent);
    const cursor =
      typeof input['NextToken'] === 'string'
        ? decodeNextToken(input['NextToken'], text, prepared.params)
        : { partition: 0, lastKey: undefined };
    // A token only resumes where its own statement left off: its key must fit the schema read.
    const partitions = plan.partitions?.length ?? 1;
    if (cursor.partition < 0 || cursor.partition >= partitions) {
      throw validation('Invalid NextToken');
    }
    if (cursor.lastKey !== undefined) checkStartKey(plan.table, plan.index, cursor.lastKey);
    const page = await runSelect(
      ctx,
      plan,
      cursor,
      typeof input['Limit'] === 'number' ? input['Limit'] : undefined,
    );
    out['Items'] = page.items;
    if (page.next !== undefined) {
      out['NextToken'] = encodeNextToken(text, prepared.params, page.next);
    }
    if (page.lastEvaluatedKey !== undefined) out['LastEvaluatedKey'] = page.lastEvaluatedKey;
    if (mode !== undefined && mode !== 'NONE') {
      const tally = new CapacityTally(plan.tableName);
      const units = pageReadUnits(page.bytes, consistent);
      if (plan.index === undefined) tally.table = units;
      else (plan.index.kind === 'global' ? tally.gsi : tally.lsi).set(plan.index.name, units);
      out['ConsumedCapacity'] = tally.render(mode);
    }
    return out;
  }
  const plan = await planWrite(ctx, statement, prepared.params);
  const run = await runWrite(ctx, plan, input['ReturnValuesOnConditionCheckFailure'] === 'ALL_OLD');
  out['Items'] = returningItems(plan, run);
  if (mode !== undefined && mode !== 'NONE') {
    out['ConsumedCapacity'] = writeCapacity(plan, run).render(mode);
  }
  return out;
}
