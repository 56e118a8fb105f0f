import type { AttributeValue } from '../values/attribute-value.js';
import { ATTRIBUTE_TYPES, typeOf } from '../values/attribute-value.js';
import { compareScalars } from '../values/compare.js';
import type {
  Condition,
  ConditionFunctionName,
  ConditionOperand,
  PathOperand,
  ValueOperand,
} from './ast.js';
import { formatPath, samePath } from './ast.js';
import type { ExpressionAttributes, ExpressionParam } from './attribute-names-values.js';
import { checkExpressionText } from './attribute-names-values.js';
import type { RawCall, RawCondition, RawOperand } from './parser.js';
import { parseConditionSyntax } from './parser.js';
import type { IssueCategory } from './semantic-checker.js';
import { SemanticChecker, parseOrThrow } from './semantic-checker.js';

/** Most operands an `IN` list may have. */
export const MAX_IN_OPERANDS = 100;

const CONDITION_FUNCTIONS = new Set<string>([
  'attribute_exists',
  'attribute_not_exists',
  'attribute_type',
  'begins_with',
  'contains',
]);

// AWS's precedence for conditions [DYN]; operand count, distinctness and operand type share the
// last rank, so the first one met wins.
const CONDITION_ORDER: readonly IssueCategory[] = [
  'parens',
  'function',
  'misuse',
  'reserved',
  'name',
  'value',
];

const ORDERABLE = new Set(['S', 'N', 'B']);

/** Options for parseConditionExpression. */
export interface ConditionParseOptions {
  /**
   * Accept a value as the first operand of `begins_with`; KeyConditionExpression analysis reports
   * that case with its own message.
   */
  readonly keyCondition?: boolean;
}

/** Formats a value as AWS does in BETWEEN messages: `AttributeValue: {N:1}`. */
export function formatOperandValue(value: AttributeValue): string {
  const type = typeOf(value);
  const raw = (value as Record<string, unknown>)[type];
  return `AttributeValue: {${type}:${Array.isArray(raw) ? `[${raw.join(', ')}]` : String(raw)}}`;
}

class ConditionResolver {
  constructor(
    private readonly checker: SemanticChecker,
    private readonly options: ConditionParseOptions,
  ) {}

  private value(ref: string): ValueOperand {
    if (this.checker.attributes.value(ref) === undefined) {
      this.checker.issue(
        'value',
        `An expression attribute value used in expression is not defined; attribute value: ${ref}`,
      );
    }
    return { kind: 'value', ref };
  }

  private valueOf(operand: ConditionOperand): AttributeValue | undefined {
    return operand.kind === 'value' ? this.checker.attributes.values[operand.ref] : undefined;
  }

  private parens(node: { parens: number }): void {
    if (node.parens > 1) this.checker.issue('parens', 'The expression has redundant parentheses;');
  }

  /** The type of an operand known before evaluation (a value, or `size` which is a number). */
  private staticType(operand: ConditionOperand): string | undefined {
    if (operand.kind === 'size') return 'N';
    const value = this.valueOf(operand);
    return value === undefined ? undefined : typeOf(value);
  }

  private checkOperandType(name: string, operand: ConditionOperand, allowed: Set<string>): void {
    const type = this.staticType(operand);
    if (type !== undefined && !allowed.has(type)) {
      this.checker.issue(
        'type',
        `Incorrect operand type for operator or function; operator or function: ${name}, operand type: ${type}`,
      );
    }
  }

  private checkArity(name: string, args: readonly unknown[], expected: number): boolean {
    if (args.length === expected) return true;
    this.checker.issue(
      'arity',
      `Incorrect number of operands for operator or function; operator or function: ${name}, number of operands: ${args.length}`,
    );
    return false;
  }

  private checkDistinct(name: string, first: ConditionOperand, rest: ConditionOperand[]): void {
    if (first.kind !== 'path') return;
    if (rest.some((o) => o.kind === 'path' && samePath(o.path, first.path))) {
      this.checker.issue(
        'type',
        `The first operand must be distinct from the remaining operands for this operator or function; operator: ${name}, first operand: ${formatPath(first.path)}`,
      );
    }
  }

