import type { AttributeValue } from './attribute-value.js';
import { binaryBytes, typeOf } from './attribute-value.js';
import { compareNumberStrings, formatDecimal, tryParseDecimal } from './number.js';

/**
 * Compares strings by their UTF-8 bytes, which is DynamoDB's order (equal to code-point order).
 * JavaScript's `<` compares UTF-16 code units and puts U+FFFD after emoji; this does not.
 */
export function compareUtf8(a: string, b: string): number {
  if (a === b) return 0;
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca !== cb) return codeUnitRank(ca) - codeUnitRank(cb);
  }
  return a.length - b.length;
}

// Surrogates (U+D800..DFFF) encode code points above U+FFFF, so they must rank above U+E000..FFFF.
function codeUnitRank(unit: number): number {
  if (unit >= 0xe000) return unit - 0x800;
  if (unit >= 0xd800) return unit + 0x2000;
  return unit;
}

/** Compares byte strings as unsigned bytes, shorter prefix first. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  return Buffer.compare(a, b);
}

/** Compares two base64 binary values by their decoded bytes. */
export function compareBinary(a: string, b: string): number {
  if (a === b) return 0;
  return Buffer.compare(binaryBytes(a), binaryBytes(b));
}

/**
 * Orders two scalar key values (`S`, `N` or `B`) of the same type as DynamoDB sorts keys;
 * undefined when the types differ or are not orderable.
 */
export function compareScalars(a: AttributeValue, b: AttributeValue): number | undefined {
  if ('S' in a && 'S' in b) return compareUtf8(a.S, b.S);
  if ('N' in a && 'N' in b) return compareNumberStrings(a.N, b.N);
  if ('B' in a && 'B' in b) return compareBinary(a.B, b.B);
  return undefined;
}

function setKeys(type: 'SS' | 'NS' | 'BS', elements: readonly string[]): Set<string> {
  return new Set(elements.map((e) => setElementKey(type, e)));
}

/** The key under which a set element is unique (bytes for BS, value for NS). */
export function setElementKey(type: 'SS' | 'NS' | 'BS', element: string): string {
  if (type === 'SS') return element;
  if (type === 'BS') return binaryBytes(element).toString('hex');
  const parsed = tryParseDecimal(element);
  return parsed === undefined ? element : formatDecimal(parsed);
}

/**
 * DynamoDB equality (§3.3): same type and value; numbers by value, binary by bytes, sets
 * unordered, lists in order, maps deep with key order irrelevant.
 */
export function valuesEqual(a: AttributeValue, b: AttributeValue): boolean {
  const type = typeOf(a);
  if (type !== typeOf(b)) return false;
  switch (type) {
    case 'S':
      return (a as { S: string }).S === (b as { S: string }).S;
    case 'N':
      return compareNumberStrings((a as { N: string }).N, (b as { N: string }).N) === 0;
    case 'B':
      return compareBinary((a as { B: string }).B, (b as { B: string }).B) === 0;
    case 'BOOL':
      return (a as { BOOL: boolean }).BOOL === (b as { BOOL: boolean }).BOOL;
    case 'NULL':
      return true;
    case 'SS':
    case 'NS':
    case 'BS': {
      const ea = (a as Record<string, string[]>)[type] ?? [];
      const eb = (b as Record<string, string[]>)[type] ?? [];
      if (ea.length !== eb.length) return false;
      const keys = setKeys(type, eb);
      return ea.every((e) => keys.has(setElementKey(type, e)));
    }
    case 'L': {
      const la = (a as { L: AttributeValue[] }).L;
      const lb = (b as { L: AttributeValue[] }).L;
      return la.length === lb.length && la.every((e, i) => valuesEqual(e, lb[i]!));
    }
    case 'M': {
      const ma = (a as { M: Record<string, AttributeValue> }).M;
      const mb = (b as { M: Record<string, AttributeValue> }).M;
      const keys = Object.keys(ma);
      if (keys.length !== Object.keys(mb).length) return false;
      return keys.every((k) => {
        const other = mb[k];
        return other !== undefined && valuesEqual(ma[k]!, other);
      });
    }
  }
}
