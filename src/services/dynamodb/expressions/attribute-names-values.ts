import type { AttributeValue } from '../values/attribute-value.js';
import { validateAttributeValue } from '../values/attribute-value.js';
import { AwsError } from '../../../core/errors.js';
import { validationError } from '../values/validation-error.js';

/** The five expression parameters, by their exact AWS names. */
export type ExpressionParam =
  | 'ConditionExpression'
  | 'FilterExpression'
  | 'KeyConditionExpression'
  | 'UpdateExpression'
  | 'ProjectionExpression';

/** Longest allowed ExpressionAttributeNames / ExpressionAttributeValues key, in bytes. */
export const MAX_PLACEHOLDER_KEY_BYTES = 255;

const NAME_KEY = /^#[A-Za-z0-9_]+$/;
const VALUE_KEY = /^:[A-Za-z0-9_]+$/;

/**
 * The ExpressionAttributeNames and ExpressionAttributeValues of one request (or of one table entry
 * of BatchGetItem / one action of a transaction), tracking which entries the request's expressions
 * use so that unused ones can be rejected after all of them are parsed.
 */
export class ExpressionAttributes {
  readonly names: Readonly<Record<string, string>>;
  readonly values: Readonly<Record<string, AttributeValue>>;
  private readonly usedNames = new Set<string>();
  private readonly usedValues = new Set<string>();

  constructor(
    names: Readonly<Record<string, string>> = {},
    values: Readonly<Record<string, AttributeValue>> = {},
  ) {
    this.names = names;
    this.values = values;
  }

  /** The attribute name behind `#ref`, marking it used; undefined when not defined. */
  name(ref: string): string | undefined {
    const name = Object.hasOwn(this.names, ref) ? this.names[ref] : undefined;
    if (name !== undefined) this.usedNames.add(ref);
    return name;
  }

  /** The value behind `:ref`, marking it used; undefined when not defined. */
  value(ref: string): AttributeValue | undefined {
    const value = Object.hasOwn(this.values, ref) ? this.values[ref] : undefined;
    if (value !== undefined) this.usedValues.add(ref);
    return value;
  }

  /** Rejects entries no expression of the request used (§4.3 rows 14–15). */
  checkAllUsed(): void {
    const unusedNames = Object.keys(this.names).filter((k) => !this.usedNames.has(k));
    if (unusedNames.length > 0) {
      throw validationError(
        `Value provided in ExpressionAttributeNames unused in expressions: keys: {${unusedNames.join(', ')}}`,
      );
    }
    const unusedValues = Object.keys(this.values).filter((k) => !this.usedValues.has(k));
    if (unusedValues.length > 0) {
      throw validationError(
        `Value provided in ExpressionAttributeValues unused in expressions: keys: {${unusedValues.join(', ')}}`,
      );
    }
  }
}

/**
 * Validates a request's ExpressionAttributeNames / ExpressionAttributeValues (§4.3 rows 4–9) and
 * returns the tracking context, with values normalized (canonical numbers).
 */
export function createExpressionAttributes(
  names: Readonly<Record<string, string>> | undefined,
  values: Readonly<Record<string, unknown>> | undefined,
): ExpressionAttributes {
  if (names !== undefined) {
    const keys = Object.keys(names);
    if (keys.length === 0) throw validationError('ExpressionAttributeNames must not be empty');
    for (const key of keys) {
      if (!NAME_KEY.test(key)) {
        throw validationError(
          `ExpressionAttributeNames contains invalid key: Syntax error; key: "${key}"`,
        );
      }
      const size = Buffer.byteLength(key, 'utf8');
      if (size > MAX_PLACEHOLDER_KEY_BYTES) {
        throw validationError(
          `ExpressionAttributeNames contains invalid key: The expression attribute map contains a key that is too long; size of key: ${size}`,
        );
      }
    }
  }
  let normalized: Record<string, AttributeValue> | undefined;
  if (values !== undefined) {
    const keys = Object.keys(values);
    if (keys.length === 0) throw validationError('ExpressionAttributeValues must not be empty');
    normalized = {};
    for (const key of keys) {
      if (!VALUE_KEY.test(key)) {
        throw validationError(
          `ExpressionAttributeValues contains invalid key: Syntax error; key: "${key}"`,
        );
      }
      const size = Buffer.byteLength(key, 'utf8');
      if (size > MAX_PLACEHOLDER_KEY_BYTES) {
        throw validationError(
          `ExpressionAttributeValues contains invalid key: The expression attribute map contains a key that is too long; size of key: ${size}`,
        );
      }
      try {
        normalized[key] = validateAttributeValue(values[key]);
      } catch (error) {
        if (error instanceof AwsError && error.code === 'ValidationException') {
          throw validationError(
            `ExpressionAttributeValues contains invalid value: ${error.message} for key ${key}`,
          );
        }
        throw error;
      }
    }
  }
  return new ExpressionAttributes(names, normalized);
}

/**
 * Rejects ExpressionAttributeNames/Values given without an expression that could use them
 * (§4.3 rows 2–3). `present` lists the expression parameters the request has; `valueParams` the
 * value-taking expression parameters the operation accepts, in AWS's message order (UpdateItem:
 * `UpdateExpression`, `ConditionExpression`; Query: `FilterExpression`, `KeyConditionExpression`).
 */
export function checkExpressionAttributesAllowed(options: {
  readonly names: unknown;
  readonly values: unknown;
  readonly present: readonly ExpressionParam[];
  readonly valueParams: readonly ExpressionParam[];
}): void {
  if (options.names !== undefined && options.present.length === 0) {
    throw validationError('ExpressionAttributeNames can only be specified when using expressions');
  }
  if (
    options.values !== undefined &&
    !options.valueParams.some((param) => options.present.includes(param))
  ) {
    const list = options.valueParams.join(' and ');
    const verb = options.valueParams.length > 1 ? 'are' : 'is';
    throw validationError(
      options.valueParams.length === 0
        ? 'ExpressionAttributeValues can only be specified when using expressions'
        : `ExpressionAttributeValues can only be specified when using expressions: ${list} ${verb} null`,
    );
  }
}

/** Length of an expression in bytes above which AWS rejects it. */
export const MAX_EXPRESSION_BYTES = 4096;

/** Rejects an empty or oversized expression (§4.3 rows 10–11). */
export function checkExpressionText(text: string, param: ExpressionParam): void {
  if (text === '') throw validationError(`Invalid ${param}: The expression can not be empty;`);
  const size = Buffer.byteLength(text, 'utf8');
  if (size > MAX_EXPRESSION_BYTES) {
    throw validationError(
      `Invalid ${param}: Expression size has exceeded the maximum allowed size; expression size: ${size}`,
    );
  }
}