  private requirePath(name: string, operand: ConditionOperand): void {
    if (operand.kind !== 'path') {
      this.checker.issue(
        'type',
        `Operator or function requires a document path; operator or function: ${name}`,
      );
    }
  }

  /** An operand of a comparison, BETWEEN, IN or function argument. */
  operand(raw: RawOperand): ConditionOperand {
    this.parens(raw);
    if (raw.kind === 'path') return { kind: 'path', path: this.checker.resolvePath(raw) };
    if (raw.kind === 'value') return this.value(raw.ref);
    return this.callAsOperand(raw);
  }

  private callAsOperand(call: RawCall): ConditionOperand {
    const args = call.args.map((a) => this.operand(a));
    if (call.name !== 'size') {
      this.checker.issue(
        CONDITION_FUNCTIONS.has(call.name) ? 'misuse' : 'function',
        CONDITION_FUNCTIONS.has(call.name)
          ? `The function is not allowed to be used this way in an expression; function: ${call.name}`
          : `Invalid function name; function: ${call.name}`,
      );
      return { kind: 'value', ref: '' };
    }
    const [arg] = args;
    if (!this.checkArity('size', args, 1) || arg === undefined) return { kind: 'value', ref: '' };
    if (arg.kind === 'size') {
      this.requirePath('size', arg);
      return { kind: 'value', ref: '' };
    }
    if (arg.kind === 'value') {
      this.checkOperandType('size', arg, new Set(['S', 'B', 'SS', 'NS', 'BS', 'L', 'M']));
    }
    return { kind: 'size', operand: arg };
  }

  condition(raw: RawCondition): Condition {
    this.parens(raw);
    switch (raw.kind) {
      case 'and':
      case 'or':
        return { kind: raw.kind, left: this.condition(raw.left), right: this.condition(raw.right) };
      case 'not':
        return { kind: 'not', operand: this.condition(raw.operand) };
      case 'compare': {
        const left = this.operand(raw.left);
        const right = this.operand(raw.right);
        if (raw.op !== '=' && raw.op !== '<>') {
          this.checkOperandType(raw.op, left, ORDERABLE);
          this.checkOperandType(raw.op, right, ORDERABLE);
        }
        this.checkDistinct(raw.op, left, [right]);
        return { kind: 'compare', op: raw.op, left, right };
      }
      case 'between': {
        const operand = this.operand(raw.operand);
        const low = this.operand(raw.low);
        const high = this.operand(raw.high);
        for (const o of [operand, low, high]) this.checkOperandType('BETWEEN', o, ORDERABLE);
        this.checkDistinct('BETWEEN', operand, [low, high]);
        this.checkBounds(low, high);
        return { kind: 'between', operand, low, high };
      }
      case 'in': {
        const operand = this.operand(raw.operand);
        const list = raw.list.map((o) => this.operand(o));
        if (list.length > MAX_IN_OPERANDS) {
          this.checker.issue(
            'type',
            `The IN operator is provided with too many operands; number of operands: ${list.length}`,
          );
        }
        this.checkDistinct('IN', operand, list);
        return { kind: 'in', operand, list };
      }
      case 'call':
        return this.functionCondition(raw.call);
    }
  }

  private checkBounds(low: ConditionOperand, high: ConditionOperand): void {
    const lowValue = this.valueOf(low);
    const highValue = this.valueOf(high);
    if (lowValue === undefined || highValue === undefined) return;
    const lowType = typeOf(lowValue);
    const highType = typeOf(highValue);
    if (!ORDERABLE.has(lowType) || !ORDERABLE.has(highType)) return;
    const bounds = `lower bound operand: ${formatOperandValue(lowValue)}, upper bound operand: ${formatOperandValue(highValue)}`;
    if (lowType !== highType) {
      this.checker.issue(
        'type',
        `The BETWEEN operator requires same data type for lower and upper bounds; ${bounds}`,
      );
    } else if ((compareScalars(lowValue, highValue) ?? 0) > 0) {
      this.checker.issue(
        'type',
        `The BETWEEN operator requires upper bound to be greater than or equal to lower bound; ${bounds}`,
      );
    }
  }

