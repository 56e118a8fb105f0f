/**
 * EventBridge event patterns: rules, `TestEventPattern`, and the grammar Lambda filter criteria
 * reuse. Validation follows AWS's order and texts (`InvalidEventPatternException`).
 */
import { AwsError } from '../errors.js';
import { compilePatternTree } from './compile-pattern.js';
import type { PatternDialect, PatternNode } from './compile-pattern.js';
import { describeLocation, jsonNodeFromValue, parseJsonSource } from './json-source.js';
import type { FailFn, JsonNode } from './json-source.js';
import { matchesTree } from './match-pattern.js';

/** A validated, compiled event pattern; build once, match many events. */
export interface CompiledPattern {
  /** The compiled tree (internal to this module; other layers only pass it back). */
  readonly root: PatternNode;
}

const EVENTBRIDGE_ANYTHING_BUT = new Set(['prefix', 'suffix', 'equals-ignore-case', 'wildcard']);

/** The EventBridge pattern dialect with a given way of failing (and of locating, for text). */
export function eventBridgeDialect(
  fail: FailFn,
  locate: (offset: number) => string,
): PatternDialect {
  return {
    fail,
    locate,
    failNested: undefined,
    wildcard: true,
    affixIgnoreCase: true,
    anythingButOperators: EVENTBRIDGE_ANYTHING_BUT,
    singlePrefixInAnythingBut: false,
    numericLimit: undefined,
    numericLimitMessage: '',
    emptyTopLevel: false,
    anythingButArrays: 'any',
  };
}

/**
 * Parses pattern text (or takes an already-parsed value) into the positioned tree, reporting
 * problems through `fail(reason, offset)`.
 */
export function readPatternSource(pattern: unknown, fail: FailFn): JsonNode {
  if (typeof pattern === 'string') {
    const node = parseJsonSource(pattern, fail);
    return node ?? fail('Filter is not an object', pattern.length);
  }
  return jsonNodeFromValue(pattern, fail);
}

/** Validates and compiles an EventBridge event pattern (JSON text or a parsed object). */
export function compileEventPattern(pattern: unknown): CompiledPattern {
  const text = typeof pattern === 'string' ? pattern : undefined;
  const locate = (offset: number): string =>
    text !== undefined && offset >= 0 ? describeLocation(text, offset) : '';
  const fail: FailFn = (reason, offset) => {
    const where = locate(offset);
    throw new AwsError(
      'InvalidEventPatternException',
      `Event pattern is not valid. Reason: ${reason}${where}`,
      { status: 400 },
    );
  };
  const source = readPatternSource(pattern, fail);
  return { root: compilePatternTree(source, eventBridgeDialect(fail, locate)) };
}

/** True when `event` (a parsed JSON value) matches the compiled pattern. */
export function matchesEventPattern(compiled: CompiledPattern, event: unknown): boolean {
  return matchesTree(compiled.root, event);
}
