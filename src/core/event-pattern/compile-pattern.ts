/**
 * The one compiler behind EventBridge patterns, Lambda filter criteria and SNS filter policies.
 * It walks the pattern in document order (so the first error reported is the one AWS reports
 * first), and builds a tree of closures: a node per object level with its fields (dotted names
 * split into steps) and `$or` groups, and per leaf the ORed tests of its matchers.
 */
import { cidrTest, parseCidr } from './cidr.js';
import { tokenEnd } from './json-source.js';
import type { JsonEntry, JsonNode } from './json-source.js';
import { matchesWildcard, parseWildcard } from './wildcard.js';

/** A test of one scalar event value (string, number, boolean or null; never an object). */
export type ValueTest = (value: unknown) => boolean;

/** The matchers of one field path, ORed. */
export interface PatternLeaf {
  /** True if any scalar value satisfies any of these. */
  readonly test: ValueTest | undefined;
  /** Each of these is satisfied only when every scalar value passes it (SNS String.Array `anything-but`). */
  readonly everyTests: readonly ValueTest[];
  readonly existsTrue: boolean;
  readonly existsFalse: boolean;
  /** How many matchers the list holds (SNS counts combinations with it). */
  readonly size: number;
}

/** One field below an object level. */
export interface PatternField {
  /** `keys[start]` is the event key for this field when the event object sits at step `start`. */
  readonly keys: readonly string[];
  /** Step index of this field's children. */
  readonly depth: number;
  readonly leaf: PatternLeaf | undefined;
  readonly node: PatternNode | undefined;
}

/** One object level: every field must match, and for each `$or` group, one alternative. */
export interface PatternNode {
  readonly fields: readonly PatternField[];
  readonly orGroups: readonly (readonly PatternNode[])[];
}

/** Which variant of the pattern language is being compiled, and how it reports errors. */
export interface PatternDialect {
  /** Throws the caller's error for `reason`, with the source offset just past the culprit (-1: unknown). */
  readonly fail: (reason: string, offset: number) => never;
  /** The location text AWS appends for `offset` ('' when unknown); some errors carry it twice. */
  readonly locate: (offset: number) => string;
  /** Called for a nested object where the dialect allows none (SNS attribute scope). */
  readonly failNested: (() => never) | undefined;
  /** `wildcard` is a known operator. */
  readonly wildcard: boolean;
  /** `prefix`/`suffix` take `{"equals-ignore-case": …}`. */
  readonly affixIgnoreCase: boolean;
  /** Operators allowed inside `anything-but: {…}`. */
  readonly anythingButOperators: ReadonlySet<string>;
  /** `anything-but: {prefix}` takes a single string only, with the plain prefix messages (SNS). */
  readonly singlePrefixInAnythingBut: boolean;
  /** Largest magnitude allowed for a numeric operand, if limited. */
  readonly numericLimit: number | undefined;
  /** The text AWS gives when a numeric operand is out of range. */
  readonly numericLimitMessage: string;
  /** `{}` at the top level is allowed (matches everything). */
  readonly emptyTopLevel: boolean;
  /** How `anything-but` treats an array value: one element suffices, or every element must pass. */
  readonly anythingButArrays: 'any' | 'every';
}

const MATCH_TYPES = new Set([
  'exact',
  'prefix',
  'suffix',
  'anything-but',
  'numeric',
  'exists',
  'cidr',
  'equals-ignore-case',
  'wildcard',
]);

interface LeafBuild {
  tests: ValueTest[];
  everyTests: ValueTest[];
  existsTrue: boolean;
  existsFalse: boolean;
  size: number;
}

interface FieldBuild {
  steps: readonly string[];
  leaf: LeafBuild | undefined;
  node: NodeBuild | undefined;
}

interface NodeBuild {
  fields: Map<string, FieldBuild>;
  orGroups: NodeBuild[][];
}

/** Compiles a parsed pattern object (already known to be an object) into a tree. */
export function compilePatternTree(root: JsonNode, dialect: PatternDialect): PatternNode {
  if (root.kind !== 'object') return dialect.fail('Filter is not an object', tokenEnd(root));
  const build = newNode();
  if (root.entries.length === 0 && dialect.emptyTopLevel) return freezeNode(build);
  new Compiler(dialect).object(root, build, [], false);
  return freezeNode(build);
}

function newNode(): NodeBuild {
  return { fields: new Map(), orGroups: [] };
}

