import type { AttributeMap, AttributeValue } from '../values/attribute-value.js';
import { binaryBytes, typeOf } from '../values/attribute-value.js';
import { compareScalars, setElementKey, valuesEqual } from '../values/compare.js';
import { base64ByteLength } from '../values/item-size.js';
import { validationError } from '../values/validation-error.js';
import type { Condition, ConditionOperand } from './ast.js';
import { resolvePath } from './document-path.js';

/**
 * Evaluates a condition against an item (an absent item is `{}`) with DynamoDB's typing rules
 * (§3.3, §4.4): a comparison of different types, or with a missing attribute, is false (`<>` is
 * true); `size` of a number, boolean, null or missing attribute makes its comparison false.
 * A failed condition is not an error: the operation decides what false means.
 */
export function evaluateCondition(
  condition: Condition,
  item: AttributeMap,
  values: Readonly<Record<string, AttributeValue>>,
): boolean {
  switch (condition.kind) {
    case 'and':
      return (
        evaluateCondition(condition.left, item, values) &&
        evaluateCondition(condition.right, item, values)
      );
    case 'or':
      return (
        evaluateCondition(condition.left, item, values) ||
        evaluateCondition(condition.right, item, values)
      );
    case 'not':
      return !evaluateCondition(condition.operand, item, values);
    case 'compare': {
      const left = operandValue(condition.left, item, values);
      const right = operandValue(condition.right, item, values);
      if (condition.op === '=')
        return left !== undefined && right !== undefined && valuesEqual(left, right);
      if (condition.op === '<>')
        return left === undefined || right === undefined || !valuesEqual(left, right);
      if (left === undefined || right === undefined) return false;
      const order = compareScalars(left, right);
      if (order === undefined) return false;
      switch (condition.op) {
        case '<':
          return order < 0;
        case '<=':
          return order <= 0;
        case '>':
          return order > 0;
        case '>=':
          return order >= 0;
      }
      return false;
    }
    case 'between': {
      const value = operandValue(condition.operand, item, values);
      const low = operandValue(condition.low, item, values);
      const high = operandValue(condition.high, item, values);
      if (value === undefined || low === undefined || high === undefined) return false;
      const aboveLow = compareScalars(value, low);
      const belowHigh = compareScalars(value, high);
      return aboveLow !== undefined && belowHigh !== undefined && aboveLow >= 0 && belowHigh <= 0;
    }
    case 'in': {
      const value = operandValue(condition.operand, item, values);
      if (value === undefined) return false;
      return condition.list.some((o) => {
        const candidate = operandValue(o, item, values);
        return candidate !== undefined && valuesEqual(value, candidate);
      });
    }
    case 'function': {
      const [first, second] = condition.args;
      if (first === undefined) return false;
      const target = operandValue(first, item, values);
      switch (condition.name) {
        case 'attribute_exists':
          return target !== undefined;
        case 'attribute_not_exists':
          return target === undefined;
        case 'attribute_type': {
          const type = second === undefined ? undefined : operandValue(second, item, values);
          return (
            target !== undefined && type !== undefined && 'S' in type && typeOf(target) === type.S
          );
        }
        case 'begins_with': {
          const prefix = second === undefined ? undefined : operandValue(second, item, values);
          return target !== undefined && prefix !== undefined && beginsWith(target, prefix);
        }
        case 'contains': {
          const needle = second === undefined ? undefined : operandValue(second, item, values);
          return target !== undefined && needle !== undefined && contains(target, needle);
        }
      }
    }
  }
}

/** The value of an operand, or undefined when it does not resolve. */
export function operandValue(
  operand: ConditionOperand,
  item: AttributeMap,
  values: Readonly<Record<string, AttributeValue>>,
): AttributeValue | undefined {
  switch (operand.kind) {
    case 'path':
      return resolvePath(item, operand.path);
    case 'value': {
      const value = values[operand.ref];
      // Parsing checked every reference; reaching here means the AST and values don't match.
      if (value === undefined) {
        throw validationError(
          `An expression attribute value used in expression is not defined; attribute value: ${operand.ref}`,
        );
      }
      return value;
    }
    case 'size': {
      const value = operandValue(operand.operand, item, values);
      const size = value === undefined ? undefined : sizeOf(value);
      return size === undefined ? undefined : { N: String(size) };
    }
  }
}

/**
 * `size()` of a value: string length, binary bytes, element count of sets and lists, entry count
 * of maps; undefined for numbers, booleans and nulls. String length counts UTF-16 code units
 * (DynamoDB Local's behaviour: `é` → 1, `😀` → 2; service unverified).
 */
export function sizeOf(value: AttributeValue): number | undefined {
  if ('S' in value) return value.S.length;
  if ('B' in value) return base64ByteLength(value.B);
  if ('SS' in value) return value.SS.length;
  if ('NS' in value) return value.NS.length;
  if ('BS' in value) return value.BS.length;
  if ('L' in value) return value.L.length;
  if ('M' in value) return Object.keys(value.M).length;
  return undefined;
}

function beginsWith(target: AttributeValue, prefix: AttributeValue): boolean {
  if ('S' in target && 'S' in prefix) return target.S.startsWith(prefix.S);
  if ('B' in target && 'B' in prefix) {
    const bytes = binaryBytes(target.B);
    const start = binaryBytes(prefix.B);
    return start.length <= bytes.length && bytes.subarray(0, start.length).equals(start);
  }
  return false;
}

function contains(target: AttributeValue, needle: AttributeValue): boolean {
  if ('S' in target) return 'S' in needle && target.S.includes(needle.S);
  if ('B' in target) return 'B' in needle && binaryBytes(target.B).includes(binaryBytes(needle.B));
  if ('SS' in target) return 'S' in needle && target.SS.includes(needle.S);
  if ('NS' in target) {
    if (!('N' in needle)) return false;
    const key = setElementKey('NS', needle.N);
    return target.NS.some((e) => setElementKey('NS', e) === key);
  }
  if ('BS' in target) {
    if (!('B' in needle)) return false;
    const key = setElementKey('BS', needle.B);
    return target.BS.some((e) => setElementKey('BS', e) === key);
  }
  if ('L' in target) return target.L.some((e) => valuesEqual(e, needle));
  return false;
}
