/**
 * SNS subscription filter policies, for both scopes: message attributes (`{Type, Value}` pairs,
 * with `String.Array` elements matched one by one and `Number` values compared as numbers) and
 * the JSON message body. Validation gives SNS's `InvalidParameter` texts and enforces its limits
 * (5 keys, 150 combinations, 256 KB).
 */
import { AwsError } from '../errors.js';
import { compilePatternTree } from './compile-pattern.js';
import type { PatternDialect, PatternNode } from './compile-pattern.js';
import { describeLocation, jsonNodeFromValue, parseJsonSource } from './json-source.js';
import type { FailFn, JsonNode } from './json-source.js';
import { matchesTree } from './match-pattern.js';

/** Where a policy looks: the message attributes (SNS's default) or the JSON body. */
export type FilterPolicyScope = 'MessageAttributes' | 'MessageBody';

/** A validated, compiled filter policy. */
export interface CompiledFilterPolicy {
  readonly scope: FilterPolicyScope;
  /** `undefined` for an empty policy, which lets every message through. */
  readonly root: PatternNode | undefined;
}

/** One message attribute, as SNS carries it (`Type`/`Value`) or as the API takes it. */
export interface FilterPolicyAttribute {
  readonly Type?: string;
  readonly Value?: string;
  readonly DataType?: string;
  readonly StringValue?: string;
  readonly BinaryValue?: unknown;
}

/** What a policy is matched against. */
export interface FilterPolicyMessage {
  readonly attributes?: Readonly<Record<string, FilterPolicyAttribute>> | undefined;
  readonly body?: string | undefined;
}

/** Which operation is validating: SNS words its error prefix differently for each. */
export interface CompileFilterPolicyOptions {
  readonly operation?: 'Subscribe' | 'SetSubscriptionAttributes';
  /**
   * How `anything-but` treats a `String.Array` attribute: `every` (SNS's current documentation: no
   * element may be listed; the default) or `any` (its older text: one unlisted element suffices).
   */
  readonly stringArrayAnythingBut?: 'every' | 'any';
}

/** SNS-DG "Filter policy constraints": keys, combinations and size. */
export const MAX_FILTER_POLICY_KEYS = 5;
export const MAX_FILTER_POLICY_COMBINATIONS = 150;
export const MAX_FILTER_POLICY_SIZE_BYTES = 256 * 1024;

const NUMERIC_LIMIT = 1e9;

function invalidParameter(message: string): never {
  throw new AwsError('InvalidParameter', message, { status: 400 });
}

/** Validates and compiles a filter policy (JSON text or a parsed object) for `scope`. */
export function compileFilterPolicy(
  policy: unknown,
  scope: FilterPolicyScope = 'MessageAttributes',
  options: CompileFilterPolicyOptions = {},
): CompiledFilterPolicy {
  const prefix =
    options.operation === 'Subscribe'
      ? 'Invalid parameter: Attributes Reason: FilterPolicy: '
      : 'Invalid parameter: FilterPolicy: ';
  const text = typeof policy === 'string' ? policy : undefined;
  const locate = (offset: number): string =>
    text !== undefined && offset >= 0 ? describeLocation(text, offset) : '';
  const located =
    (lead: string): FailFn =>
    (reason, offset) => {
      const where = locate(offset);
      return invalidParameter(`${prefix}${lead}${reason}${where}`);
    };
  const fail = located('');
  let source: JsonNode;
  if (text !== undefined) {
    // TODO(verify): the exact text AWS gives for a policy over 256 KB.
    if (Buffer.byteLength(text, 'utf8') > MAX_FILTER_POLICY_SIZE_BYTES) {
      invalidParameter(`${prefix}Filter policy is too long`);
    }
    source =
      parseJsonSource(text, located('failed to parse JSON. ')) ??
      fail('Filter is not an object', 0);
  } else {
    source = jsonNodeFromValue(policy, fail);
  }
  const dialect: PatternDialect = {
    fail,
    locate,
    failNested:
      scope === 'MessageAttributes'
        ? () =>
            invalidParameter(
              'Invalid parameter: Filter policy scope MessageAttributes does not support nested filter policy',
            )
        : undefined,
    wildcard: false,
    affixIgnoreCase: false,
    anythingButOperators: new Set(['prefix']),
    singlePrefixInAnythingBut: true,
    numericLimit: NUMERIC_LIMIT,
    numericLimitMessage: 'Value must be between -1.0E9 and 1.0E9, inclusive',
    emptyTopLevel: true,
    anythingButArrays:
      scope === 'MessageAttributes' ? (options.stringArrayAnythingBut ?? 'every') : 'any',
  };
  const root = compilePatternTree(source, dialect);
  if (root.fields.length === 0 && root.orGroups.length === 0) return { scope, root: undefined };
  if (maxKeys(root) > MAX_FILTER_POLICY_KEYS) {
    invalidParameter(
      `${prefix}Filter policy can not have more than ${MAX_FILTER_POLICY_KEYS} keys`,
    );
  }
  if (combinations(root) > MAX_FILTER_POLICY_COMBINATIONS) {
    invalidParameter(`${prefix}Filter policy is too complex`);
  }
  return { scope, root };
}

/** The most top-level keys any one `$or` branch of the policy names. */
function maxKeys(node: PatternNode): number {
  let keys = node.fields.length;
  for (const group of node.orGroups) keys += Math.max(...group.map(maxKeys));
  return keys;
}

/**
 * SNS's complexity measure: every leaf counts its matchers times its nesting depth; conjunctions
 * multiply and `$or` alternatives add (the sum over the expanded branches).
 */
function combinations(node: PatternNode): number {
  let total = 1;
  for (const field of node.fields) {
    if (field.leaf !== undefined) total *= field.leaf.size * field.depth;
    if (field.node !== undefined) total *= combinations(field.node);
  }
  for (const group of node.orGroups) {
    let sum = 0;
    for (const alternative of group) sum += combinations(alternative);
    total *= sum;
  }
  return total;
}

/** Stands for a Binary attribute: present for `exists`, equal to nothing. */
const BINARY = Symbol('binary attribute');

function attributeValue(attribute: FilterPolicyAttribute): unknown {
  const type = attribute.Type ?? attribute.DataType ?? 'String';
  const raw = attribute.Value ?? attribute.StringValue;
  if (type.startsWith('Binary')) return BINARY;
  if (raw === undefined) return undefined;
  if (type.startsWith('Number')) {
    const n = Number(raw);
    return Number.isFinite(n) && raw.trim() !== '' ? n : raw;
  }
  if (type === 'String.Array') {
    try {
      const parsed: unknown = JSON.parse(raw);
      if (Array.isArray(parsed))
        return parsed.filter((item) => typeof item !== 'object' || item === null);
    } catch {
      // Not a JSON array: SNS rejects this at publish; match it as the plain string it is.
    }
  }
  return raw;
}

/** True when the message passes the policy. */
export function matchesFilterPolicy(
  compiled: CompiledFilterPolicy,
  message: FilterPolicyMessage,
): boolean {
  const root = compiled.root;
  if (root === undefined) return true;
  if (compiled.scope === 'MessageBody') {
    const body = message.body;
    if (body === undefined) return false;
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return false;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return false;
    return matchesTree(root, parsed);
  }
  const view = Object.create(null) as Record<string, unknown>;
  const attributes = message.attributes;
  if (attributes !== undefined) {
    for (const name of Object.keys(attributes)) {
      const attribute = attributes[name];
      if (attribute !== undefined) view[name] = attributeValue(attribute);
    }
  }
  return matchesTree(root, view);
}