function freezeNode(build: NodeBuild): PatternNode {
  const fields: PatternField[] = [];
  for (const field of build.fields.values()) {
    const steps = field.steps;
    const keys: string[] = [];
    for (let start = 0; start < steps.length; start++) keys.push(steps.slice(start).join('.'));
    fields.push({
      keys,
      depth: steps.length,
      leaf: field.leaf === undefined ? undefined : freezeLeaf(field.leaf),
      node: field.node === undefined ? undefined : freezeNode(field.node),
    });
  }
  return { fields, orGroups: build.orGroups.map((group) => group.map(freezeNode)) };
}

function freezeLeaf(leaf: LeafBuild): PatternLeaf {
  const tests = leaf.tests;
  let test: ValueTest | undefined;
  if (tests.length === 1) test = tests[0];
  else if (tests.length > 1) {
    test = (value) => {
      for (let i = 0; i < tests.length; i++) if (tests[i]!(value)) return true;
      return false;
    };
  }
  return {
    test,
    everyTests: leaf.everyTests,
    existsTrue: leaf.existsTrue,
    existsFalse: leaf.existsFalse,
    size: leaf.size,
  };
}

/** The text AWS's parser gives for the token a node starts with. */
function tokenText(node: JsonNode | undefined): string {
  if (node === undefined) return ']';
  switch (node.kind) {
    case 'object':
      return '{';
    case 'array':
      return '[';
    case 'string':
      return node.value;
    case 'number':
      return node.text;
    default:
      return node.kind;
  }
}

class Compiler {
  constructor(readonly d: PatternDialect) {}

  /** Fails at the first token of `node` (where AWS's parser stands when it notices). */
  fail(reason: string, node: JsonNode): never {
    return this.d.fail(reason, tokenEnd(node));
  }

  /**
   * Fails inside an `anything-but` list: AWS re-wraps the parser error there, so its message
   * carries the location twice.
   */
  failInList(reason: string, node: JsonNode): never {
    const offset = tokenEnd(node);
    return this.d.fail(`${reason}${this.d.locate(offset)}`, offset);
  }

  /** Compiles the members of `obj` found at `path` into `into`. */
  object(
    obj: JsonNode & { kind: 'object' },
    into: NodeBuild,
    path: readonly string[],
    inOr: boolean,
  ): void {
    if (obj.entries.length === 0) this.d.fail('Empty objects are not allowed', obj.end);
    for (const entry of obj.entries) {
      if (entry.key === '$or') {
        this.or(entry, into, path);
        continue;
      }
      if (inOr && MATCH_TYPES.has(entry.key)) {
        this.d.fail(
          `${entry.key} is Ruler reserved fieldName which cannot be used inside $or.`,
          entry.keyEnd,
        );
      }
      const value = entry.value;
      const steps = entry.key.split('.');
      if (value.kind === 'object') {
        if (this.d.failNested !== undefined) this.d.failNested();
        const field = this.field(into, path, steps);
        field.node ??= newNode();
        this.object(value, field.node, [...path, ...steps], inOr);
      } else if (value.kind === 'array') {
        const leaf = this.leaf(value);
        this.field(into, path, steps).leaf = leaf;
      } else {
        this.fail(`"${entry.key}" must be an object or an array`, value);
      }
    }
  }

  /** Finds or makes the field for `steps` below `node`, descending through intermediate steps. */
  private field(node: NodeBuild, path: readonly string[], steps: readonly string[]): FieldBuild {
    let current = node;
    let fullPath = path;
    for (let i = 0; ; i++) {
      const step = steps[i] ?? '';
      fullPath = [...fullPath, step];
      let field = current.fields.get(step);
      if (field === undefined) {
        field = { steps: fullPath, leaf: undefined, node: undefined };
        current.fields.set(step, field);
      }
      if (i === steps.length - 1) return field;
      field.node ??= newNode();
      current = field.node;
    }
  }

  private or(entry: JsonEntry, into: NodeBuild, path: readonly string[]): void {
    const value = entry.value;
    if (value.kind !== 'array') return this.fail('It must be an Array followed with $or.', value);
    const group: NodeBuild[] = [];
    for (const item of value.items) {
      if (item.kind !== 'object') {
        this.fail('Only JSON object is allowed in array of $or relationship.', item);
      }
      const alternative = newNode();
      this.object(item, alternative, path, true);
      group.push(alternative);
    }
    if (group.length < 2)
      this.d.fail('There must have at least 2 Objects in $or relationship.', value.end);
    into.orGroups.push(group);
  }

