import type { AttributeType } from '../values/attribute-value.js';
import { typeOf } from '../values/attribute-value.js';
import type {
  AddDeleteAction,
  DocumentPath,
  SetAction,
  UpdateExpression,
  UpdateOperand,
  UpdateValue,
} from './ast.js';
import { formatPath, samePathElement } from './ast.js';
import type { ExpressionAttributes } from './attribute-names-values.js';
import { checkExpressionText } from './attribute-names-values.js';
import type { RawOperand, RawSetValue, RawUpdateSection, UpdateSectionName } from './parser.js';
import { parseUpdateSyntax } from './parser.js';
import type { IssueCategory } from './semantic-checker.js';
import { SemanticChecker, parseOrThrow } from './semantic-checker.js';

// AWS's precedence inside an UpdateExpression [DYN].
const UPDATE_ORDER: readonly IssueCategory[] = [
  'parens',
  'reserved',
  'function',
  'section',
  'name',
  'value',
  'overlap',
  'conflict',
  'type',
  'arity',
];

// Type names in the ADD/DELETE operand message.
const LEGACY_TYPE_NAMES: Record<AttributeType, string> = {
  S: 'STRING',
  N: 'NUMBER',
  B: 'BINARY',
  BOOL: 'BOOLEAN',
  NULL: 'NULL',
  L: 'LIST',
  M: 'MAP',
  SS: 'STRING_SET',
  NS: 'NUMBER_SET',
  BS: 'BINARY_SET',
};

/**
 * Reports overlapping or conflicting document paths (§4.6, §4.7): one a prefix of the other
 * overlaps; a map key and a list index at the same position conflict.
 */
export function checkPathOverlaps(paths: readonly DocumentPath[], checker: SemanticChecker): void {
  for (let i = 0; i < paths.length; i++) {
    for (let j = i + 1; j < paths.length; j++) {
      const a = paths[i]!;
      const b = paths[j]!;
      const common = Math.min(a.length, b.length);
      let k = 0;
      while (k < common && samePathElement(a[k]!, b[k]!)) k++;
      const both = `path one: ${formatPath(a)}, path two: ${formatPath(b)}`;
      if (k === common) {
        checker.issue(
          'overlap',
          `Two document paths overlap with each other; must remove or rewrite one of these paths; ${both}`,
        );
      } else if ('name' in a[k]! !== 'name' in b[k]!) {
        checker.issue(
          'conflict',
          `Two document paths conflict with each other; must remove or rewrite one of these paths; ${both}`,
        );
      }
    }
  }
}

function isRawArithmetic(
  raw: RawSetValue,
): raw is Extract<RawSetValue, { kind: 'plus' | 'minus' }> {
  return raw.kind === 'plus' || raw.kind === 'minus';
}

class UpdateResolver {
  constructor(private readonly checker: SemanticChecker) {}

  private parens(node: { parens: number }): void {
    if (node.parens > 1) this.checker.issue('parens', 'The expression has redundant parentheses;');
  }

  private valueRef(ref: string): { kind: 'value'; ref: string } {
    if (this.checker.attributes.value(ref) === undefined) {
      this.checker.issue(
        'value',
        `An expression attribute value used in expression is not defined; attribute value: ${ref}`,
      );
    }
    return { kind: 'value', ref };
  }

  private literalType(operand: UpdateOperand): AttributeType | undefined {
    if (operand.kind !== 'value') return undefined;
    const value = this.checker.attributes.values[operand.ref];
    return value === undefined ? undefined : typeOf(value);
  }

  private requireType(name: string, operand: UpdateOperand, type: AttributeType): void {
    const actual = this.literalType(operand);
    if (actual !== undefined && actual !== type) {
      this.checker.issue(
        'type',
        `Incorrect operand type for operator or function; operator or function: ${name}, operand type: ${actual}`,
      );
    }
  }

