/**
 * Turns parsed PartiQL expressions into the engine's ASTs: WHERE clauses into `Condition`s,
 * SET / REMOVE clauses into an `UpdateExpression`, literals and `?` parameters into
 * AttributeValues. Literals are bound to synthetic value references (`:p0`, `:p1`, …), so the
 * same evaluators as ConditionExpression / UpdateExpression run them.
 */
import { validation } from '../errors.js';
import type {
  AddDeleteAction,
  Condition,
  ConditionOperand,
  DocumentPath,
  SetAction,
  UpdateExpression,
  UpdateOperand,
  UpdateValue,
} from '../expressions/index.js';
import { samePath } from '../expressions/index.js';
import {
  canonicalizeNumber,
  setElementKey,
  type AttributeMap,
  type AttributeValue,
} from '../values/index.js';
import type { Expr, PathExpr, UpdateAction } from './ast.js';

const ATTRIBUTE_TYPES = new Set(['S', 'N', 'B', 'SS', 'NS', 'BS', 'M', 'L', 'BOOL', 'NULL']);

/** True when an expression is a value (literal, parameter or collection of them). */
export function isValueExpr(expr: Expr): boolean {
  switch (expr.kind) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'null':
    case 'param':
      return true;
    case 'list':
    case 'set':
      return expr.items.every(isValueExpr);
    case 'map':
      return expr.entries.every(([, v]) => isValueExpr(v));
    default:
      return false;
  }
}

function unsupported(what: string): never {
  throw validation(`Unsupported operation: ${what}`);
}

/** Binds a statement's literals and parameters to value references of one values map. */
export class Binder {
  readonly values: Record<string, AttributeValue> = {};
  private counter = 0;

  constructor(private readonly params: readonly AttributeValue[]) {}

  /** The AttributeValue of a value expression. */
  value(expr: Expr): AttributeValue {
    switch (expr.kind) {
      case 'string':
        return { S: expr.value };
      case 'number':
        return { N: canonicalizeNumber(expr.text) };
      case 'boolean':
        return { BOOL: expr.value };
      case 'null':
        return { NULL: true };
      case 'param': {
        const value = this.params[expr.index];
        if (value === undefined) {
          throw validation("Number of parameters in request and statement don't match.");
        }
        return value;
      }
      case 'list':
        return { L: expr.items.map((e) => this.value(e)) };
      case 'map': {
        const map: AttributeMap = {};
        for (const [k, v] of expr.entries) {
          let name: string;
          if (k.kind === 'string') name = k.value;
          else if (k.kind === 'path' && k.path.length === 1 && 'name' in k.path[0]!) {
            name = k.path[0].name;
          } else if (k.kind === 'param') {
            const key = this.value(k);
            if (!('S' in key)) unsupported('map keys must be strings');
            name = key.S;
          } else {
            return unsupported('map keys must be strings');
          }
          map[name] = this.value(v);
        }
        return { M: map };
      }
      case 'set':
        return this.setValue(expr.items);
      default:
        return unsupported(`${expr.kind} is not a value`);
    }
  }

  private setValue(items: readonly Expr[]): AttributeValue {
    if (items.length === 0) throw validation('Set must not be empty');
    const elements = items.map((e) => this.value(e));
    const type =
      'S' in elements[0]! ? 'SS' : 'N' in elements[0]! ? 'NS' : 'B' in elements[0]! ? 'BS' : '';
    const member = type === '' ? '' : type[0]!;
    const seen = new Set<string>();
    const out: string[] = [];
    for (const element of elements) {
      const raw = (element as Record<string, unknown>)[member];
      if (type === '' || typeof raw !== 'string') {
        throw validation('Set elements must all be strings, all numbers or all binaries');
      }
      // A set holds each element once; literal duplicates collapse.
      const key = setElementKey(type, raw);
      if (!seen.has(key)) {
        seen.add(key);
        out.push(raw);
      }
    }
    return { [type]: out } as AttributeValue;
  }

  /** A value reference for a value expression. */
  ref(expr: Expr): { kind: 'value'; ref: string } {
    return this.bind(this.value(expr));
  }

  /** A value reference for an AttributeValue. */
  bind(value: AttributeValue): { kind: 'value'; ref: string } {
    const ref = `:p${this.counter++}`;
    this.values[ref] = value;
    return { kind: 'value', ref };
  }
}

function pathOf(expr: Expr, role: string): DocumentPath {
  if (expr.kind !== 'path') unsupported(`${role} must be an attribute path`);
  return expr.path;
}

