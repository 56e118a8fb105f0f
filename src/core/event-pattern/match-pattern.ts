/**
 * Evaluates a compiled pattern tree against a parsed JSON value, walking the event in place (no
 * flattening, no allocation). Semantics, as AWS's rule engine has them:
 * - a leaf sees the scalar values at its path; arrays contribute each element (recursively);
 *   objects contribute nothing, so a path that ends on an object counts as absent;
 * - `exists: false` holds when no scalar value is there (missing field, object, empty array);
 * - when a path crosses an array of objects, all fields below it are matched within one element
 *   (fields of different elements are never mixed);
 * - a dotted name is the same as nesting, both in the pattern and in the event.
 */
import type { PatternField, PatternLeaf, PatternNode } from './compile-pattern.js';

const EMPTY: Readonly<Record<string, unknown>> = Object.freeze({});

/** True when `value` (any JSON value) satisfies the compiled tree. */
export function matchesTree(root: PatternNode, value: unknown): boolean {
  if (typeof value === 'object' && value !== null) return matchValue(root, value, 0);
  return matchObject(root, EMPTY, 0);
}

function own(obj: object, key: string): unknown {
  return Object.hasOwn(obj, key) ? (obj as Record<string, unknown>)[key] : undefined;
}

/** An object, or an array holding (at any depth) at least one object. */
function holdsObject(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (!Array.isArray(value)) return true;
  for (let i = 0; i < value.length; i++) if (holdsObject(value[i])) return true;
  return false;
}

function matchValue(node: PatternNode, value: object, depth: number): boolean {
  if (!Array.isArray(value)) return matchObject(node, value, depth);
  for (let i = 0; i < value.length; i++) {
    const item: unknown = value[i];
    if (typeof item === 'object' && item !== null && matchValue(node, item, depth)) return true;
  }
  return false;
}

function matchObject(node: PatternNode, obj: object, start: number): boolean {
  const fields = node.fields;
  for (let i = 0; i < fields.length; i++) {
    if (!matchField(fields[i]!, obj, start)) return false;
  }
  const groups = node.orGroups;
  for (let g = 0; g < groups.length; g++) {
    const alternatives = groups[g]!;
    let any = false;
    for (let a = 0; a < alternatives.length && !any; a++) {
      any = matchObject(alternatives[a]!, obj, start);
    }
    if (!any) return false;
  }
  return true;
}

function matchField(field: PatternField, obj: object, start: number): boolean {
  const value = own(obj, field.keys[start]!);
  if (field.leaf !== undefined && !matchLeaf(field.leaf, value)) return false;
  const node = field.node;
  if (node === undefined) return true;
  // Nested fields: inside the value when it holds objects; otherwise they may still be spelled
  // as dotted keys of this same object (or be absent, which `exists: false` accepts).
  if (holdsObject(value)) return matchValue(node, value as object, field.depth);
  return matchObject(node, obj, start);
}

function hasScalar(value: unknown): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'object' || value === null) return true;
  if (!Array.isArray(value)) return false;
  for (let i = 0; i < value.length; i++) if (hasScalar(value[i])) return true;
  return false;
}

function anyScalar(value: unknown, test: (v: unknown) => boolean): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'object' || value === null) return test(value);
  if (!Array.isArray(value)) return false;
  for (let i = 0; i < value.length; i++) if (anyScalar(value[i], test)) return true;
  return false;
}

function everyScalar(value: unknown, test: (v: unknown) => boolean): boolean {
  if (value === undefined) return true;
  if (typeof value !== 'object' || value === null) return test(value);
  if (!Array.isArray(value)) return true;
  for (let i = 0; i < value.length; i++) if (!everyScalar(value[i], test)) return false;
  return true;
}

function matchLeaf(leaf: PatternLeaf, value: unknown): boolean {
  if (leaf.existsTrue || leaf.existsFalse) {
    const present = hasScalar(value);
    if (present ? leaf.existsTrue : leaf.existsFalse) return true;
  }
  if (leaf.test !== undefined && anyScalar(value, leaf.test)) return true;
  const every = leaf.everyTests;
  for (let i = 0; i < every.length; i++) {
    if (hasScalar(value) && everyScalar(value, every[i]!)) return true;
  }
  return false;
}
