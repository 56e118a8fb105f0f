/**
 * Lambda event source mapping `FilterCriteria`: EventBridge patterns matched against the records
 * a poller reads. A record is kept when any filter matches. The payload field (`body` for SQS,
 * `data` for Kinesis, base64-decoded) is matched as JSON when the pattern describes it with an
 * object and the payload is JSON; a JSON pattern against a non-JSON payload, or a plain pattern
 * against a JSON payload, never matches (Lambda drops the record).
 */
import { AwsError } from '../errors.js';
import { compilePatternTree } from './compile-pattern.js';
import type { PatternNode } from './compile-pattern.js';
import { eventBridgeDialect, readPatternSource } from './event-pattern.js';
import type { FailFn } from './json-source.js';
import { matchesTree } from './match-pattern.js';

/** The event sources whose records filter criteria can describe. */
export type FilterSource = 'sqs' | 'kinesis' | 'dynamodb';

/** How one filter treats the payload field. */
type PayloadMode = 'none' | 'json' | 'plain';

interface CompiledFilter {
  readonly root: PatternNode;
  readonly payload: PayloadMode;
}

/** Validated, compiled filter criteria of one event source mapping. */
export interface CompiledFilterCriteria {
  readonly source: FilterSource;
  readonly filters: readonly CompiledFilter[];
}

/** Lambda's error for a pattern it cannot read (one text for every kind of problem). */
function invalidFilterPattern(): never {
  throw new AwsError('InvalidParameterValueException', 'Invalid filter pattern definition.', {
    status: 400,
    fields: { Type: 'User' },
  });
}

function payloadKey(source: FilterSource): string | undefined {
  if (source === 'sqs') return 'body';
  if (source === 'kinesis') return 'data';
  return undefined;
}

/** Looks for how the pattern uses `key` at its top level (including top-level `$or` branches). */
function payloadMode(root: PatternNode, key: string): PayloadMode {
  let mode: PayloadMode = 'none';
  const visit = (node: PatternNode): void => {
    for (const field of node.fields) {
      if (field.keys[0] !== key && !field.keys[0]?.startsWith(`${key}.`)) continue;
      if (field.node !== undefined || field.keys[0] !== key) mode = 'json';
      else if (mode === 'none') mode = 'plain';
    }
    for (const group of node.orGroups) for (const alternative of group) visit(alternative);
  };
  visit(root);
  return mode;
}

/** Validates and compiles `FilterCriteria.Filters` for records of `source`. */
export function compileFilterCriteria(
  filters: readonly { readonly Pattern?: unknown }[],
  source: FilterSource,
): CompiledFilterCriteria {
  const fail: FailFn = () => invalidFilterPattern();
  const key = payloadKey(source);
  const compiled = filters.map((filter): CompiledFilter => {
    if (typeof filter.Pattern !== 'string') return invalidFilterPattern();
    const root = compilePatternTree(
      readPatternSource(filter.Pattern, fail),
      eventBridgeDialect(fail, () => ''),
    );
    return { root, payload: key === undefined ? 'none' : payloadMode(root, key) };
  });
  return { source, filters: compiled };
}

const NOT_JSON = Symbol('not JSON');

function parseJsonPayload(text: string): unknown {
  const first = text.trimStart()[0];
  if (first !== '{' && first !== '[') return NOT_JSON;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return NOT_JSON;
  }
}

/**
 * True when the record passes the criteria (no filters: every record passes). `record` is the
 * record as Lambda delivers it (`messageId`/`body`…, `kinesis: {data…}`, `dynamodb: {…}`).
 */
export function matchesFilterCriteria(compiled: CompiledFilterCriteria, record: unknown): boolean {
  const filters = compiled.filters;
  if (filters.length === 0) return true;
  if (typeof record !== 'object' || record === null) return false;
  let target = record as Record<string, unknown>;
  if (compiled.source === 'kinesis') {
    const inner = target.kinesis;
    if (typeof inner === 'object' && inner !== null && !Array.isArray(inner)) {
      target = inner as Record<string, unknown>;
    }
  }
  const key = payloadKey(compiled.source);
  let text: string | undefined;
  let json: unknown = NOT_JSON;
  let decoded = false;
  for (const filter of filters) {
    if (filter.payload === 'none' || key === undefined) {
      if (matchesTree(filter.root, target)) return true;
      continue;
    }
    if (!decoded) {
      decoded = true;
      const raw = target[key];
      if (typeof raw === 'string') {
        text = compiled.source === 'kinesis' ? Buffer.from(raw, 'base64').toString('utf8') : raw;
        json = parseJsonPayload(text);
      }
    }
    if (filter.payload === 'json') {
      if (json === NOT_JSON) continue;
      if (matchesTree(filter.root, { ...target, [key]: json })) return true;
    } else {
      if (json !== NOT_JSON) continue;
      const view = text === undefined ? target : { ...target, [key]: text };
      if (matchesTree(filter.root, view)) return true;
    }
  }
  return false;
}
