/**
 * Event patterns and filter policies: one matcher for the three features of Stratus that match
 * JSON against AWS's pattern language (decision 0002).
 *
 * - EventBridge event patterns (rules, `TestEventPattern`): `compileEventPattern`,
 *   `matchesEventPattern` — errors are `InvalidEventPatternException` with EventBridge's reasons.
 * - Lambda event source mapping `FilterCriteria` (SQS, Kinesis, DynamoDB Streams):
 *   `compileFilterCriteria`, `matchesFilterCriteria` — errors are `InvalidParameterValueException`.
 * - SNS subscription filter policies (`MessageAttributes` and `MessageBody` scopes):
 *   `compileFilterPolicy`, `matchesFilterPolicy` — errors are `InvalidParameter`.
 *
 * A pattern is validated and compiled once into a tree of closures; matching walks the event in
 * place and allocates nothing (SNS attribute scope builds one small view object per message,
 * filter criteria one per record whose payload is decoded).
 *
 * Supported: exact strings, numbers (compared numerically: 300 equals 300.0), booleans and null;
 * lists as OR; `prefix` and `suffix` (with `equals-ignore-case` inside); `equals-ignore-case`;
 * `wildcard`; `anything-but` with values, lists, `prefix`, `suffix`, `wildcard` and
 * `equals-ignore-case`; `numeric` ranges; `exists`; `cidr` (IPv4 and IPv6); `$or` at any level;
 * dotted names equal to nesting on both sides; arrays in the event (any element); fields under
 * an array of objects matched within one element.
 *
 * Parity — what AWS does that we don't yet:
 * - EventBridge rejects wildcard patterns it deems too complex ("Rule is too complex …"); we
 *   accept them (our wildcard matching is linear, so they cost us nothing).
 * - Pattern size limits (EventBridge 2048/4096 characters, Lambda 4096) and the number of
 *   filters per mapping are left to the calling service, which knows its API's constraints.
 * - Lambda's documentation says plain number equality compares the number's text (300 ≠ 300.0);
 *   we compare numerically, as EventBridge does since its rule engine learnt to.
 * - A path given both outside and inside an `$or` branch is ANDed here; AWS lets the branch's
 *   matchers replace the outer ones.
 * - A field reached both as a nested object and as a dotted key of the same event object is
 *   looked up through the nested object only.
 *
 * - Lambda filter criteria: a plain (non-object) `body`/`data` pattern against a JSON payload
 *   drops the record, as the reference says `(verify)`; metadata fields may be filtered for SQS
 *   too (Lambda documents `body` only).
 * - SNS: a `Binary` attribute satisfies `exists: true` and nothing else `(verify)`; the text for a
 *   policy over 256 KB ("Filter policy is too long") is not from a recording `(verify)`.
 * - `exists: false` under an array of objects holds when any one element lacks the field.
 *
 * Where we differ on purpose: nothing known.
 *
 * Client quirks handled: patterns may arrive as JSON text or as parsed objects (SDK callers and
 * templates); error messages for text carry the parser location AWS appends (`\n at [Source: …;
 * line: L, column: C]`), best effort on the column.
 */
export { compileEventPattern, matchesEventPattern } from './event-pattern.js';
export type { CompiledPattern } from './event-pattern.js';
export { compileFilterCriteria, matchesFilterCriteria } from './filter-criteria.js';
export type { CompiledFilterCriteria, FilterSource } from './filter-criteria.js';
export {
  compileFilterPolicy,
  matchesFilterPolicy,
  MAX_FILTER_POLICY_COMBINATIONS,
  MAX_FILTER_POLICY_KEYS,
  MAX_FILTER_POLICY_SIZE_BYTES,
} from './filter-policy.js';
export type {
  CompiledFilterPolicy,
  CompileFilterPolicyOptions,
  FilterPolicyAttribute,
  FilterPolicyMessage,
  FilterPolicyScope,
} from './filter-policy.js';