function conditionOperand(expr: Expr, binder: Binder): ConditionOperand {
  if (expr.kind === 'path') return { kind: 'path', path: expr.path };
  if (expr.kind === 'call' && expr.name === 'size') {
    if (expr.args.length !== 1) throw validation('Incorrect number of arguments for size');
    const [arg] = expr.args;
    return {
      kind: 'size',
      operand: arg!.kind === 'path' ? { kind: 'path', path: arg.path } : binder.ref(arg!),
    };
  }
  if (isValueExpr(expr)) return binder.ref(expr);
  return unsupported(`${expr.kind} as an operand`);
}

function callCondition(expr: Extract<Expr, { kind: 'call' }>, binder: Binder): Condition {
  const arity = (n: number): void => {
    if (expr.args.length !== n) {
      throw validation(`Incorrect number of arguments for ${expr.name}`);
    }
  };
  switch (expr.name) {
    case 'begins_with':
    case 'contains':
      arity(2);
      return {
        kind: 'function',
        name: expr.name,
        args: expr.args.map((a) => conditionOperand(a, binder)),
      };
    case 'attribute_type': {
      arity(2);
      const type = binder.value(expr.args[1]!);
      if (!('S' in type) || !ATTRIBUTE_TYPES.has(type.S)) {
        throw validation(
          `Invalid attribute type name found in attribute_type: ${'S' in type ? type.S : ''}`,
        );
      }
      return {
        kind: 'function',
        name: 'attribute_type',
        args: [
          { kind: 'path', path: pathOf(expr.args[0]!, 'attribute_type') },
          binder.ref(expr.args[1]!),
        ],
      };
    }
    case 'exists':
      return unsupported('EXISTS is only supported as a statement of ExecuteTransaction');
    default:
      return unsupported(`function ${expr.name} in a WHERE clause`);
  }
}

/** Compiles a WHERE clause (or part of one) into a condition. */
export function compileCondition(expr: Expr, binder: Binder): Condition {
  switch (expr.kind) {
    case 'and':
    case 'or':
      return {
        kind: expr.kind,
        left: compileCondition(expr.left, binder),
        right: compileCondition(expr.right, binder),
      };
    case 'not':
      return { kind: 'not', operand: compileCondition(expr.operand, binder) };
    case 'compare':
      return {
        kind: 'compare',
        op: expr.op,
        left: conditionOperand(expr.left, binder),
        right: conditionOperand(expr.right, binder),
      };
    case 'between':
      return {
        kind: 'between',
        operand: conditionOperand(expr.operand, binder),
        low: conditionOperand(expr.low, binder),
        high: conditionOperand(expr.high, binder),
      };
    case 'in': {
      // `IN ?` binds a list parameter: its elements are the candidates.
      const [only] = expr.list;
      if (expr.list.length === 1 && only!.kind === 'param') {
        const list = binder.value(only);
        if ('L' in list) {
          return {
            kind: 'in',
            operand: conditionOperand(expr.operand, binder),
            list: list.L.map((v) => binder.bind(v)),
          };
        }
      }
      return {
        kind: 'in',
        operand: conditionOperand(expr.operand, binder),
        list: expr.list.map((e) => conditionOperand(e, binder)),
      };
    }
    case 'is': {
      const path = pathOf(expr.operand, `IS ${expr.what}`);
      if (expr.what === 'MISSING') {
        return {
          kind: 'function',
          name: expr.negated ? 'attribute_exists' : 'attribute_not_exists',
          args: [{ kind: 'path', path }],
        };
      }
      const isNull: Condition = {
        kind: 'function',
        name: 'attribute_type',
        args: [{ kind: 'path', path }, binder.ref({ kind: 'string', value: 'NULL' })],
      };
      return expr.negated ? { kind: 'not', operand: isNull } : isNull;
    }
    case 'call':
      return callCondition(expr, binder);
    default:
      return unsupported(`${expr.kind} as a condition`);
  }
}

/** The terms of a condition joined by top-level ANDs. */
export function conjuncts(expr: Expr | undefined): Expr[] {
  if (expr === undefined) return [];
  if (expr.kind === 'and') return [...conjuncts(expr.left), ...conjuncts(expr.right)];
  return [expr];
}

/** ANDs conditions back together; undefined when there are none. */
export function joinConditions(conditions: readonly Condition[]): Condition | undefined {
  let result: Condition | undefined;
  for (const c of conditions)
    result = result === undefined ? c : { kind: 'and', left: result, right: c };
  return result;
}

