/**
 * BatchExecuteStatement: 1–25 statements, all single-item reads or all writes; each succeeds or
 * fails on its own, failures reported in `Responses` in statement order (§8.2).
 */
import { AwsError } from '../../../../core/errors.js';
import { CapacityTally, readUnits, type CapacityMode } from '../../capacity.js';
import type { DynamoDbContext } from '../../dynamodb-context.js';
import { validation } from '../../errors.js';
import { evaluateCondition } from '../../expressions/index.js';
import { checkKey } from '../../item-rules.js';
import { itemSize } from '../../values/index.js';
import { planWrite } from '../plan-write.js';
import { planKeyRead, projectSelect } from '../select.js';
import {
  prepareStatement,
  runWrite,
  statementTable,
  writeCapacity,
  type PreparedStatement,
} from '../statement-input.js';

/** BatchStatementError codes, by the exception an item operation throws. */
const ERROR_CODES: Readonly<Record<string, string>> = {
  ConditionalCheckFailedException: 'ConditionalCheckFailed',
  DuplicateItemException: 'DuplicateItem',
  ValidationException: 'ValidationError',
  ResourceNotFoundException: 'ResourceNotFound',
  ItemCollectionSizeLimitExceededException: 'ItemCollectionSizeLimitExceeded',
  RequestLimitExceeded: 'RequestLimitExceeded',
  ProvisionedThroughputExceededException: 'ProvisionedThroughputExceeded',
  TransactionConflictException: 'TransactionConflict',
  ThrottlingException: 'ThrottlingError',
  AccessDeniedException: 'AccessDenied',
};

function errorEntry(error: AwsError, tableName: string | undefined): Record<string, unknown> {
  const entry: Record<string, unknown> = {
    Error: {
      Code: ERROR_CODES[error.code] ?? 'InternalServerError',
      Message: error.message,
      ...(error.fields['Item'] === undefined ? {} : { Item: error.fields['Item'] }),
    },
  };
  if (tableName !== undefined) entry['TableName'] = tableName;
  return entry;
}

type Prepared = { ok: PreparedStatement; error?: undefined } | { ok?: undefined; error: AwsError };

export async function batchExecuteStatement(
  ctx: DynamoDbContext,
  input: Record<string, unknown>,
): Promise<object> {
  const requests = input['Statements'] as Record<string, unknown>[];
  const prepared: Prepared[] = requests.map((request) => {
    try {
      return { ok: prepareStatement(request['Statement'], request['Parameters']) };
    } catch (e) {
      if (e instanceof AwsError) return { error: e };
      throw e;
    }
  });
  const kinds = new Set(
    prepared.flatMap((p) => (p.ok === undefined ? [] : [p.ok.statement.kind === 'select'])),
  );
  if (kinds.size > 1) {
    throw validation('Supports only read or write operations in a single batch, not both');
  }
  const mode = input['ReturnConsumedCapacity'] as CapacityMode | undefined;
  const tallies = new Map<string, CapacityTally>();
  const tallyFor = (name: string): CapacityTally => {
    let tally = tallies.get(name);
    if (tally === undefined) {
      tally = new CapacityTally(name);
      tallies.set(name, tally);
    }
    return tally;
  };
  const responses: Record<string, unknown>[] = [];
  for (const [i, p] of prepared.entries()) {
    if (p.ok === undefined) {
      responses.push(errorEntry(p.error, undefined));
      continue;
    }
    const request = requests[i]!;
    const tableName = statementTable(p.ok);
    const statement = p.ok.statement;
    try {
      if (statement.kind === 'select') {
        const { plan, key } = await planKeyRead(ctx, statement, p.ok.params);
        checkKey(plan.table, key);
        const item = await ctx.items.getItem(plan.table, key);
        const consistent = request['ConsistentRead'] === true;
        const tally = tallyFor(tableName);
        tally.table += readUnits(item === undefined ? 0 : itemSize(item), consistent);
        const entry: Record<string, unknown> = { TableName: tableName };
        if (
          item !== undefined &&
          (plan.filter === undefined || evaluateCondition(plan.filter, item, plan.values))
        ) {
          entry['Item'] = projectSelect(plan, item);
        }
        responses.push(entry);
        continue;
      }
      if (statement.kind === 'exists') {
        throw validation('Unsupported operation: EXISTS is only supported in ExecuteTransaction');
      }
      const plan = await planWrite(ctx, statement, p.ok.params);
      const run = await runWrite(
        ctx,
        plan,
        request['ReturnValuesOnConditionCheckFailure'] === 'ALL_OLD',
      );
      const written = writeCapacity(plan, run);
      const tally = tallyFor(tableName);
      tally.table += written.table;
      for (const [name, units] of written.gsi)
        tally.gsi.set(name, (tally.gsi.get(name) ?? 0) + units);
      for (const [name, units] of written.lsi)
        tally.lsi.set(name, (tally.lsi.get(name) ?? 0) + units);
      responses.push({ TableName: tableName });
    } catch (e) {
      if (!(e instanceof AwsError)) throw e;
      responses.push(errorEntry(e, tableName));
    }
  }
  const out: Record<string, unknown> = { Responses: responses };
  if (mode !== undefined && mode !== 'NONE') {
    out['ConsumedCapacity'] = [...tallies.values()].map((t) => t.render(mode));
  }
  return out;
}
