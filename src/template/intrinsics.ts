import type { StratusErrorCode } from '../core/errors.js';
import { childPath, isRecord, isScalar, scalarToString, type PlainObject } from './values.js';

/** Marker for `!Ref AWS::NoValue`: the enclosing property or list entry disappears. */
export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');

/** Where intrinsic functions look things up; errors go through `fail`. */
export interface IntrinsicScope {
  /** What `Ref name` yields (parameters, pseudo parameters, resources). */
  ref(name: string, path: string): unknown;
  /** What `Fn::GetAtt [logicalId, attribute]` yields. */
  getAtt(logicalId: string, attribute: string, path: string): unknown;
  /** The value of a named condition. */
  condition(name: string, path: string): boolean;
  mappings: PlainObject;
  region: string;
  fail(path: string, message: string, code?: StratusErrorCode): never;
}

/** True for `Ref` and `Fn::*` keys. */
export function isIntrinsicKey(key: string): boolean {
  return key === 'Ref' || key.startsWith('Fn::');
}

/** The single intrinsic key of `value`, if `value` is an intrinsic function call. */
export function intrinsicKey(value: unknown): string | undefined {
  if (!isRecord(value)) return undefined;
  const keys = Object.keys(value);
  return keys.length === 1 && isIntrinsicKey(keys[0]!) ? keys[0] : undefined;
}

/** Resolves every intrinsic function inside `value`; `path` names where `value` sits. */
export function resolveValue(value: unknown, path: string, scope: IntrinsicScope): unknown {
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    value.forEach((item, i) => {
      const resolved = resolveValue(item, childPath(path, i), scope);
      if (resolved !== NO_VALUE) out.push(resolved);
    });
    return out;
  }
  if (!isRecord(value)) return value;
  const key = intrinsicKey(value);
  if (key !== undefined) return evaluate(key, value[key], path, scope);
  const out: PlainObject = {};
  for (const [k, v] of Object.entries(value)) {
    const resolved = resolveValue(v, childPath(path, k), scope);
    if (resolved !== NO_VALUE) out[k] = resolved;
  }
  return out;
}

/** Evaluates a condition expression (`Fn::Equals/And/Or/Not`, `Condition`) to a boolean. */
export function evaluateCondition(expr: unknown, path: string, scope: IntrinsicScope): boolean {
  if (typeof expr === 'boolean') return expr;
  if (isRecord(expr) && Object.keys(expr).length === 1) {
    if (typeof expr['Condition'] === 'string') return scope.condition(expr['Condition'], path);
    const key = intrinsicKey(expr);
    if (key === 'Fn::Equals' || key === 'Fn::And' || key === 'Fn::Or' || key === 'Fn::Not') {
      return evaluate(key, expr[key], path, scope) as boolean;
    }
  }
  return scope.fail(
    path,
    'expected a condition (Fn::Equals, Fn::And, Fn::Or, Fn::Not or Condition)',
  );
}

