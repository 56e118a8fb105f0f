/**
 * Checks a decoded request against its operation's input schema the way DynamoDB's front end
 * does: type errors first (SerializationException, stops at the first), then the model
 * constraints, collected and reported together ("N validation errors detected: …", at most 10),
 * with an invalid TableName reported alone (§1.2, §1.5, §5.1 steps 2–3).
 */
import type { AwsError } from '../../../core/errors.js';
import { serialization, validation } from '../errors.js';
import type { ListShape, MapShape, Member, Shape, StructShape } from './shapes.js';

const MAX_REPORTED_ERRORS = 10;

interface Violation {
  path: string;
  text: string;
}

/** Validates `input` in place (coercing booleans sent as strings) against `schema`. */
export function validateInput(input: Record<string, unknown>, schema: StructShape): void {
  const violations: Violation[] = [];
  checkStruct(input, schema, '', violations, true);
  if (violations.length === 0) return;
  // An invalid table name stops the request on its own.
  const tableName = violations.find((v) => v.path === 'tableName');
  const reported = tableName === undefined ? violations : [tableName];
  throw constraintError(reported);
}

function constraintError(violations: readonly Violation[]): AwsError {
  const shown = violations.slice(0, MAX_REPORTED_ERRORS);
  const count = violations.length;
  const head = `${count} validation error${count === 1 ? '' : 's'} detected: `;
  return validation(head + shown.map((v) => v.text).join('; '));
}

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

function join(prefix: string, name: string): string {
  return prefix === '' ? name : `${prefix}.${name}`;
}

function checkStruct(
  value: Record<string, unknown>,
  shape: StructShape,
  path: string,
  out: Violation[],
  top = false,
): void {
  for (const [name, member] of Object.entries(shape.members)) {
    const memberPath = join(path, lowerFirst(name));
    let raw = value[name];
    if (raw === null) {
      delete value[name];
      raw = undefined;
    }
    if (raw === undefined) {
      if (member.required === true) {
        if (member.requiredSentence === true && top) {
          throw validation(
            `The parameter '${name}' is required but was not present in the request`,
          );
        }
        out.push({
          path: memberPath,
          text: `Value null at '${memberPath}' failed to satisfy constraint: Member must not be null`,
        });
      }
      continue;
    }
    const coerced = checkValue(raw, member, memberPath, out, member, name);
    if (coerced !== raw) value[name] = coerced;
  }
}

function typeName(shape: Shape): string {
  switch (shape.t) {
    case 'integer':
      return 'Integer';
    case 'long':
      return 'Long';
    case 'boolean':
      return 'Boolean';
    default:
      return 'String';
  }
}

function jsonKind(raw: unknown): string {
  if (typeof raw === 'string') return 'STRING_VALUE';
  if (typeof raw === 'boolean') return raw ? 'TRUE_VALUE' : 'FALSE_VALUE';
  if (typeof raw === 'number') return Number.isInteger(raw) ? 'NUMBER_VALUE' : 'DECIMAL_VALUE';
  return 'VALUE';
}

/** Returns the (possibly coerced) value; throws SerializationException on a type error. */
function checkValue(
  raw: unknown,
  shape: Shape,
  path: string,
  out: Violation[],
  member?: Member,
  memberName?: string,
): unknown {
  switch (shape.t) {
    case 'string':
    case 'integer':
    case 'long':
    case 'boolean': {
      if (Array.isArray(raw)) {
        throw serialization(`Unrecognized collection type class java.lang.${typeName(shape)}`);
      }
      if (typeof raw === 'object') {
        throw serialization('Start of structure or map found where not expected');
      }
      if (shape.t === 'string') {
        if (typeof raw !== 'string') {
          throw serialization(`${jsonKind(raw)} cannot be converted to String`);
        }
        checkString(raw, shape, path, out);
        return raw;
      }
      if (shape.t === 'boolean') {
        if (typeof raw === 'boolean') return raw;
        if (typeof raw === 'string') {
          const lower = raw.toLowerCase();
          if (lower === 'true' || lower === '1' || lower === 'yes') return true;
          if (lower === 'false' || lower === '0' || lower === 'no') return false;
        }
        throw serialization('Unexpected token received from parser');
      }
      if (typeof raw !== 'number') {
        throw serialization(`${jsonKind(raw)} cannot be converted to ${typeName(shape)}`);
      }
      const n = Math.trunc(raw);
      const label =
        member?.newerStyle === true && memberName !== undefined
          ? `Value at '${memberName}'`
          : `Value '${n}' at '${path}'`;
      if (shape.min !== undefined && n < shape.min) {
        out.push({
          path,
          text: `${label} failed to satisfy constraint: Member must have value greater than or equal to ${shape.min}`,
        });
      } else if (shape.max !== undefined && n > shape.max) {
        out.push({
          path,
          text: `${label} failed to satisfy constraint: Member must have value less than or equal to ${shape.max}`,
        });
      }
      return n;
    }
    case 'list':
      if (!Array.isArray(raw)) throw serialization('Unexpected field type');
      checkList(raw, shape, path, out);
      return raw;
    case 'map':
      if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
        throw serialization('Unexpected field type');
      }
      checkMap(raw as Record<string, unknown>, shape, path, out);
      return raw;
    case 'struct':
      if (typeof raw !== 'object' || Array.isArray(raw))
        throw serialization('Unexpected field type');
      checkStruct(raw as Record<string, unknown>, shape, path, out);
      return raw;
    case 'attributeValue':
    case 'attributeMap':
      if (typeof raw !== 'object' || Array.isArray(raw)) {
        throw serialization(
          shape.t === 'attributeValue'
            ? 'Unexpected value type in payload'
            : 'Unexpected field type',
        );
      }
      return raw;
    case 'any':
      return raw;
  }
}

