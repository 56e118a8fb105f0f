import { createHash } from 'node:crypto';
import { templateError, warn, type TemplateContext } from './context.js';
import { isRecord, isScalar, scalarToString, type PlainObject } from './values.js';

/** A bound parameter value: text, or a list for `List<…>` and `CommaDelimitedList` types. */
export type ParameterValue = string | string[];

/**
 * Binds `Parameters` to values (override > Default) and validates them as CloudFormation does.
 * Number values stay strings, because that is what `Ref` to a Number parameter yields.
 */
export function bindParameters(
  declared: unknown,
  overrides: Record<string, string>,
  ctx: TemplateContext,
): Map<string, ParameterValue> {
  const out = new Map<string, ParameterValue>();
  if (declared !== undefined && declared !== null && !isRecord(declared)) {
    throw templateError(ctx, 'Parameters', 'must be a mapping of parameter names');
  }
  const params = declared ?? {};
  for (const name of Object.keys(overrides)) {
    if (!(name in params))
      warn(ctx, undefined, `parameter override '${name}' matches no parameter in the template`);
  }
  for (const [name, definition] of Object.entries(params)) {
    const path = `Parameters.${name}`;
    if (!isRecord(definition) || typeof definition['Type'] !== 'string') {
      throw templateError(ctx, path, 'a parameter needs a Type');
    }
    const override = overrides[name];
    const fallback = definition['Default'];
    let raw: string;
    if (override !== undefined) raw = override;
    else if (fallback !== undefined && fallback !== null) raw = defaultText(fallback);
    else {
      throw templateError(
        ctx,
        path,
        `parameter '${name}' has no value; give it a Default or pass a parameter override`,
      );
    }
    out.set(name, bindOne(name, definition['Type'], raw, definition, path, ctx));
  }
  return out;
}

function defaultText(value: unknown): string {
  if (Array.isArray(value))
    return value.map((v) => (isScalar(v) ? scalarToString(v) : '')).join(',');
  return isScalar(value) ? scalarToString(value) : JSON.stringify(value);
}

function bindOne(
  name: string,
  type: string,
  raw: string,
  def: PlainObject,
  path: string,
  ctx: TemplateContext,
): ParameterValue {
  const isList = type === 'CommaDelimitedList' || /^List<.+>$/.test(type);
  const isNumber = type === 'Number' || type === 'List<Number>';
  if (type.startsWith('AWS::SSM::Parameter::Value<')) {
    warn(
      ctx,
      undefined,
      `parameter '${name}' is an SSM parameter; Stratus uses its value as given, without looking it up`,
    );
  }
  const values = isList ? (raw === '' ? [] : raw.split(',').map((v) => v.trim())) : [raw];
  for (const value of values) {
    if (isNumber && (value.trim() === '' || !Number.isFinite(Number(value)))) {
      throw templateError(ctx, path, `parameter '${name}' must be a number, got '${value}'`);
    }
    checkConstraints(name, value, def, isNumber, path, ctx);
  }
  return isList ? values : raw;
}

function checkConstraints(
  name: string,
  value: string,
  def: PlainObject,
  isNumber: boolean,
  path: string,
  ctx: TemplateContext,
): void {
  const allowed = def['AllowedValues'];
  if (Array.isArray(allowed)) {
    const texts = allowed.map((a) => (isScalar(a) ? scalarToString(a) : JSON.stringify(a)));
    if (!texts.includes(value)) {
      throw templateError(
        ctx,
        path,
        `parameter '${name}' value '${value}' is not one of the AllowedValues [${texts.join(', ')}]`,
      );
    }
  }
  const pattern = def['AllowedPattern'];
  if (typeof pattern === 'string') {
    let regex: RegExp;
    try {
      regex = new RegExp(`^(?:${pattern})$`);
    } catch {
      throw templateError(
        ctx,
        `${path}.AllowedPattern`,
        `is not a valid regular expression: ${pattern}`,
      );
    }
    if (!regex.test(value)) {
      throw templateError(
        ctx,
        path,
        `parameter '${name}' value '${value}' does not match AllowedPattern ${pattern}`,
      );
    }
  }
  const minLength = def['MinLength'];
  const maxLength = def['MaxLength'];
  if (minLength !== undefined && value.length < Number(minLength)) {
    throw templateError(
      ctx,
      path,
      `parameter '${name}' must be at least ${Number(minLength)} characters long`,
    );
  }
  if (maxLength !== undefined && value.length > Number(maxLength)) {
    throw templateError(
      ctx,
      path,
      `parameter '${name}' must be at most ${Number(maxLength)} characters long`,
    );
  }
  if (isNumber) {
    const n = Number(value);
    const min = def['MinValue'];
    const max = def['MaxValue'];
    if (min !== undefined && n < Number(min)) {
      throw templateError(
        ctx,
        path,
        `parameter '${name}' must be at least ${Number(min)}, got ${value}`,
      );
    }
    if (max !== undefined && n > Number(max)) {
      throw templateError(
        ctx,
        path,
        `parameter '${name}' must be at most ${Number(max)}, got ${value}`,
      );
    }
  }
}

/** The value of a pseudo parameter (`AWS::Region`, …), or undefined when `name` is not one. */
export function pseudoParameter(name: string, ctx: TemplateContext): ParameterValue | undefined {
  switch (name) {
    case 'AWS::AccountId':
      return ctx.accountId;
    case 'AWS::Region':
      return ctx.region;
    case 'AWS::StackName':
      return ctx.stackName;
    case 'AWS::StackId':
      return `arn:aws:cloudformation:${ctx.region}:${ctx.accountId}:stack/${ctx.stackName}/${stableUuid(`${ctx.stackName}/stack`)}`;
    case 'AWS::Partition':
      return 'aws';
    case 'AWS::URLSuffix':
      return 'amazonaws.com';
    case 'AWS::NotificationARNs':
      return [];
    default:
      return undefined;
  }
}

/** A UUID-shaped id derived from `seed`, so generated ids survive restarts. */
export function stableUuid(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
