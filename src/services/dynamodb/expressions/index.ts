/**
 * DynamoDB expressions: one lexer and recursive-descent parsers for ConditionExpression,
 * FilterExpression, KeyConditionExpression, UpdateExpression and ProjectionExpression; a semantic
 * pass that resolves ExpressionAttributeNames/Values and reports AWS's errors in AWS's precedence;
 * evaluators for conditions, updates and projections; key-condition analysis for Query; and the
 * legacy parameters converted to the same ASTs. Pure code: no I/O, no store.
 *
 * Typical use by an operation:
 *   checkLegacyAndExpressionMix(request);
 *   checkExpressionAttributesAllowed({ names, values, present, valueParams });
 *   const attrs = createExpressionAttributes(request.ExpressionAttributeNames, request.ExpressionAttributeValues);
 *   const update = parseUpdateExpression(request.UpdateExpression, attrs);   // then Condition…
 *   const keys = parseKeyConditionExpression(request.KeyConditionExpression, attrs); // Query
 *   attrs.checkAllUsed();                                                     // after all of them
 *   // …table lookup (ResourceNotFound) comes here, then the schema-dependent checks:
 *   const { hash, range } = resolveKeyCondition(keys, indexOrTableKeySchema);
 *   evaluateCondition(condition, oldItem ?? {}, attrs.values);
 *   const newItem = applyUpdate(update, oldItem ?? key, attrs.values);
 *
 * Supported: the full grammar of §4 (paths through maps and lists, every comparator, BETWEEN, IN,
 * AND/OR/NOT with precedence, parentheses, all condition functions, SET with `+`/`-`,
 * if_not_exists and list_append, REMOVE, ADD, DELETE); syntax errors with AWS's
 * `token`/`near` text; reserved words; undefined and unused names/values; redundant parentheses;
 * operand count, type and distinctness errors; BETWEEN bound errors; IN limit; path depth; path
 * overlap/conflict; run-time update errors; legacy Expected / AttributeUpdates / AttributesToGet /
 * KeyConditions / QueryFilter / ScanFilter / ConditionalOperator.
 *
 * Parity notes:
 * - Gaps: the 300-operator limit of an UpdateExpression and the 2 MB limit on all EAN/EAV content
 *   are not enforced (AWS's message is unverified); multi-attribute GSI keys are not analysed.
 * - `size()` of a string counts UTF-16 code units (DynamoDB Local's behaviour; service unverified).
 * - ADD/DELETE operand-type errors use the current service text ending in
 *   `typeSet: ALLOWED_FOR_ADD_OPERAND` (older services ended after the type name).
 * - Every update target (SET, REMOVE, ADD, DELETE) needs its parent to exist with the right kind,
 *   else "invalid for update"; a missing leaf is a no-op for REMOVE and DELETE (as AWS does).
 * - Where AWS text is unverified we chose messages in AWS's style: legacy `Expected` with both
 *   Value/Exists and ComparisonOperator; AttributeUpdates DELETE with a non-set value.
 * - Errors inside one expression follow the precedence recorded in the spec (syntax first, then
 *   redundant parentheses, function names, misuse, reserved words, placeholders, operands).
 */
export type {
  AddDeleteAction,
  Comparator,
  Condition,
  ConditionFunctionName,
  ConditionOperand,
  DocumentPath,
  PathElement,
  SetAction,
  UpdateExpression,
  UpdateOperand,
  UpdateValue,
} from './ast.js';
export { formatPath, samePath } from './ast.js';
export type { ExpressionParam } from './attribute-names-values.js';
export {
  ExpressionAttributes,
  MAX_EXPRESSION_BYTES,
  checkExpressionAttributesAllowed,
  checkExpressionText,
  createExpressionAttributes,
} from './attribute-names-values.js';
export type { ConditionParseOptions } from './condition-expression.js';
export {
  MAX_IN_OPERANDS,
  conditionPaths,
  parseConditionExpression,
} from './condition-expression.js';
export { resolvePath } from './document-path.js';
export { evaluateCondition, sizeOf } from './evaluate-condition.js';
export { parseUpdateExpression, updateTargetPaths } from './update-expression.js';
export { applyUpdate } from './apply-update.js';
export { parseProjectionExpression, project } from './projection.js';
export type {
  KeyAttributeType,
  KeyCondition,
  KeyConditionTerm,
  KeySchema,
  ParsedKeyCondition,
  RangeKeyCondition,
  RangeOperator,
} from './key-condition.js';
export {
  analyzeKeyCondition,
  resolveKeyCondition,
  checkFilterHasNoKeyAttributes,
  checkNoNestedKeyPaths,
  checkUpdateDoesNotTouchKey,
  parseKeyConditionExpression,
  rangeConditionMatches,
} from './key-condition.js';
export type {
  AttributeValueUpdate,
  ComparisonOperator,
  ConditionalOperator,
  ExpectedAttributeValue,
  LegacyCondition,
  LegacyConditionResult,
  LegacyUpdateResult,
} from './legacy.js';
export {
  checkLegacyAndExpressionMix,
  convertAttributeUpdates,
  convertAttributesToGet,
  convertExpected,
  convertFilter,
  convertKeyConditions,
} from './legacy.js';
export { RESERVED_WORDS, isReservedWord } from './reserved-words.js';
export { MAX_PATH_DEPTH } from './semantic-checker.js';