  private functionCondition(call: RawCall): Condition {
    const args = call.args.map((a) => this.operand(a));
    const placeholder: Condition = { kind: 'function', name: 'attribute_exists', args };
    if (call.name === 'size') {
      this.checker.issue(
        'misuse',
        'The function is not allowed to be used this way in an expression; function: size',
      );
      return placeholder;
    }
    if (!CONDITION_FUNCTIONS.has(call.name)) {
      this.checker.issue('function', `Invalid function name; function: ${call.name}`);
      return placeholder;
    }
    const name = call.name as ConditionFunctionName;
    const [first, second] = args;
    switch (name) {
      case 'attribute_exists':
      case 'attribute_not_exists':
        if (this.checkArity(name, args, 1) && first !== undefined) this.requirePath(name, first);
        break;
      case 'attribute_type':
        if (this.checkArity(name, args, 2) && first !== undefined && second !== undefined) {
          this.requirePath(name, first);
          this.checkTypeName(second);
        }
        break;
      case 'begins_with':
        if (this.checkArity(name, args, 2) && first !== undefined && second !== undefined) {
          if (!this.options.keyCondition) this.requirePath(name, first);
          this.checkOperandType(name, second, new Set(['S', 'B']));
          this.checkOperandType(name, first, new Set(['S', 'B']));
          this.checkDistinct(name, first, [second]);
        }
        break;
      case 'contains':
        if (this.checkArity(name, args, 2) && first !== undefined && second !== undefined) {
          this.requirePath(name, first);
          this.checkDistinct(name, first, [second]);
        }
        break;
    }
    return { kind: 'function', name, args };
  }

  private checkTypeName(operand: ConditionOperand): void {
    const value = this.valueOf(operand);
    if (value === undefined) return;
    if (!('S' in value)) {
      this.checkOperandType('attribute_type', operand, new Set(['S']));
      return;
    }
    if (!(ATTRIBUTE_TYPES as readonly string[]).includes(value.S)) {
      this.checker.issue(
        'type',
        `Invalid attribute type name found; type: ${value.S}, valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}`,
      );
    }
  }
}

/**
 * Parses and checks a ConditionExpression, FilterExpression or KeyConditionExpression, resolving
 * ExpressionAttributeNames and marking the names and values it uses. Throws ValidationException
 * with AWS's `Invalid <param>: …` messages.
 */
export function parseConditionExpression(
  text: string,
  param: ExpressionParam,
  attributes: ExpressionAttributes,
  options: ConditionParseOptions = {},
): Condition {
  checkExpressionText(text, param);
  const raw = parseOrThrow(param, () => parseConditionSyntax(text));
  return resolveCondition(raw, param, attributes, options);
}

/** The semantic pass of parseConditionExpression, for callers that inspected the raw tree. */
export function resolveCondition(
  raw: RawCondition,
  param: ExpressionParam,
  attributes: ExpressionAttributes,
  options: ConditionParseOptions = {},
): Condition {
  const checker = new SemanticChecker(param, attributes, CONDITION_ORDER);
  const condition = new ConditionResolver(checker, options).condition(raw);
  checker.throwIfAny();
  return condition;
}

/** Every document path a condition reads (for key-attribute checks). */
export function conditionPaths(condition: Condition): PathOperand['path'][] {
  const paths: PathOperand['path'][] = [];
  const visitOperand = (operand: ConditionOperand): void => {
    if (operand.kind === 'path') paths.push(operand.path);
    else if (operand.kind === 'size') visitOperand(operand.operand);
  };
  const visit = (node: Condition): void => {
    switch (node.kind) {
      case 'and':
      case 'or':
        visit(node.left);
        visit(node.right);
        break;
      case 'not':
        visit(node.operand);
        break;
      case 'compare':
        visitOperand(node.left);
        visitOperand(node.right);
        break;
      case 'between':
        [node.operand, node.low, node.high].forEach(visitOperand);
        break;
      case 'in':
        [node.operand, ...node.list].forEach(visitOperand);
        break;
      case 'function':
        node.args.forEach(visitOperand);
        break;
    }
  };
  visit(condition);
  return paths;
}
