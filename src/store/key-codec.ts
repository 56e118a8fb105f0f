/**
 * The key codec: maps DynamoDB key values onto bytes whose plain byte order (memcmp) is
 * DynamoDB's order, so both engines can range-scan keys with an ordinary index.
 *
 * - Strings compare by their UTF-8 bytes, binary by bytes. Both are written escaped
 *   (0x00 → 0x00 0xFF) and terminated by 0x00 0x00, which keeps every encoded part prefix-free:
 *   a shorter value sorts first, and a composite key's parts never bleed into each other.
 * - Numbers (up to 38 significant digits, magnitude 1e-130 … 9.99e125) compare numerically:
 *   a sign byte (negative < zero < positive), a 2-byte exponent, then the significant digits
 *   and a terminator; for negatives exponent and digits are inverted so larger magnitudes sort
 *   first. `1`, `1.0` and `10e-1` encode identically, as DynamoDB treats them as one key.
 * - A composite key is its parts concatenated (partition key, then sort key), so every item of
 *   a partition shares `encodeKey(hashKey)` as a prefix and sorts by its sort key within it.
 */

import { StratusError } from '../core/errors.js';

/** One key attribute value, in DynamoDB's JSON form. */
export type KeyValue = { S: string } | { N: string } | { B: Uint8Array };

const TAG_BINARY = 0x01;
const TAG_NUMBER = 0x02;
const TAG_STRING = 0x03;

const NUM_NEGATIVE = 0x40;
const NUM_ZERO = 0x80;
const NUM_POSITIVE = 0xc0;
const EXPONENT_BIAS = 0x8000;
/** Digits are written as ASCII '0'..'9'; a terminator below (positive) or above (negative). */
const DIGIT_BASE = 0x30;

/** DynamoDB's Number limits ("Data types" in the DynamoDB developer guide). */
export const MAX_NUMBER_DIGITS = 38;
/** Far beyond DynamoDB's range (exponents -129 … 126), within what two bytes hold. */
const MAX_EXPONENT = 0x7fff;

interface ParsedNumber {
  negative: boolean;
  /** Significant digits without leading or trailing zeros; empty for zero. */
  digits: string;
  /** Value = 0.digits × 10^exponent. */
  exponent: number;
}

const NUMBER_PATTERN = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** Parses a DynamoDB number string into sign, significant digits and exponent. */
function parseNumber(text: string): ParsedNumber {
  const m = NUMBER_PATTERN.exec(text.trim());
  if (m === null || ((m[2] ?? '') === '' && (m[3] ?? '') === '')) {
    throw new StratusError('ERR_INTERNAL', `key codec: "${text}" is not a number`);
  }
  const intPart = m[2] ?? '';
  const fracPart = m[3] ?? '';
  const exp10 = m[4] === undefined ? 0 : Number(m[4]);
  let all = intPart + fracPart;
  // Position of the decimal point within `all`, counted from its start.
  let point = intPart.length + exp10;
  const lead = all.length - all.replace(/^0+/, '').length;
  all = all.slice(lead);
  point -= lead;
  all = all.replace(/0+$/, '');
  if (all === '') return { negative: false, digits: '', exponent: 0 };
  if (all.length > MAX_NUMBER_DIGITS) {
    throw new StratusError(
      'ERR_INTERNAL',
      `key codec: "${text}" has more than ${MAX_NUMBER_DIGITS} significant digits`,
    );
  }
  if (Math.abs(point) > MAX_EXPONENT) {
    throw new StratusError('ERR_INTERNAL', `key codec: "${text}" is out of range`);
  }
  return { negative: m[1] === '-', digits: all, exponent: point };
}

/** Encodes one key part; concatenating parts yields a composite key. */
export function encodeKeyPart(value: KeyValue): Buffer {
  if ('S' in value) return encodeBytes(TAG_STRING, Buffer.from(value.S, 'utf8'), true);
  if ('B' in value) return encodeBytes(TAG_BINARY, value.B, true);
  return encodeNumber(value.N);
}

/** Encodes a key from its parts (partition key first, then the sort key). */
export function encodeKey(...parts: KeyValue[]): Buffer {
  if (parts.length === 1) return encodeKeyPart(parts[0]!);
  return Buffer.concat(parts.map(encodeKeyPart));
}

/**
 * Encodes a prefix for `begins_with` on a string or binary sort key: every key whose last part
 * begins with `last` starts with these bytes, and no other key does.
 */
export function encodeKeyPrefix(
  parts: KeyValue[],
  last: { S: string } | { B: Uint8Array },
): Buffer {
  const head = parts.map(encodeKeyPart);
  const tail =
    'S' in last
      ? encodeBytes(TAG_STRING, Buffer.from(last.S, 'utf8'), false)
      : encodeBytes(TAG_BINARY, last.B, false);
  return Buffer.concat([...head, tail]);
}

