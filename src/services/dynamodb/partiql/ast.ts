/**
 * The PartiQL statements DynamoDB accepts, as parsed (before parameters are bound and before the
 * table's key schema is known). `compile.ts` turns the expressions into the engine's condition
 * and update ASTs.
 */
import type { PathElement } from '../expressions/index.js';

/** A document path as written: `a.b[0]."c d"`. */
export interface PathExpr {
  readonly kind: 'path';
  readonly path: readonly PathElement[];
}

export type Comparison = '=' | '<>' | '<' | '<=' | '>' | '>=';

/** Any PartiQL expression of the subset: values, paths, calls and predicates. */
export type Expr =
  | PathExpr
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly text: string }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'null' }
  | { readonly kind: 'missing' }
  /** `?`: `index` counts from 0 in statement order. */
  | { readonly kind: 'param'; readonly index: number }
  | { readonly kind: 'list'; readonly items: readonly Expr[] }
  | { readonly kind: 'map'; readonly entries: readonly (readonly [Expr, Expr])[] }
  | { readonly kind: 'set'; readonly items: readonly Expr[] }
  /** A function call; `name` is lower-cased. */
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly Expr[] }
  | {
      readonly kind: 'arith';
      readonly op: '+' | '-';
      readonly left: Expr;
      readonly right: Expr;
    }
  | {
      readonly kind: 'compare';
      readonly op: Comparison;
      readonly left: Expr;
      readonly right: Expr;
    }
  | {
      readonly kind: 'between';
      readonly operand: Expr;
      readonly low: Expr;
      readonly high: Expr;
    }
  | { readonly kind: 'in'; readonly operand: Expr; readonly list: readonly Expr[] }
  /** `x IS [NOT] MISSING` / `x IS [NOT] NULL`. */
  | {
      readonly kind: 'is';
      readonly operand: Expr;
      readonly what: 'MISSING' | 'NULL';
      readonly negated: boolean;
    }
  | { readonly kind: 'and' | 'or'; readonly left: Expr; readonly right: Expr }
  | { readonly kind: 'not'; readonly operand: Expr };

/** `FROM "T"` or `FROM "T"."I"`. */
export interface TableRef {
  readonly table: string;
  readonly index?: string;
}

export interface OrderBy {
  readonly path: PathExpr;
  readonly descending: boolean;
}

export interface SelectStatement {
  readonly kind: 'select';
  /** `*`, or the projected paths. */
  readonly projection: '*' | readonly PathExpr[];
  readonly from: TableRef;
  readonly where: Expr | undefined;
  readonly orderBy: readonly OrderBy[];
}

export interface InsertStatement {
  readonly kind: 'insert';
  readonly table: string;
  readonly value: Expr;
}

export type UpdateAction =
  | { readonly kind: 'set'; readonly path: PathExpr; readonly value: Expr }
  | { readonly kind: 'remove'; readonly path: PathExpr };

export type ReturningMode = 'ALL OLD' | 'MODIFIED OLD' | 'ALL NEW' | 'MODIFIED NEW';

export interface UpdateStatement {
  readonly kind: 'update';
  readonly table: string;
  readonly actions: readonly UpdateAction[];
  readonly where: Expr;
  readonly returning: ReturningMode | undefined;
}

export interface DeleteStatement {
  readonly kind: 'delete';
  readonly table: string;
  readonly where: Expr;
  readonly returning: 'ALL OLD' | undefined;
}

/** `EXISTS(SELECT * FROM "T" WHERE …)`: a condition check inside ExecuteTransaction. */
export interface ExistsStatement {
  readonly kind: 'exists';
  readonly select: SelectStatement;
}

export type Statement =
  SelectStatement | InsertStatement | UpdateStatement | DeleteStatement | ExistsStatement;

/** A parsed statement and the number of `?` it holds. */
export interface ParsedStatement {
  readonly statement: Statement;
  readonly parameterCount: number;
}