function evaluate(fn: string, arg: unknown, path: string, scope: IntrinsicScope): unknown {
  switch (fn) {
    case 'Ref':
      if (typeof arg !== 'string')
        return scope.fail(path, 'Ref takes the name of a parameter or resource');
      return arg === 'AWS::NoValue' ? NO_VALUE : scope.ref(arg, path);
    case 'Fn::GetAtt':
      return getAtt(arg, path, scope);
    case 'Fn::Sub':
      return sub(arg, path, scope);
    case 'Fn::Join': {
      const [delimiter, list] = args(fn, arg, 2, path, scope);
      const items = resolveValue(list, path, scope);
      if (typeof delimiter !== 'string' || !Array.isArray(items)) {
        return scope.fail(path, 'Fn::Join takes [delimiter, [values…]]');
      }
      return items.map((item) => text(item, 'Fn::Join', path, scope)).join(delimiter);
    }
    case 'Fn::Select': {
      const [index, list] = args(fn, arg, 2, path, scope);
      const items = resolveValue(list, path, scope);
      const i = Number(resolveValue(index, path, scope));
      if (!Array.isArray(items) || !Number.isInteger(i)) {
        return scope.fail(path, 'Fn::Select takes [index, [values…]]');
      }
      if (i < 0 || i >= items.length) {
        return scope.fail(path, `Fn::Select index ${i} is out of range (list has ${items.length})`);
      }
      return items[i];
    }
    case 'Fn::Split': {
      const [delimiter, source] = args(fn, arg, 2, path, scope);
      const value = resolveValue(source, path, scope);
      if (typeof delimiter !== 'string' || typeof value !== 'string') {
        return scope.fail(path, 'Fn::Split takes [delimiter, string]');
      }
      return value.split(delimiter);
    }
    case 'Fn::FindInMap':
      return findInMap(arg, path, scope);
    case 'Fn::Base64':
      return Buffer.from(text(resolveValue(arg, path, scope), fn, path, scope)).toString('base64');
    case 'Fn::GetAZs': {
      const region = resolveValue(arg, path, scope);
      const r = typeof region === 'string' && region !== '' ? region : scope.region;
      return [`${r}a`, `${r}b`, `${r}c`];
    }
    case 'Fn::Cidr':
      return cidr(
        args(fn, arg, 3, path, scope).map((a) => resolveValue(a, path, scope)),
        path,
        scope,
      );
    case 'Fn::ImportValue':
      return scope.fail(
        path,
        'Fn::ImportValue (cross-stack exports) is not supported; pass the value as a parameter instead',
        'ERR_TEMPLATE_UNSUPPORTED',
      );
    case 'Fn::Transform':
      return scope.fail(
        path,
        'Fn::Transform (macros such as AWS::Include) is not supported',
        'ERR_TEMPLATE_UNSUPPORTED',
      );
    case 'Fn::If': {
      const [name, whenTrue, whenFalse] = args(fn, arg, 3, path, scope);
      if (typeof name !== 'string')
        return scope.fail(path, 'Fn::If takes [conditionName, whenTrue, whenFalse]');
      return resolveValue(scope.condition(name, path) ? whenTrue : whenFalse, path, scope);
    }
    case 'Fn::Equals': {
      const [a, b] = args(fn, arg, 2, path, scope).map((x) => resolveValue(x, path, scope));
      return comparable(a) === comparable(b);
    }
    case 'Fn::And':
    case 'Fn::Or': {
      if (!Array.isArray(arg) || arg.length < 2 || arg.length > 10) {
        return scope.fail(path, `${fn} takes 2 to 10 conditions`);
      }
      const values = arg.map((c: unknown) => evaluateCondition(c, path, scope));
      return fn === 'Fn::And' ? values.every(Boolean) : values.some(Boolean);
    }
    case 'Fn::Not': {
      const [inner] = args(fn, arg, 1, path, scope);
      return !evaluateCondition(inner, path, scope);
    }
    case 'Fn::Length': {
      const list = resolveValue(arg, path, scope);
      if (!Array.isArray(list)) return scope.fail(path, 'Fn::Length takes a list');
      return list.length;
    }
    case 'Fn::ToJsonString':
      return JSON.stringify(resolveValue(arg, path, scope));
    default:
      return scope.fail(path, `unknown intrinsic function ${fn}`);
  }
}

function args(
  fn: string,
  arg: unknown,
  count: number,
  path: string,
  scope: IntrinsicScope,
): unknown[] {
  if (!Array.isArray(arg) || arg.length !== count) {
    return scope.fail(path, `${fn} takes a list of ${count} values`);
  }
  return arg;
}

function text(value: unknown, fn: string, path: string, scope: IntrinsicScope): string {
  if (isScalar(value)) return scalarToString(value);
  return scope.fail(path, `${fn} needs a string here, got ${describe(value)}`);
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null || value === undefined) return 'nothing';
  return typeof value === 'object' ? 'an object' : typeof value;
}

function comparable(value: unknown): string {
  return isScalar(value) ? scalarToString(value) : JSON.stringify(value);
}

function getAtt(arg: unknown, path: string, scope: IntrinsicScope): unknown {
  let parts: unknown[];
  if (typeof arg === 'string') {
    const dot = arg.indexOf('.');
    parts = dot > 0 ? [arg.slice(0, dot), arg.slice(dot + 1)] : [arg];
  } else {
    parts = Array.isArray(arg) ? arg : [];
  }
  const [logicalId, attribute] = parts.map((p) => resolveValue(p, path, scope));
  if (parts.length !== 2 || typeof logicalId !== 'string' || typeof attribute !== 'string') {
    return scope.fail(path, 'Fn::GetAtt takes [LogicalId, Attribute]');
  }
  return scope.getAtt(logicalId, attribute, path);
}

