import { validationError } from './validation-error.js';

/**
 * DynamoDB numbers: exact decimals of up to 38 significant digits with magnitude in
 * 1E-130 .. 9.9999999999999999999999999999999999999E+125 (or zero). A number is held as
 * `coefficient × 10^exponent` with a BigInt coefficient whose trailing zeros are stripped, so
 * parsing, comparison, arithmetic and printing never go through IEEE doubles.
 */
export interface DecimalNumber {
  /** Signed coefficient without trailing zeros (0n for zero). */
  readonly coefficient: bigint;
  /** Power of ten the coefficient is scaled by (0 for zero). */
  readonly exponent: number;
}

export const MAX_NUMBER_SIGNIFICANT_DIGITS = 38;
/** Largest allowed scientific exponent (9.99…E+125). */
const MAX_SCIENTIFIC_EXPONENT = 125;
/** Smallest allowed scientific exponent (1E-130). */
const MIN_SCIENTIFIC_EXPONENT = -130;

export const NUMBER_NOT_NUMERIC_MESSAGE = 'The parameter cannot be converted to a numeric value';
export const NUMBER_PRECISION_MESSAGE =
  'Attempting to store more than 38 significant digits in a Number';
export const NUMBER_OVERFLOW_MESSAGE =
  'Number overflow. Attempting to store a number with magnitude larger than supported range';
export const NUMBER_UNDERFLOW_MESSAGE =
  'Number underflow. Attempting to store a number with magnitude smaller than supported range';

// Java BigDecimal syntax, which is what DynamoDB accepts: `.5`, `5.`, `+1e-3`; no spaces.
const NUMBER_PATTERN = /^([+-]?)(?:(\d+)(?:\.(\d*))?|\.(\d+))(?:[eE]([+-]?\d+))?$/;

const ZERO: DecimalNumber = { coefficient: 0n, exponent: 0 };

function normalize(coefficient: bigint, exponent: number): DecimalNumber {
  if (coefficient === 0n) return ZERO;
  let c = coefficient;
  let e = exponent;
  while (c % 10n === 0n) {
    c /= 10n;
    e += 1;
  }
  return { coefficient: c, exponent: e };
}

function digitCount(coefficient: bigint): number {
  return (coefficient < 0n ? -coefficient : coefficient).toString().length;
}

/** Number of significant digits (1 for zero). */
export function significantDigits(n: DecimalNumber): number {
  return n.coefficient === 0n ? 1 : digitCount(n.coefficient);
}

/** Exponent in scientific notation: value = d₁.d₂d₃… × 10^e. */
export function scientificExponent(n: DecimalNumber): number {
  return n.exponent + significantDigits(n) - 1;
}

/** Throws AWS's error when `n` has too many digits or leaves DynamoDB's range. */
export function checkNumberLimits(n: DecimalNumber): DecimalNumber {
  if (n.coefficient === 0n) return n;
  // Range before precision: a sum past 9.99…E+125 is reported as overflow even when it also
  // needs 39 digits (observed on the service).
  const e = scientificExponent(n);
  if (e > MAX_SCIENTIFIC_EXPONENT) throw validationError(NUMBER_OVERFLOW_MESSAGE);
  if (e < MIN_SCIENTIFIC_EXPONENT) throw validationError(NUMBER_UNDERFLOW_MESSAGE);
  if (significantDigits(n) > MAX_NUMBER_SIGNIFICANT_DIGITS) {
    throw validationError(NUMBER_PRECISION_MESSAGE);
  }
  return n;
}

/** Parses DynamoDB number text without checking limits; undefined when it is not a number. */
export function tryParseDecimal(text: string): DecimalNumber | undefined {
  const match = NUMBER_PATTERN.exec(text);
  if (match === null) return undefined;
  const [, sign, intPart, fracPart, onlyFrac, expPart] = match;
  const fraction = fracPart ?? onlyFrac ?? '';
  const digits = (intPart ?? '') + fraction;
  // An exponent too large for a JS number is certainly out of DynamoDB's range.
  const exp = expPart === undefined ? 0 : Number(expPart);
  if (!Number.isSafeInteger(exp)) {
    if (/^0*$/.test(digits)) return ZERO;
    return exp > 0
      ? { coefficient: 1n, exponent: Number.MAX_SAFE_INTEGER }
      : { coefficient: 1n, exponent: Number.MIN_SAFE_INTEGER };
  }
  const magnitude = BigInt(digits === '' ? '0' : digits);
  return normalize(sign === '-' ? -magnitude : magnitude, exp - fraction.length);
}

