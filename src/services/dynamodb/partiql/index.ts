/**
 * PartiQL for DynamoDB: ExecuteStatement, BatchExecuteStatement and ExecuteTransaction. A
 * hand-written lexer and recursive-descent parser (`lexer.ts`, `parser.ts`) produce statement
 * ASTs; `compile.ts` turns their WHERE and SET / REMOVE clauses into the expression engine's
 * condition and update ASTs (literals and `?` parameters bound as values), so PartiQL runs on the
 * same evaluators, key bounds, table store reads and writes, stream records and transaction path
 * as the item operations — not a second engine.
 *
 * Parity:
 * - Supported: SELECT `*` or paths (a nested path is named after its last step) FROM a table or
 *   `"T"."Index"`, WHERE with comparisons, AND / OR / NOT, BETWEEN, IN, begins_with, contains,
 *   attribute_type, size, IS [NOT] MISSING, IS [NOT] NULL (true when the attribute holds NULL; a
 *   missing attribute is not NULL — service unverified); ORDER BY the partition / sort key;
 *   Query planning when the partition key is fixed by `=`, `IN` or an OR of equalities (≤ 50
 *   keys; the sort-key condition narrows each read), else a Scan; Limit (counted before the
 *   filter), 1 MB pages, NextToken, LastEvaluatedKey, ConsistentRead. INSERT (never an upsert:
 *   DuplicateItemException), UPDATE (SET with `+` / `-`, list_append, set_add, set_delete,
 *   if_not_exists; REMOVE; the item must exist; RETURNING ALL|MODIFIED OLD|NEW *), DELETE (a
 *   missing item is a no-op; RETURNING ALL OLD *), extra WHERE terms as conditions,
 *   ReturnValuesOnConditionCheckFailure, ReturnConsumedCapacity; literals (strings, numbers,
 *   TRUE / FALSE / NULL, lists, tuples, `<<sets>>`) and `?` parameters (count checked).
 *   BatchExecuteStatement with per-statement errors; ExecuteTransaction with EXISTS checks,
 *   positional cancellation reasons and ClientRequestToken idempotency.
 * - Gaps: SELECT of expressions other than paths (arithmetic, function calls in the projection);
 *   ORDER BY the sort key over several partitions of an IN orders within each partition (the
 *   partitions are read one after another, in key order when ORDER BY names the partition key);
 *   the PartiQL standard's other clauses (GROUP BY, LIMIT, joins) and functions; duplicate items
 *   across the statements of a BatchExecuteStatement are not rejected; TransactionConflict never
 *   happens (store transactions serialise writers). Where the service's text is unverified we use
 *   our best wording: syntax-error details after DynamoDB's
 *   `Statement wasn't well formed, can't be processed:` prefix, "Unsupported operation: …",
 *   batches mixing reads and writes, ORDER BY on a non-key, an invalid NextToken.
 * - By design: a SELECT whose partition key has the wrong type returns nothing (it could match
 *   nothing); more than 50 partition keys fall back to a Scan; a duplicate INSERT in a
 *   transaction is the reason `ValidationError` / `Duplicate primary key exists in table` (as
 *   DynamoDB Local reports it; service unverified).
 * - Client quirks handled: lib-dynamodb's ExecuteStatementCommand marshals `Parameters` into
 *   AttributeValues, which bind like typed literals; SDKs auto-fill ClientRequestToken.
 */
import type { Operation } from '../dynamodb-context.js';
import { batchExecuteStatement } from './operations/batch-execute-statement.js';
import { executeStatement } from './operations/execute-statement.js';
import { executeTransaction } from './operations/execute-transaction.js';

export { PARTIQL_INPUT_SCHEMAS } from './input-schema.js';
export { parseStatement } from './parser.js';
export type { ParsedStatement, Statement } from './ast.js';

/** The PartiQL operations, by AWS's exact operation names. */
export const PARTIQL_OPERATIONS: Readonly<Record<string, Operation>> = {
  BatchExecuteStatement: batchExecuteStatement,
  ExecuteStatement: executeStatement,
  ExecuteTransaction: executeTransaction,
};
