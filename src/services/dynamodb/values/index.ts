/**
 * DynamoDB values: the AttributeValue type and its validation, DynamoDB numbers, item size and
 * the ordering/equality rules. Pure code (no I/O); the DynamoDB operations and the expression
 * engine build on it.
 *
 * In-memory form: the wire form. `B`/`BS` stay base64 strings (decoded only to compare, size or
 * match bytes); `N` holds canonical number text after validation (`"1.50"` → `"1.5"`).
 *
 * Supported: every AttributeValue type with AWS's validation messages (empty/multiple types,
 * `NULL: false`, empty sets, duplicate set members, invalid numbers, nesting depth); numbers with
 * 38 significant digits and the 1E-130 .. 9.99…E+125 range, canonical printing, exact decimal
 * arithmetic with overflow/underflow/precision errors; item size as AWS computes it and the 400 KB
 * check; sort-key order (UTF-8 bytes, numeric, unsigned bytes) and deep equality.
 *
 * Parity notes:
 * - Gaps: the service text for an empty attribute name is unverified (we send DynamoDB Local's
 *   `Empty attribute name`); base64 that is not well-formed is not rejected here (the protocol
 *   layer owns SerializationException for malformed payloads).
 * - A result of arithmetic that needs more than 38 digits is rejected with the ingestion message
 *   `Attempting to store more than 38 significant digits in a Number` (service text for the
 *   arithmetic case unverified).
 */
export type { AttributeMap, AttributeType, AttributeValue } from './attribute-value.js';
export {
  ATTRIBUTE_TYPES,
  MAX_NESTING_LEVELS,
  binaryBytes,
  typeOf,
  validateAttributeMap,
  validateAttributeValue,
} from './attribute-value.js';
export type { DecimalNumber } from './number.js';
export {
  MAX_NUMBER_SIGNIFICANT_DIGITS,
  addDecimals,
  addNumberStrings,
  canonicalizeNumber,
  checkNumberLimits,
  compareDecimals,
  compareNumberStrings,
  formatDecimal,
  parseDecimal,
  scientificExponent,
  significantDigits,
  subtractDecimals,
  subtractNumberStrings,
  tryParseDecimal,
} from './number.js';
export {
  MAX_ITEM_SIZE_BYTES,
  attributeValueSize,
  base64ByteLength,
  checkItemSize,
  itemSize,
  numberSize,
  utf8Length,
} from './item-size.js';
export {
  compareBinary,
  compareBytes,
  compareScalars,
  compareUtf8,
  setElementKey,
  valuesEqual,
} from './compare.js';
export { INVALID_PARAMETER_PREFIX, validationError } from './validation-error.js';