  private leaf(list: JsonNode & { kind: 'array' }): LeafBuild {
    const leaf: LeafBuild = {
      tests: [],
      everyTests: [],
      existsTrue: false,
      existsFalse: false,
      size: 0,
    };
    for (const item of list.items) {
      leaf.size++;
      switch (item.kind) {
        case 'object':
          this.matchExpression(item, leaf);
          break;
        case 'string': {
          const expected = item.value;
          leaf.tests.push((v) => v === expected);
          break;
        }
        case 'number': {
          const expected = item.value;
          leaf.tests.push((v) => v === expected);
          break;
        }
        case 'true':
          leaf.tests.push((v) => v === true);
          break;
        case 'false':
          leaf.tests.push((v) => v === false);
          break;
        case 'null':
          leaf.tests.push((v) => v === null);
          break;
        default:
          this.fail('Match value must be String, number, true, false, or null', item);
      }
    }
    if (list.items.length === 0) this.d.fail('Empty arrays are not allowed', list.end);
    return leaf;
  }

  /** One `{operator: value}` object inside a leaf list. */
  private matchExpression(expr: JsonNode & { kind: 'object' }, leaf: LeafBuild): void {
    const first = expr.entries[0];
    if (first === undefined) return this.d.fail('Match expression name not found', expr.end);
    const name = first.key;
    const value = first.value;
    const onlyOneKey = (): void => {
      if (expr.entries.length > 1)
        this.d.fail('Only one key allowed in match expression', expr.entries[1]!.keyEnd);
    };
    switch (name) {
      case 'prefix':
      case 'suffix': {
        if (value.kind === 'object' && this.d.affixIgnoreCase) {
          leaf.tests.push(this.affixIgnoreCase(name, value));
          onlyOneKey();
          return;
        }
        if (value.kind !== 'string')
          return this.fail(`${name} match pattern must be a string`, value);
        const affix = value.value;
        leaf.tests.push(
          name === 'prefix'
            ? (v) => typeof v === 'string' && v.startsWith(affix)
            : (v) => typeof v === 'string' && v.endsWith(affix),
        );
        onlyOneKey();
        return;
      }
      case 'equals-ignore-case': {
        if (value.kind !== 'string') {
          return this.fail('equals-ignore-case match pattern must be a string', value);
        }
        const lower = value.value.toLowerCase();
        leaf.tests.push((v) => typeof v === 'string' && v.toLowerCase() === lower);
        onlyOneKey();
        return;
      }
      case 'wildcard': {
        if (!this.d.wildcard) return this.fail(`Unrecognized match type ${name}`, value);
        if (value.kind !== 'string')
          return this.fail('wildcard match pattern must be a string', value);
        const parsed = parseWildcard(value.value);
        if (typeof parsed === 'string') return this.fail(parsed, value);
        leaf.tests.push((v) => typeof v === 'string' && matchesWildcard(parsed, v));
        onlyOneKey();
        return;
      }
      case 'numeric': {
        if (value.kind !== 'array') return this.fail('Value of numeric must be an array.', value);
        leaf.tests.push(this.numeric(value));
        if (expr.entries.length > 1)
          this.d.fail('Too many elements in numeric expression', expr.entries[1]!.keyEnd);
        return;
      }
      case 'exists': {
        if (value.kind === 'true') leaf.existsTrue = true;
        else if (value.kind === 'false') leaf.existsFalse = true;
        else return this.fail('exists match pattern must be either true or false.', value);
        onlyOneKey();
        return;
      }
      case 'cidr': {
        if (value.kind !== 'string')
          return this.fail('prefix match pattern must be a string', value);
        const block = parseCidr(value.value);
        // AWS reports CIDR problems without a location.
        if (typeof block === 'string') return this.d.fail(block, -1);
        leaf.tests.push(cidrTest(block));
        onlyOneKey();
        return;
      }
      case 'anything-but': {
        const test = this.anythingBut(value);
        if (this.d.anythingButArrays === 'every') leaf.everyTests.push(test);
        else leaf.tests.push(test);
        if (expr.entries.length > 1)
          this.d.fail('Too many elements in numeric expression', expr.entries[1]!.keyEnd);
        return;
      }
      default:
        return this.fail(`Unrecognized match type ${name}`, value);
    }
  }