  operand(raw: RawOperand): UpdateOperand {
    this.parens(raw);
    if (raw.kind === 'path') return { kind: 'path', path: this.checker.resolvePath(raw) };
    if (raw.kind === 'value') return this.valueRef(raw.ref);
    const args = raw.args.map((a) => this.operand(a));
    const placeholder: UpdateOperand = { kind: 'value', ref: '' };
    if (raw.name !== 'if_not_exists' && raw.name !== 'list_append') {
      this.checker.issue('function', `Invalid function name; function: ${raw.name}`);
      return placeholder;
    }
    const [first, second] = args;
    if (args.length !== 2 || first === undefined || second === undefined) {
      this.checker.issue(
        'arity',
        `Incorrect number of operands for operator or function; operator or function: ${raw.name}, number of operands: ${args.length}`,
      );
      return placeholder;
    }
    if (raw.name === 'if_not_exists') {
      if (first.kind !== 'path') {
        this.checker.issue(
          'type',
          'Operator or function requires a document path; operator or function: if_not_exists',
        );
        return placeholder;
      }
      return { kind: 'if_not_exists', path: first.path, fallback: second };
    }
    this.requireType('list_append', first, 'L');
    this.requireType('list_append', second, 'L');
    return { kind: 'list_append', first, second };
  }

  setValue(raw: RawSetValue): UpdateValue {
    if (!isRawArithmetic(raw)) return this.operand(raw);
    this.parens(raw);
    const left = this.operand(raw.left);
    const right = this.operand(raw.right);
    const symbol = raw.kind === 'plus' ? '+' : '-';
    this.requireType(symbol, left, 'N');
    this.requireType(symbol, right, 'N');
    return { kind: raw.kind, left, right };
  }

  addDelete(section: 'ADD' | 'DELETE', path: DocumentPath, ref: string): AddDeleteAction {
    const value = this.valueRef(ref);
    const type = this.literalType(value);
    const allowed = section === 'ADD' ? ['N', 'SS', 'NS', 'BS'] : ['SS', 'NS', 'BS'];
    if (type !== undefined && !allowed.includes(type)) {
      this.checker.issue(
        'type',
        `Incorrect operand type for operator or function; operator: ${section}, operand type: ${LEGACY_TYPE_NAMES[type]}, typeSet: ALLOWED_FOR_${section}_OPERAND`,
      );
    }
    return { path, value };
  }

  resolve(sections: RawUpdateSection[]): UpdateExpression {
    const seen = new Set<UpdateSectionName>();
    const set: SetAction[] = [];
    const remove: DocumentPath[] = [];
    const add: AddDeleteAction[] = [];
    const del: AddDeleteAction[] = [];
    const targets: DocumentPath[] = [];
    for (const section of sections) {
      if (seen.has(section.name)) {
        this.checker.issue(
          'section',
          `The "${section.name}" section can only be used once in an update expression;`,
        );
      }
      seen.add(section.name);
      switch (section.name) {
        case 'SET':
          for (const action of section.actions) {
            const path = this.checker.resolvePath(action.path);
            targets.push(path);
            set.push({ path, value: this.setValue(action.value) });
          }
          break;
        case 'REMOVE':
          for (const raw of section.paths) {
            const path = this.checker.resolvePath(raw);
            targets.push(path);
            remove.push(path);
          }
          break;
        case 'ADD':
        case 'DELETE':
          for (const action of section.actions) {
            const path = this.checker.resolvePath(action.path);
            targets.push(path);
            (section.name === 'ADD' ? add : del).push(
              this.addDelete(section.name, path, action.value.ref),
            );
          }
          break;
      }
    }
    checkPathOverlaps(targets, this.checker);
    return { set, remove, add, delete: del };
  }
}

/**
 * Parses and checks an UpdateExpression, resolving ExpressionAttributeNames and marking the names
 * and values it uses. Throws ValidationException with AWS's `Invalid UpdateExpression: …` messages.
 */
export function parseUpdateExpression(
  text: string,
  attributes: ExpressionAttributes,
): UpdateExpression {
  checkExpressionText(text, 'UpdateExpression');
  const sections = parseOrThrow('UpdateExpression', () => parseUpdateSyntax(text));
  const checker = new SemanticChecker('UpdateExpression', attributes, UPDATE_ORDER);
  const update = new UpdateResolver(checker).resolve(sections);
  checker.throwIfAny();
  return update;
}

/**
 * Every target path of an update (SET, REMOVE, ADD, DELETE), in that order: the paths
 * UPDATED_OLD / UPDATED_NEW project, and the ones key-attribute checks look at.
 */
export function updateTargetPaths(update: UpdateExpression): DocumentPath[] {
  return [
    ...update.set.map((a) => a.path),
    ...update.remove,
    ...update.add.map((a) => a.path),
    ...update.delete.map((a) => a.path),
  ];
}