/** Parses and range-checks a DynamoDB number, throwing AWS's ValidationException messages. */
export function parseDecimal(text: string): DecimalNumber {
  const n = tryParseDecimal(text);
  if (n === undefined) {
    throw validationError(
      text === '' ? NUMBER_NOT_NUMERIC_MESSAGE : `${NUMBER_NOT_NUMERIC_MESSAGE}: ${text}`,
    );
  }
  return checkNumberLimits(n);
}

/** Prints a number as DynamoDB returns it: plain notation, no trailing zeros, `0` for zero. */
export function formatDecimal(n: DecimalNumber): string {
  if (n.coefficient === 0n) return '0';
  const negative = n.coefficient < 0n;
  const digits = (negative ? -n.coefficient : n.coefficient).toString();
  let text: string;
  if (n.exponent >= 0) {
    text = digits + '0'.repeat(n.exponent);
  } else {
    const point = digits.length + n.exponent;
    text =
      point > 0
        ? `${digits.slice(0, point)}.${digits.slice(point)}`
        : `0.${'0'.repeat(-point)}${digits}`;
  }
  return negative ? `-${text}` : text;
}

/** Validates a DynamoDB number string and returns its canonical text (`"1.50"` → `"1.5"`). */
export function canonicalizeNumber(text: string): string {
  return formatDecimal(parseDecimal(text));
}

function align(a: DecimalNumber, b: DecimalNumber): [bigint, bigint, number] {
  const exponent = Math.min(a.exponent, b.exponent);
  return [
    a.coefficient * 10n ** BigInt(a.exponent - exponent),
    b.coefficient * 10n ** BigInt(b.exponent - exponent),
    exponent,
  ];
}

/** Compares two numbers by value: negative, zero or positive like a sort comparator. */
export function compareDecimals(a: DecimalNumber, b: DecimalNumber): number {
  const sa = a.coefficient === 0n ? 0 : a.coefficient < 0n ? -1 : 1;
  const sb = b.coefficient === 0n ? 0 : b.coefficient < 0n ? -1 : 1;
  if (sa !== sb || sa === 0) return sa - sb;
  // Same sign: the scientific exponent decides unless equal, which keeps the BigInt work small.
  const ea = scientificExponent(a);
  const eb = scientificExponent(b);
  if (ea !== eb) return ea > eb ? sa : -sa;
  const [ca, cb] = align(a, b);
  return ca === cb ? 0 : ca > cb ? 1 : -1;
}

/** Compares two DynamoDB number strings by value. */
export function compareNumberStrings(a: string, b: string): number {
  if (a === b) return 0;
  return compareDecimals(parseDecimalLoose(a), parseDecimalLoose(b));
}

/** Exact sum, rejected (never rounded) when it needs more than 38 digits or leaves the range. */
export function addDecimals(a: DecimalNumber, b: DecimalNumber): DecimalNumber {
  const [ca, cb, exponent] = align(a, b);
  return checkNumberLimits(normalize(ca + cb, exponent));
}

/** Exact difference `a - b`, with the same limits as addDecimals. */
export function subtractDecimals(a: DecimalNumber, b: DecimalNumber): DecimalNumber {
  return addDecimals(a, { coefficient: -b.coefficient, exponent: b.exponent });
}

/** Adds two DynamoDB number strings, returning canonical text. */
export function addNumberStrings(a: string, b: string): string {
  return formatDecimal(addDecimals(parseDecimalLoose(a), parseDecimalLoose(b)));
}

/** Subtracts two DynamoDB number strings, returning canonical text. */
export function subtractNumberStrings(a: string, b: string): string {
  return formatDecimal(subtractDecimals(parseDecimalLoose(a), parseDecimalLoose(b)));
}

// Stored numbers were validated on the way in; a malformed one here is still reported as AWS would.
function parseDecimalLoose(text: string): DecimalNumber {
  return tryParseDecimal(text) ?? parseDecimal(text);
}