/** The value side of `name = value` (either order), or undefined. */
export function equalityOn(expr: Expr, name: string): Expr | undefined {
  if (expr.kind !== 'compare' || expr.op !== '=') return undefined;
  const isKey = (e: Expr): boolean =>
    e.kind === 'path' && e.path.length === 1 && 'name' in e.path[0]! && e.path[0].name === name;
  if (isKey(expr.left) && isValueExpr(expr.right)) return expr.right;
  if (isKey(expr.right) && isValueExpr(expr.left)) return expr.left;
  return undefined;
}

/**
 * Splits a WHERE clause into the full primary key (equalities on every key attribute) and the
 * remaining condition; DynamoDB requires the key for UPDATE, DELETE and single-item reads.
 */
export function splitKey(
  where: Expr,
  keyNames: readonly string[],
  binder: Binder,
): { key: AttributeMap; condition: Condition | undefined } {
  const key: AttributeMap = {};
  const rest: Expr[] = [];
  for (const term of conjuncts(where)) {
    const name = keyNames.find((n) => key[n] === undefined && equalityOn(term, n) !== undefined);
    if (name === undefined) rest.push(term);
    else key[name] = binder.value(equalityOn(term, name)!);
  }
  if (keyNames.some((n) => key[n] === undefined)) {
    throw validation('Where clause does not contain a mandatory equality on all key attributes');
  }
  return { key, condition: joinConditions(rest.map((t) => compileCondition(t, binder))) };
}

function updateOperand(expr: Expr, binder: Binder): UpdateOperand {
  if (expr.kind === 'path') return { kind: 'path', path: expr.path };
  if (expr.kind === 'call' && expr.name === 'list_append') {
    if (expr.args.length !== 2) throw validation('Incorrect number of arguments for list_append');
    return {
      kind: 'list_append',
      first: updateOperand(expr.args[0]!, binder),
      second: updateOperand(expr.args[1]!, binder),
    };
  }
  if (expr.kind === 'call' && expr.name === 'if_not_exists') {
    if (expr.args.length !== 2) throw validation('Incorrect number of arguments for if_not_exists');
    return {
      kind: 'if_not_exists',
      path: pathOf(expr.args[0]!, 'The first operand of if_not_exists'),
      fallback: updateOperand(expr.args[1]!, binder),
    };
  }
  if (isValueExpr(expr)) return binder.ref(expr);
  return unsupported(`${expr.kind} in a SET clause`);
}

function updateValue(expr: Expr, binder: Binder): UpdateValue {
  if (expr.kind === 'arith') {
    return {
      kind: expr.op === '+' ? 'plus' : 'minus',
      left: updateOperand(expr.left, binder),
      right: updateOperand(expr.right, binder),
    };
  }
  return updateOperand(expr, binder);
}

/**
 * Compiles SET / REMOVE clauses. `SET p = set_add(p, <<…>>)` and `set_delete` become ADD / DELETE
 * actions, which is what they mean; their first argument must be the target itself.
 */
export function compileUpdate(actions: readonly UpdateAction[], binder: Binder): UpdateExpression {
  const set: SetAction[] = [];
  const remove: DocumentPath[] = [];
  const add: AddDeleteAction[] = [];
  const del: AddDeleteAction[] = [];
  for (const action of actions) {
    if (action.kind === 'remove') {
      remove.push(action.path.path);
      continue;
    }
    const value = action.value;
    if (value.kind === 'call' && (value.name === 'set_add' || value.name === 'set_delete')) {
      if (value.args.length !== 2)
        throw validation(`Incorrect number of arguments for ${value.name}`);
      const source = pathOf(value.args[0]!, `The first operand of ${value.name}`);
      if (!samePath(source, action.path.path)) {
        unsupported(`${value.name} must update the attribute it reads`);
      }
      const operand = binder.ref(value.args[1]!);
      const v = binder.values[operand.ref]!;
      if (!('SS' in v || 'NS' in v || 'BS' in v)) {
        throw validation('An operand in the update expression has an incorrect data type');
      }
      (value.name === 'set_add' ? add : del).push({ path: action.path.path, value: operand });
      continue;
    }
    set.push({ path: action.path.path, value: updateValue(value, binder) });
  }
  return { set, remove, add, delete: del };
}

/** The attribute name a projected path gets in the result: its last name, else `_<n>`. */
export function projectionName(path: PathExpr, position: number): string {
  const last = path.path[path.path.length - 1]!;
  return 'name' in last ? last.name : `_${position + 1}`;
}