  private affixIgnoreCase(
    name: 'prefix' | 'suffix',
    obj: JsonNode & { kind: 'object' },
  ): ValueTest {
    const label = name === 'prefix' ? 'Prefix' : 'Suffix';
    const inner = obj.entries[0];
    if (inner === undefined) return this.d.fail(`${label} expression name not found`, obj.end);
    if (inner.key !== 'equals-ignore-case') {
      return this.d.fail(`Unsupported ${name} pattern: ${inner.key}`, inner.keyEnd);
    }
    if (inner.value.kind !== 'string') {
      return this.fail('equals-ignore-case match pattern must be a string', inner.value);
    }
    if (obj.entries.length > 1) {
      this.d.fail('Only one key allowed in match expression', obj.entries[1]!.keyEnd);
    }
    const lower = inner.value.value.toLowerCase();
    return name === 'prefix'
      ? (v) => typeof v === 'string' && v.toLowerCase().startsWith(lower)
      : (v) => typeof v === 'string' && v.toLowerCase().endsWith(lower);
  }

  /** Where AWS's parser stands at item `i` of `list`: the item's first token, or past `]`. */
  private at(list: JsonNode & { kind: 'array' }, i: number): number {
    const item = list.items[i];
    return item === undefined ? list.end : tokenEnd(item);
  }

  private numericOperand(list: JsonNode & { kind: 'array' }, i: number, op: string): number {
    const node = list.items[i];
    if (node?.kind !== 'number') {
      return this.d.fail(
        `Value of ${op === '=' ? 'equals' : op} must be numeric`,
        this.at(list, i),
      );
    }
    const limit = this.d.numericLimit;
    if (limit !== undefined && Math.abs(node.value) > limit) {
      return this.fail(this.d.numericLimitMessage, node);
    }
    return node.value;
  }

  /** `{"numeric": [op, n (, op2, n2)]}` with AWS's checks in AWS's order. */
  private numeric(list: JsonNode & { kind: 'array' }): ValueTest {
    const items = list.items;
    const op = items[0];
    if (op?.kind !== 'string') {
      return this.d.fail(`Invalid member in numeric match: ${tokenText(op)}`, this.at(list, 0));
    }
    const tooMany = (i: number): void => {
      if (items.length > i)
        this.d.fail('Too many elements in numeric expression', this.at(list, i));
    };
    switch (op.value) {
      case '=': {
        const n = this.numericOperand(list, 1, '=');
        tooMany(2);
        return (v) => v === n;
      }
      case '<': {
        const n = this.numericOperand(list, 1, '<');
        tooMany(2);
        return (v) => typeof v === 'number' && v < n;
      }
      case '<=': {
        const n = this.numericOperand(list, 1, '<=');
        tooMany(2);
        return (v) => typeof v === 'number' && v <= n;
      }
      case '>':
      case '>=': {
        const bottom = this.numericOperand(list, 1, op.value);
        const openBottom = op.value === '>';
        if (items.length === 2) {
          return openBottom
            ? (v) => typeof v === 'number' && v > bottom
            : (v) => typeof v === 'number' && v >= bottom;
        }
        const op2 = items[2];
        if (op2?.kind !== 'string') {
          return this.d.fail(`Bad value in numeric range: ${tokenText(op2)}`, this.at(list, 2));
        }
        if (op2.value !== '<' && op2.value !== '<=') {
          return this.fail(`Bad numeric range operator: ${op2.value}`, op2);
        }
        const top = this.numericOperand(list, 3, op2.value);
        if (items.length > 4)
          this.d.fail('Too many terms in numeric range expression', this.at(list, 4));
        if (bottom >= top) this.d.fail('Bottom must be less than top', this.at(list, 4));
        const openTop = op2.value === '<';
        return (v) =>
          typeof v === 'number' &&
          (openBottom ? v > bottom : v >= bottom) &&
          (openTop ? v < top : v <= top);
      }
      default:
        return this.fail(`Unrecognized numeric range operator: ${op.value}`, op);
    }
  }

