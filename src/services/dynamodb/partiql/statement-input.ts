/**
 * What every PartiQL operation does with one statement of its request: validate the
 * `Parameters`, parse the text, check that the parameter count matches, and run a write
 * statement as one item write (conditions, RETURNING, capacity).
 */
import { createHash } from 'node:crypto';
import { CapacityTally, writeUnits } from '../capacity.js';
import type { DynamoDbContext } from '../dynamodb-context.js';
import { conditionalCheckFailed, validation } from '../errors.js';
import { returnedAttributes } from '../operations/update-item.js';
import type { IndexWrites } from '../storage/table-store.js';
import {
  validateAttributeMap,
  validateAttributeValue,
  type AttributeMap,
  type AttributeValue,
} from '../values/index.js';
import type { ParsedStatement } from './ast.js';
import { parseStatement } from './parser.js';
import { decideWrite, duplicateItem, type WritePlan } from './plan-write.js';
import type { SelectCursor } from './select.js';

/** A statement of a request, parsed, with its validated parameters. */
export interface PreparedStatement extends ParsedStatement {
  readonly params: AttributeValue[];
}

/** Parses a statement and binds-checks its `Parameters`. */
export function prepareStatement(text: unknown, rawParams: unknown): PreparedStatement {
  const params = Array.isArray(rawParams) ? rawParams.map((p) => validateAttributeValue(p)) : [];
  const parsed = parseStatement(text as string);
  if (parsed.parameterCount !== params.length) {
    throw validation("Number of parameters in request and statement don't match.");
  }
  return { ...parsed, params };
}

/** The table a statement names (for responses that echo it). */
export function statementTable(prepared: ParsedStatement): string {
  const s = prepared.statement;
  switch (s.kind) {
    case 'select':
      return s.from.table;
    case 'exists':
      return s.select.from.table;
    default:
      return s.table;
  }
}

export interface WriteRun {
  readonly old: AttributeMap | undefined;
  readonly next: AttributeMap | undefined;
  readonly indexWrites: IndexWrites;
}

/**
 * Runs a write plan as one item write: the decision, item, index entries and stream record in
 * one store transaction; a failed decision writes nothing and throws the item operation's error.
 */
export async function runWrite(
  ctx: DynamoDbContext,
  plan: WritePlan,
  returnOldOnFailure: boolean,
): Promise<WriteRun> {
  const outcome = await ctx.items.write(plan.table, plan.key, (old) => {
    const decision = decideWrite(plan, old);
    if (decision.failure === 'DuplicateItem') throw duplicateItem();
    if (decision.failure === 'ConditionalCheckFailed') {
      throw conditionalCheckFailed(returnOldOnFailure ? old : undefined);
    }
    if (decision.next !== undefined) {
      return { action: 'put', item: decision.next, result: undefined };
    }
    return old === undefined
      ? { action: 'none', result: undefined }
      : { action: 'delete', result: undefined };
  });
  return { old: outcome.old, next: outcome.next, indexWrites: outcome.indexWrites };
}

const RETURN_VALUES = {
  'ALL OLD': 'ALL_OLD',
  'MODIFIED OLD': 'UPDATED_OLD',
  'ALL NEW': 'ALL_NEW',
  'MODIFIED NEW': 'UPDATED_NEW',
} as const;

/** The `Items` of a write statement: the RETURNING attributes, if any. */
export function returningItems(plan: WritePlan, run: WriteRun): AttributeMap[] {
  if (plan.returning === undefined) return [];
  const attributes = returnedAttributes(
    RETURN_VALUES[plan.returning],
    plan.update?.targets ?? [],
    run.old,
    run.next,
  );
  return attributes === undefined ? [] : [attributes];
}

/** ConsumedCapacity of one write (an object, as single-item operations report it). */
export function writeCapacity(plan: WritePlan, run: WriteRun): CapacityTally {
  const tally = new CapacityTally(plan.tableName);
  tally.table = writeUnits(run.old, run.next);
  tally.addIndexUnits(plan.table, run.indexWrites.units);
  return tally;
}

interface TokenBody {
  readonly h: string;
  readonly p: number;
  readonly k?: AttributeMap;
}

function statementHash(statement: string, params: readonly AttributeValue[]): string {
  return createHash('sha256')
    .update(statement)
    .update('\u0000')
    .update(JSON.stringify(params))
    .digest('base64url')
    .slice(0, 16);
}

/** The opaque NextToken of a SELECT page: the cursor, bound to the statement and parameters. */
export function encodeNextToken(
  statement: string,
  params: readonly AttributeValue[],
  cursor: SelectCursor,
): string {
  const body: TokenBody = {
    h: statementHash(statement, params),
    p: cursor.partition,
    ...(cursor.lastKey === undefined ? {} : { k: cursor.lastKey }),
  };
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64');
}

/** The cursor a NextToken holds; ValidationException when it is not one of ours for this statement. */
export function decodeNextToken(
  token: string,
  statement: string,
  params: readonly AttributeValue[],
): SelectCursor {
  let body: TokenBody;
  try {
    body = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as TokenBody;
  } catch {
    throw validation('Invalid NextToken');
  }
  if (
    typeof body !== 'object' ||
    body === null ||
    typeof body.p !== 'number' ||
    body.h !== statementHash(statement, params)
  ) {
    throw validation('Invalid NextToken');
  }
  if (body.k === undefined) return { partition: body.p, lastKey: undefined };
  try {
    return { partition: body.p, lastKey: validateAttributeMap(body.k) };
  } catch {
    throw validation('Invalid NextToken');
  }
}