/** Decodes a key produced by `encodeKey` back into its parts (numbers in canonical form). */
export function decodeKey(key: Uint8Array): KeyValue[] {
  const parts: KeyValue[] = [];
  let i = 0;
  while (i < key.length) {
    const tag = key[i]!;
    if (tag === TAG_STRING || tag === TAG_BINARY) {
      const out: number[] = [];
      i++;
      for (;;) {
        const b = key[i];
        if (b === undefined) throw corrupt();
        if (b === 0x00) {
          const next = key[i + 1];
          if (next === 0x00) {
            i += 2;
            break;
          }
          if (next !== 0xff) throw corrupt();
          out.push(0x00);
          i += 2;
        } else {
          out.push(b);
          i++;
        }
      }
      const buf = Buffer.from(out);
      parts.push(tag === TAG_STRING ? { S: buf.toString('utf8') } : { B: buf });
    } else if (tag === TAG_NUMBER) {
      const [n, next] = decodeNumber(key, i + 1);
      parts.push({ N: n });
      i = next;
    } else {
      throw corrupt();
    }
  }
  return parts;
}

/** The smallest byte string greater than every string starting with `prefix` (none if all 0xFF). */
export function prefixUpperBound(prefix: Uint8Array): Buffer | undefined {
  const out = Buffer.from(prefix);
  for (let i = out.length - 1; i >= 0; i--) {
    if (out[i]! < 0xff) {
      out[i]!++;
      return out.subarray(0, i + 1);
    }
  }
  return undefined;
}

/** Normalises a DynamoDB number string (`"1.50"` → `"1.5"`), as the codec sees it. */
export function canonicalNumber(text: string): string {
  const p = parseNumber(text);
  return formatNumber(p);
}

function encodeBytes(tag: number, bytes: Uint8Array, terminate: boolean): Buffer {
  let zeros = 0;
  for (const b of bytes) if (b === 0) zeros++;
  const out = Buffer.allocUnsafe(1 + bytes.length + zeros + (terminate ? 2 : 0));
  out[0] = tag;
  let j = 1;
  for (const b of bytes) {
    out[j++] = b;
    if (b === 0) out[j++] = 0xff;
  }
  if (terminate) {
    out[j++] = 0x00;
    out[j++] = 0x00;
  }
  return out;
}

function encodeNumber(text: string): Buffer {
  const p = parseNumber(text);
  if (p.digits === '') return Buffer.from([TAG_NUMBER, NUM_ZERO]);
  const out = Buffer.allocUnsafe(2 + 2 + p.digits.length + 1);
  out[0] = TAG_NUMBER;
  out[1] = p.negative ? NUM_NEGATIVE : NUM_POSITIVE;
  const e = p.negative ? EXPONENT_BIAS - p.exponent : EXPONENT_BIAS + p.exponent;
  out.writeUInt16BE(e, 2);
  for (let k = 0; k < p.digits.length; k++) {
    const d = p.digits.charCodeAt(k) - 0x30;
    out[4 + k] = p.negative ? DIGIT_BASE + 9 - d : DIGIT_BASE + d;
  }
  // A shorter digit string is the smaller magnitude: its terminator must sort below every digit
  // (positive) or, with inverted digits, above every digit (negative).
  out[4 + p.digits.length] = p.negative ? 0xff : 0x00;
  return out;
}

function decodeNumber(key: Uint8Array, start: number): [string, number] {
  const sign = key[start];
  if (sign === NUM_ZERO) return ['0', start + 1];
  if (sign !== NUM_NEGATIVE && sign !== NUM_POSITIVE) throw corrupt();
  const negative = sign === NUM_NEGATIVE;
  if (start + 3 > key.length) throw corrupt();
  const e = ((key[start + 1]! << 8) | key[start + 2]!) >>> 0;
  const exponent = negative ? EXPONENT_BIAS - e : e - EXPONENT_BIAS;
  let i = start + 3;
  let digits = '';
  const end = negative ? 0xff : 0x00;
  for (;;) {
    const b = key[i];
    if (b === undefined) throw corrupt();
    i++;
    if (b === end) break;
    digits += String(negative ? 9 - (b - DIGIT_BASE) : b - DIGIT_BASE);
  }
  return [formatNumber({ negative, digits, exponent }), i];
}

function formatNumber(p: ParsedNumber): string {
  if (p.digits === '') return '0';
  const sign = p.negative ? '-' : '';
  const { digits, exponent } = p;
  if (exponent <= 0) return `${sign}0.${'0'.repeat(-exponent)}${digits}`;
  if (exponent >= digits.length) return `${sign}${digits}${'0'.repeat(exponent - digits.length)}`;
  return `${sign}${digits.slice(0, exponent)}.${digits.slice(exponent)}`;
}

function corrupt(): StratusError {
  return new StratusError('ERR_INTERNAL', 'key codec: malformed encoded key');
}