  /** `anything-but` in all its forms; a present `null` passes every form, as AWS does. */
  private anythingBut(value: JsonNode): ValueTest {
    let operator: string | undefined;
    let operand = value;
    let wrapper: (JsonNode & { kind: 'object' }) | undefined;
    if (value.kind === 'object') {
      const inner = value.entries[0];
      if (inner === undefined)
        return this.d.fail('Anything-But expression name not found', value.end);
      if (!this.d.anythingButOperators.has(inner.key)) {
        return this.d.fail(`Unsupported anything-but pattern: ${inner.key}`, inner.keyEnd);
      }
      operator = inner.key;
      operand = inner.value;
      wrapper = value;
      if (this.d.singlePrefixInAnythingBut && operand.kind !== 'string') {
        return this.fail('prefix match pattern must be a string', operand);
      }
    }
    if (operand.kind !== 'array' && operand.kind !== 'string' && operand.kind !== 'number') {
      return this.fail(
        'Value of anything-but must be an array or single string/number value.',
        operand,
      );
    }
    let test: ValueTest;
    if (operator === undefined) test = this.anythingButValues(operand);
    else test = this.anythingButOperator(operator, operand);
    if (wrapper !== undefined && wrapper.entries.length > 1) {
      this.d.fail('Too many elements in numeric expression', wrapper.entries[1]!.keyEnd);
    }
    return test;
  }

  private anythingButValues(operand: JsonNode): ValueTest {
    const items = operand.kind === 'array' ? operand.items : [operand];
    const strings = new Set<string>();
    const numbers = new Set<number>();
    for (const item of items) {
      if (item.kind === 'string') strings.add(item.value);
      else if (item.kind === 'number') {
        const limit = this.d.numericLimit;
        if (limit !== undefined && Math.abs(item.value) > limit) {
          if (operand.kind === 'array') this.failInList(this.d.numericLimitMessage, item);
          this.fail(this.d.numericLimitMessage, item);
        }
        numbers.add(item.value);
      } else if (operand.kind === 'array') {
        this.failInList('Inside anything but list, start|null|boolean is not supported.', item);
      } else {
        this.fail('Inside anything-but list, start|null|boolean is not supported.', item);
      }
    }
    if (strings.size > 0 === numbers.size > 0) {
      this.d.fail(
        'Inside anything but list, either all values are number or string, mixed type is not supported',
        operand.end,
      );
    }
    if (strings.size > 0) {
      if (strings.size === 1) {
        const only = strings.values().next().value as string;
        return (v) => isScalar(v) && v !== only;
      }
      return (v) => isScalar(v) && !(typeof v === 'string' && strings.has(v));
    }
    return (v) => isScalar(v) && !(typeof v === 'number' && numbers.has(v));
  }

  private anythingButOperator(operator: string, operand: JsonNode): ValueTest {
    const inList = operand.kind === 'array';
    const items = operand.kind === 'array' ? operand.items : [operand];
    const fail = (reason: string, node: JsonNode): never =>
      inList ? this.failInList(reason, node) : this.fail(reason, node);
    const texts: string[] = [];
    for (const item of items) {
      if (item.kind !== 'string') {
        if (operator === 'equals-ignore-case') {
          fail(
            'Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.',
            item,
          );
        }
        if (operator === 'wildcard') fail('wildcard match pattern must be a string', item);
        return fail('prefix/suffix match pattern must be a string', item);
      }
      if ((operator === 'prefix' || operator === 'suffix') && item.value === '') {
        fail('Null prefix/suffix not allowed', item);
      }
      texts.push(item.value);
    }
    switch (operator) {
      case 'prefix':
        return (v) => isScalar(v) && !(typeof v === 'string' && texts.some((p) => v.startsWith(p)));
      case 'suffix':
        return (v) => isScalar(v) && !(typeof v === 'string' && texts.some((s) => v.endsWith(s)));
      case 'equals-ignore-case': {
        const lowered = new Set(texts.map((t) => t.toLowerCase()));
        return (v) => isScalar(v) && !(typeof v === 'string' && lowered.has(v.toLowerCase()));
      }
      default: {
        const patterns = texts.map((text) => {
          const parsed = parseWildcard(text);
          if (typeof parsed === 'string') return this.d.fail(parsed, operand.end);
          return parsed;
        });
        return (v) =>
          isScalar(v) && !(typeof v === 'string' && patterns.some((p) => matchesWildcard(p, v)));
      }
    }
  }
}

/** A value a matcher may see: JSON scalars only (not the markers callers add, such as SNS Binary). */
function isScalar(v: unknown): boolean {
  const t = typeof v;
  return t === 'string' || t === 'number' || t === 'boolean' || v === null;
}