function sub(arg: unknown, path: string, scope: IntrinsicScope): string {
  let template: unknown = arg;
  let vars: PlainObject = {};
  if (Array.isArray(arg)) {
    if (arg.length !== 2 || !isRecord(arg[1])) {
      return scope.fail(path, 'Fn::Sub takes a string or [string, {Var: value}]');
    }
    template = arg[0];
    const resolved = resolveValue(arg[1], path, scope);
    vars = isRecord(resolved) ? resolved : {};
  }
  if (typeof template !== 'string') return scope.fail(path, 'Fn::Sub takes a string template');
  return template.replace(/\$\{([^}]*)\}/g, (whole, inner: string) => {
    if (inner.startsWith('!')) return '${' + inner.slice(1) + '}';
    const name = inner.trim();
    if (name in vars) return text(vars[name], 'Fn::Sub', path, scope);
    // API Gateway resolves `${stageVariables.x}` per request; CloudFormation would reject it
    // in Fn::Sub, but templates write it that way often enough to keep it as written.
    if (name.startsWith('stageVariables.')) return whole;
    const dot = name.indexOf('.');
    const value =
      dot > 0 && !name.startsWith('AWS::')
        ? scope.getAtt(name.slice(0, dot), name.slice(dot + 1), path)
        : scope.ref(name, path);
    if (value === NO_VALUE) return '';
    return text(value, `Fn::Sub variable \${${name}}`, path, scope);
  });
}

function findInMap(arg: unknown, path: string, scope: IntrinsicScope): unknown {
  if (!Array.isArray(arg) || arg.length < 3 || arg.length > 4) {
    return scope.fail(path, 'Fn::FindInMap takes [MapName, TopLevelKey, SecondLevelKey]');
  }
  const [mapName, top, second] = arg.slice(0, 3).map((a) => resolveValue(a, path, scope));
  const fallback: unknown = isRecord(arg[3]) ? arg[3]['DefaultValue'] : undefined;
  const map = scope.mappings[String(mapName)];
  if (!isRecord(map)) {
    if (fallback !== undefined) return resolveValue(fallback, path, scope);
    return scope.fail(path, `Fn::FindInMap: no mapping named '${String(mapName)}' in Mappings`);
  }
  const level = map[String(top)];
  const value = isRecord(level) ? level[String(second)] : undefined;
  if (value === undefined) {
    if (fallback !== undefined) return resolveValue(fallback, path, scope);
    return scope.fail(
      path,
      `Fn::FindInMap: mapping '${String(mapName)}' has no entry '${String(top)}' > '${String(second)}'`,
    );
  }
  return value;
}

/** `Fn::Cidr [ipBlock, count, cidrBits]` for IPv4 blocks: `count` subnets of `cidrBits` host bits. */
function cidr(values: unknown[], path: string, scope: IntrinsicScope): string[] {
  const [block, countValue, bitsValue] = values;
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(String(block));
  const count = Number(countValue);
  const bits = Number(bitsValue);
  if (!m) {
    return scope.fail(
      path,
      `Fn::Cidr supports IPv4 blocks such as 10.0.0.0/16, got '${String(block)}'`,
      'ERR_TEMPLATE_UNSUPPORTED',
    );
  }
  const prefix = Number(m[5]);
  const base = m.slice(1, 5).reduce((acc, octet) => acc * 256 + Number(octet), 0);
  const subnetPrefix = 32 - bits;
  if (
    !Number.isInteger(count) ||
    count < 1 ||
    count > 256 ||
    !Number.isInteger(bits) ||
    subnetPrefix < prefix ||
    bits < 0
  ) {
    return scope.fail(path, 'Fn::Cidr: count must be 1–256 and cidrBits must fit inside the block');
  }
  const size = 2 ** bits;
  if (count * size > 2 ** (32 - prefix)) {
    return scope.fail(
      path,
      `Fn::Cidr: ${count} subnets of /${subnetPrefix} do not fit in ${String(block)}`,
    );
  }
  const start = base - (base % 2 ** (32 - prefix));
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const n = start + i * size;
    const ip = [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
    out.push(`${ip}/${subnetPrefix}`);
  }
  return out;
}