function checkString(
  raw: string,
  shape: Extract<Shape, { t: 'string' }>,
  path: string,
  out: Violation[],
): void {
  const prefix = (): string => `Value '${raw}' at '${path}' failed to satisfy constraint: `;
  if (shape.enum !== undefined) {
    if (!shape.enum.includes(raw)) {
      out.push({
        path,
        text: `${prefix()}Member must satisfy enum value set: [${shape.enum.join(', ')}]`,
      });
    }
    return;
  }
  if (shape.min !== undefined && raw.length < shape.min) {
    out.push({
      path,
      text: `${prefix()}Member must have length greater than or equal to ${shape.min}`,
    });
  }
  if (shape.max !== undefined && raw.length > shape.max) {
    out.push({
      path,
      text: `${prefix()}Member must have length less than or equal to ${shape.max}`,
    });
  }
  if (shape.pattern !== undefined && raw.length > 0 && !patternOf(shape.pattern).test(raw)) {
    out.push({
      path,
      text: `${prefix()}Member must satisfy regular expression pattern: ${shape.pattern}`,
    });
  }
}

const PATTERNS = new Map<string, RegExp>();

function patternOf(source: string): RegExp {
  let re = PATTERNS.get(source);
  if (re === undefined) {
    re = new RegExp(`^(?:${source})$`);
    PATTERNS.set(source, re);
  }
  return re;
}

function checkList(raw: unknown[], shape: ListShape, path: string, out: Violation[]): void {
  const before = out.length;
  raw.forEach((element, i) => {
    if (element === null || element === undefined) return;
    const coerced = checkValue(element, shape.member, `${path}.${i + 1}.member`, out);
    if (coerced !== element) raw[i] = coerced;
  });
  // Printing the value is costly: only done when a constraint fails.
  const prefix = (): string =>
    `Value '${formatJava(raw, shape)}' at '${path}' failed to satisfy constraint: `;
  const length: Violation[] = [];
  if (shape.min !== undefined && raw.length < shape.min) {
    length.push({
      path,
      text: `${prefix()}Member must have length greater than or equal to ${shape.min}`,
    });
  }
  if (shape.max !== undefined && raw.length > shape.max) {
    length.push({
      path,
      text: `${prefix()}Member must have length less than or equal to ${shape.max}`,
    });
  }
  out.splice(before, 0, ...length);
}

function checkMap(
  raw: Record<string, unknown>,
  shape: MapShape,
  path: string,
  out: Violation[],
): void {
  const inner: string[] = [];
  for (const key of Object.keys(raw)) {
    const value = raw[key];
    if (value === null || value === undefined) continue;
    const valueShape = shape.value;
    // AWS reports the constraint of a map value once, for the whole map (§5.2 #76).
    if (valueShape.t === 'list' && (valueShape.min !== undefined || valueShape.max !== undefined)) {
      if (!Array.isArray(value)) throw serialization('Unexpected field type');
      const violated =
        (valueShape.max !== undefined && value.length > valueShape.max) ||
        (valueShape.min !== undefined && value.length < valueShape.min);
      if (violated) {
        // AWS lists every constraint of the value shape, not only the violated one.
        if (valueShape.max !== undefined) {
          inner.push(`Member must have length less than or equal to ${valueShape.max}`);
        }
        if (valueShape.min !== undefined) {
          inner.push(`Member must have length greater than or equal to ${valueShape.min}`);
        }
        checkList(value, { t: 'list', member: valueShape.member }, `${path}.${key}.member`, []);
        continue;
      }
      checkList(value, valueShape, `${path}.${key}.member`, out);
      continue;
    }
    const coerced = checkValue(value, valueShape, `${path}.${key}.member`, out);
    if (coerced !== value) raw[key] = coerced;
  }
  const count = Object.keys(raw).length;
  // Printing the value is costly: only done when a constraint fails.
  const prefix = (): string =>
    `Value '${formatJava(raw, shape)}' at '${path}' failed to satisfy constraint: `;
  if (inner.length > 0) {
    out.unshift({
      path,
      text: `${prefix()}Map value must satisfy constraint: [${[...new Set(inner)].join(', ')}]`,
    });
  }
  if (shape.min !== undefined && count < shape.min) {
    out.push({
      path,
      text: `${prefix()}Member must have length greater than or equal to ${shape.min}`,
    });
  }
  if (shape.max !== undefined && count > shape.max) {
    out.push({
      path,
      text: `${prefix()}Member must have length less than or equal to ${shape.max}`,
    });
  }
}

/** Java `toString` of a request value, as AWS prints it inside constraint messages. */
export function formatJava(value: unknown, shape?: Shape): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) {
    const member = shape?.t === 'list' ? shape.member : undefined;
    return `[${value.map((v) => formatJava(v, member)).join(', ')}]`;
  }
  if (typeof value === 'object') {
    if (shape?.t === 'struct') {
      const parts = Object.entries(shape.members).map(
        ([name, member]) =>
          `${lowerFirst(name)}=${formatJava((value as Record<string, unknown>)[name], member)}`,
      );
      return `${shape.name}(${parts.join(', ')})`;
    }
    const valueShape = shape?.t === 'map' ? shape.value : undefined;
    const entries = Object.entries(value as Record<string, unknown>).map(
      ([k, v]) => `${k}=${formatJava(v, valueShape)}`,
    );
    return `{${entries.join(', ')}}`;
  }
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
}
