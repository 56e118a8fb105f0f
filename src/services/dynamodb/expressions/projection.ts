import type { AttributeMap, AttributeValue } from '../values/attribute-value.js';
import type { DocumentPath } from './ast.js';
import type { ExpressionAttributes } from './attribute-names-values.js';
import { checkExpressionText } from './attribute-names-values.js';
import { parseProjectionSyntax } from './parser.js';
import type { IssueCategory } from './semantic-checker.js';
import { SemanticChecker, parseOrThrow } from './semantic-checker.js';
import { checkPathOverlaps } from './update-expression.js';

const PROJECTION_ORDER: readonly IssueCategory[] = [
  'parens',
  'reserved',
  'name',
  'overlap',
  'conflict',
];

/**
 * Parses and checks a ProjectionExpression into its document paths, resolving
 * ExpressionAttributeNames and marking the ones it uses. Overlapping or conflicting paths are
 * errors, as in AWS.
 */
export function parseProjectionExpression(
  text: string,
  attributes: ExpressionAttributes,
): DocumentPath[] {
  checkExpressionText(text, 'ProjectionExpression');
  const raw = parseOrThrow('ProjectionExpression', () => parseProjectionSyntax(text));
  const checker = new SemanticChecker('ProjectionExpression', attributes, PROJECTION_ORDER);
  const paths = raw.map((p) => checker.resolvePath(p));
  checkPathOverlaps(paths, checker);
  checker.throwIfAny();
  return paths;
}

interface ProjectionNode {
  leaf: boolean;
  readonly names: Map<string, ProjectionNode>;
  readonly indexes: Map<number, ProjectionNode>;
}

function newNode(): ProjectionNode {
  return { leaf: false, names: new Map(), indexes: new Map() };
}

function buildTree(paths: readonly DocumentPath[]): ProjectionNode {
  const root = newNode();
  for (const path of paths) {
    let node = root;
    for (const element of path) {
      const children: Map<string | number, ProjectionNode> =
        'name' in element ? node.names : node.indexes;
      const key = 'name' in element ? element.name : element.index;
      let child = children.get(key);
      if (child === undefined) {
        child = newNode();
        children.set(key, child);
      }
      node = child;
    }
    node.leaf = true;
  }
  return root;
}

function projectValue(value: AttributeValue, node: ProjectionNode): AttributeValue | undefined {
  if (node.leaf) return value;
  if (node.names.size > 0 && 'M' in value) {
    const map: AttributeMap = {};
    let any = false;
    for (const [name, child] of node.names) {
      const element = Object.hasOwn(value.M, name) ? value.M[name] : undefined;
      const projected = element === undefined ? undefined : projectValue(element, child);
      if (projected !== undefined) {
        map[name] = projected;
        any = true;
      }
    }
    return any ? { M: map } : undefined;
  }
  if (node.indexes.size > 0 && 'L' in value) {
    // Selected list elements are compacted in index order, whatever order they were asked in.
    const list: AttributeValue[] = [];
    for (const index of [...node.indexes.keys()].sort((a, b) => a - b)) {
      const element = value.L[index];
      const projected =
        element === undefined ? undefined : projectValue(element, node.indexes.get(index)!);
      if (projected !== undefined) list.push(projected);
    }
    return list.length > 0 ? { L: list } : undefined;
  }
  return undefined;
}

/**
 * Copies the requested paths of an item into a new item with the same nesting; paths that do not
 * resolve are omitted (an item none of whose paths resolve projects to `{}`). Values are shared
 * with the input item, not copied.
 */
export function project(paths: readonly DocumentPath[], item: AttributeMap): AttributeMap {
  const root = buildTree(paths);
  const result: AttributeMap = {};
  for (const [name, node] of root.names) {
    const value = Object.hasOwn(item, name) ? item[name] : undefined;
    const projected = value === undefined ? undefined : projectValue(value, node);
    if (projected !== undefined) result[name] = projected;
  }
  return result;
}
