/**
 * The ASTs every DynamoDB expression (and every legacy parameter) is turned into. Paths hold
 * resolved attribute names (ExpressionAttributeNames already applied); values stay references to
 * ExpressionAttributeValues (`:v`), resolved against the request's values at evaluation.
 */

/** One step of a document path: a map key / top-level name, or a list index. */
export type PathElement = { readonly name: string } | { readonly index: number };

/** A document path such as `a.b[2].c`, with names resolved. */
export type DocumentPath = readonly PathElement[];

/** A reference to an ExpressionAttributeValues entry. */
export interface ValueOperand {
  readonly kind: 'value';
  readonly ref: string;
}

export interface PathOperand {
  readonly kind: 'path';
  readonly path: DocumentPath;
}

export interface SizeOperand {
  readonly kind: 'size';
  readonly operand: PathOperand | ValueOperand;
}

/** Something a comparison compares. */
export type ConditionOperand = PathOperand | ValueOperand | SizeOperand;

export type Comparator = '=' | '<>' | '<' | '<=' | '>' | '>=';

export type ConditionFunctionName =
  'attribute_exists' | 'attribute_not_exists' | 'attribute_type' | 'begins_with' | 'contains';

/** A ConditionExpression / FilterExpression / KeyConditionExpression. */
export type Condition =
  | {
      readonly kind: 'compare';
      readonly op: Comparator;
      readonly left: ConditionOperand;
      readonly right: ConditionOperand;
    }
  | {
      readonly kind: 'between';
      readonly operand: ConditionOperand;
      readonly low: ConditionOperand;
      readonly high: ConditionOperand;
    }
  | { readonly kind: 'in'; readonly operand: ConditionOperand; readonly list: ConditionOperand[] }
  | {
      readonly kind: 'function';
      readonly name: ConditionFunctionName;
      readonly args: ConditionOperand[];
    }
  | { readonly kind: 'and' | 'or'; readonly left: Condition; readonly right: Condition }
  | { readonly kind: 'not'; readonly operand: Condition };

/** An operand of a SET right-hand side. */
export type UpdateOperand =
  | PathOperand
  | ValueOperand
  | {
      readonly kind: 'if_not_exists';
      readonly path: DocumentPath;
      readonly fallback: UpdateOperand;
    }
  | { readonly kind: 'list_append'; readonly first: UpdateOperand; readonly second: UpdateOperand };

/** A SET right-hand side: an operand, or one `+` / `-` of two operands. */
export type UpdateValue =
  | UpdateOperand
  | {
      readonly kind: 'plus' | 'minus';
      readonly left: UpdateOperand;
      readonly right: UpdateOperand;
    };

export interface SetAction {
  readonly path: DocumentPath;
  readonly value: UpdateValue;
}

export interface AddDeleteAction {
  readonly path: DocumentPath;
  readonly value: ValueOperand;
}

/**
 * An UpdateExpression. `legacy` marks one converted from AttributeUpdates, whose ADD also appends
 * lists and whose run-time type errors use the legacy message.
 */
export interface UpdateExpression {
  readonly set: readonly SetAction[];
  readonly remove: readonly DocumentPath[];
  readonly add: readonly AddDeleteAction[];
  readonly delete: readonly AddDeleteAction[];
  readonly legacy?: boolean;
}

/** Prints a path as DynamoDB prints it in messages: `[m, k, [0]]`. */
export function formatPath(path: DocumentPath): string {
  return `[${path.map((e) => ('name' in e ? e.name : `[${e.index}]`)).join(', ')}]`;
}

/** True when two path elements are the same step. */
export function samePathElement(a: PathElement, b: PathElement): boolean {
  return 'name' in a ? 'name' in b && a.name === b.name : 'index' in b && a.index === b.index;
}

/** True when two paths are identical. */
export function samePath(a: DocumentPath, b: DocumentPath): boolean {
  return a.length === b.length && a.every((e, i) => samePathElement(e, b[i]!));
}
