import type { Token } from './lexer.js';
import { tokenize } from './lexer.js';
import type { Comparator } from './ast.js';

/**
 * Recursive-descent parsers for the grammar of each expression kind. They check syntax only and
 * return raw trees (names still as written, functions not yet classified); the semantic passes in
 * condition-expression.ts, update-expression.ts and projection.ts resolve and check them, so that
 * errors come out in AWS's precedence (syntax first).
 */

export type RawPathElement =
  | { readonly type: 'bare'; readonly text: string }
  | { readonly type: 'ref'; readonly text: string }
  | { readonly type: 'index'; readonly text: string };

interface Parenthesized {
  /** How many pairs of parentheses directly wrap this node. */
  parens: number;
}

export interface RawPath extends Parenthesized {
  readonly kind: 'path';
  readonly elements: RawPathElement[];
}

export interface RawValue extends Parenthesized {
  readonly kind: 'value';
  readonly ref: string;
}

export interface RawCall extends Parenthesized {
  readonly kind: 'call';
  readonly name: string;
  readonly args: RawOperand[];
}

export type RawOperand = RawPath | RawValue | RawCall;

export type RawCondition = Parenthesized &
  (
    | { readonly kind: 'compare'; readonly op: Comparator; left: RawOperand; right: RawOperand }
    | { readonly kind: 'between'; operand: RawOperand; low: RawOperand; high: RawOperand }
    | { readonly kind: 'in'; readonly keyword: string; operand: RawOperand; list: RawOperand[] }
    | { readonly kind: 'call'; readonly call: RawCall }
    | {
        readonly kind: 'and' | 'or';
        readonly keyword: string;
        left: RawCondition;
        right: RawCondition;
      }
    | { readonly kind: 'not'; readonly keyword: string; operand: RawCondition }
  );

export type RawSetValue =
  | RawOperand
  | { readonly kind: 'plus' | 'minus'; left: RawOperand; right: RawOperand; parens: number };

export type UpdateSectionName = 'SET' | 'REMOVE' | 'ADD' | 'DELETE';

export type RawUpdateSection =
  | { readonly name: 'SET'; readonly actions: { path: RawPath; value: RawSetValue }[] }
  | { readonly name: 'REMOVE'; readonly paths: RawPath[] }
  | { readonly name: 'ADD' | 'DELETE'; readonly actions: { path: RawPath; value: RawValue }[] };

/** A syntax error at a token; `index` lets backtracking keep the error that got furthest. */
export class ExpressionSyntaxError extends Error {
  constructor(
    readonly index: number,
    detail: string,
  ) {
    super(detail);
  }
}

const COMPARATORS = new Set(['=', '<>', '<', '<=', '>', '>=']);

class Parser {
  private pos = 0;
  private readonly tokens: Token[];

  constructor(private readonly source: string) {
    this.tokens = tokenize(source);
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)]!;
  }

  private next(): Token {
    const token = this.peek();
    if (this.pos < this.tokens.length - 1) this.pos++;
    return token;
  }

  private isPunct(text: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.type === 'punct' && token.text === text;
  }

  private isKeyword(value: string): boolean {
    const token = this.peek();
    return token.type === 'keyword' && token.value === value;
  }

  /** Builds AWS's `Syntax error; token: "x", near: "prev x next"` for the current token. */
  fail(): ExpressionSyntaxError {
    const index = this.pos;
    const token = this.tokens[index]!;
    const previous = index > 0 ? this.tokens[index - 1] : undefined;
    const following = token.type === 'eof' ? undefined : this.tokens[index + 1];
    const start = previous?.start ?? token.start;
    const end = following?.end ?? token.end;
    return new ExpressionSyntaxError(
      index,
      `Syntax error; token: "${token.text}", near: "${this.source.slice(start, end)}"`,
    );
  }

  private expectPunct(text: string): void {
    if (!this.isPunct(text)) throw this.fail();
    this.next();
  }

  expectEnd(): void {
    if (this.peek().type !== 'eof') throw this.fail();
  }

  // ---- operands and paths ----

  parsePath(): RawPath {
    const first = this.peek();
    if (first.type !== 'name' && first.type !== 'nameRef') throw this.fail();
    this.next();
    const elements: RawPathElement[] = [
      { type: first.type === 'name' ? 'bare' : 'ref', text: first.text },
    ];
    for (;;) {
      if (this.isPunct('.')) {
        this.next();
        const token = this.peek();
        if (token.type !== 'name' && token.type !== 'nameRef') throw this.fail();
        this.next();
        elements.push({ type: token.type === 'name' ? 'bare' : 'ref', text: token.text });
      } else if (this.isPunct('[')) {
        this.next();
        const token = this.peek();
        // No sign, no placeholder, no leading zeros.
        if (token.type !== 'number' || (token.text.length > 1 && token.text.startsWith('0'))) {
          throw this.fail();
        }
        this.next();
        this.expectPunct(']');
        elements.push({ type: 'index', text: token.text });
      } else {
        return { kind: 'path', elements, parens: 0 };
      }
    }
  }

  parseOperand(): RawOperand {
    const token = this.peek();
    if (this.isPunct('(')) {
      this.next();
      const inner = this.parseOperand();
      this.expectPunct(')');
      inner.parens += 1;
      return inner;
    }
    if (token.type === 'valueRef') {
      this.next();
      return { kind: 'value', ref: token.text, parens: 0 };
    }
    if (token.type === 'name' && this.isPunct('(', 1)) {
      this.next();
      this.next();
      const args: RawOperand[] = [];
      if (!this.isPunct(')')) {
        args.push(this.parseOperand());
        while (this.isPunct(',')) {
          this.next();
          args.push(this.parseOperand());
        }
      }
      this.expectPunct(')');
      return { kind: 'call', name: token.text, args, parens: 0 };
    }
    return this.parsePath();
  }

  // ---- conditions ----

  parseCondition(): RawCondition {
    let left = this.parseAnd();
    while (this.isKeyword('OR')) {
      const keyword = this.next().text;
      const right = this.parseAnd();
      left = { kind: 'or', keyword, left, right, parens: 0 };
    }
    return left;
  }

  private parseAnd(): RawCondition {
    let left = this.parseNot();
    while (this.isKeyword('AND')) {
      const keyword = this.next().text;
      const right = this.parseNot();
      left = { kind: 'and', keyword, left, right, parens: 0 };
    }
    return left;
  }

  private parseNot(): RawCondition {
    if (this.isKeyword('NOT')) {
      const keyword = this.next().text;
      return { kind: 'not', keyword, operand: this.parseNot(), parens: 0 };
    }
    return this.parsePrimary();
  }

  private parsePrimary(): RawCondition {
    if (!this.isPunct('(')) return this.parseComparison();
    // `(` opens either a grouped condition or a parenthesized operand: try the group first and
    // fall back, reporting whichever attempt got further if both fail.
    const start = this.pos;
    try {
      this.next();
      const inner = this.parseCondition();
      this.expectPunct(')');
      inner.parens += 1;
      return inner;
    } catch (groupError) {
      if (!(groupError instanceof ExpressionSyntaxError)) throw groupError;
      this.pos = start;
      try {
        return this.parseComparison();
      } catch (operandError) {
        if (!(operandError instanceof ExpressionSyntaxError)) throw operandError;
        throw operandError.index > groupError.index ? operandError : groupError;
      }
    }
  }

  private parseComparison(): RawCondition {
    const operand = this.parseOperand();
    const token = this.peek();
    if (token.type === 'punct' && COMPARATORS.has(token.text)) {
      this.next();
      return {
        kind: 'compare',
        op: token.text as Comparator,
        left: operand,
        right: this.parseOperand(),
        parens: 0,
      };
    }
    if (this.isKeyword('BETWEEN')) {
      this.next();
      const low = this.parseOperand();
      if (!this.isKeyword('AND')) throw this.fail();
      this.next();
      return { kind: 'between', operand, low, high: this.parseOperand(), parens: 0 };
    }
    if (this.isKeyword('IN')) {
      const keyword = this.next().text;
      this.expectPunct('(');
      const list = [this.parseOperand()];
      while (this.isPunct(',')) {
        this.next();
        list.push(this.parseOperand());
      }
      this.expectPunct(')');
      return { kind: 'in', keyword, operand, list, parens: 0 };
    }
    if (operand.kind === 'call') return { kind: 'call', call: operand, parens: 0 };
    // A path or value on its own is not a condition; AWS reports the token that follows it.
    throw this.fail();
  }

  // ---- update expressions ----

  parseUpdate(): RawUpdateSection[] {
    const sections: RawUpdateSection[] = [];
    do {
      const token = this.peek();
      if (token.type !== 'keyword') throw this.fail();
      switch (token.value) {
        case 'SET':
          this.next();
          sections.push({ name: 'SET', actions: this.parseList(() => this.parseSetAction()) });
          break;
        case 'REMOVE':
          this.next();
          sections.push({ name: 'REMOVE', paths: this.parseList(() => this.parsePath()) });
          break;
        case 'ADD':
        case 'DELETE': {
          this.next();
          const actions = this.parseList(() => {
            const path = this.parsePath();
            const value = this.peek();
            if (value.type !== 'valueRef') throw this.fail();
            this.next();
            return { path, value: { kind: 'value' as const, ref: value.text, parens: 0 } };
          });
          sections.push({ name: token.value, actions });
          break;
        }
        default:
          throw this.fail();
      }
    } while (this.peek().type !== 'eof');
    return sections;
  }

  private parseList<T>(item: () => T): T[] {
    const items = [item()];
    while (this.isPunct(',')) {
      this.next();
      items.push(item());
    }
    return items;
  }

  private parseSetAction(): { path: RawPath; value: RawSetValue } {
    const path = this.parsePath();
    this.expectPunct('=');
    const left = this.parseOperand();
    if (this.isPunct('+') || this.isPunct('-')) {
      const kind = this.next().text === '+' ? 'plus' : 'minus';
      return { path, value: { kind, left, right: this.parseOperand(), parens: 0 } };
    }
    return { path, value: left };
  }

  // ---- projections ----

  parseProjection(): RawPath[] {
    return this.parseList(() => this.parsePath());
  }
}

/** Parses the syntax of a condition, filter or key condition. Throws ExpressionSyntaxError. */
export function parseConditionSyntax(source: string): RawCondition {
  const parser = new Parser(source);
  const condition = parser.parseCondition();
  parser.expectEnd();
  return condition;
}

/** Parses the syntax of an update expression. Throws ExpressionSyntaxError. */
export function parseUpdateSyntax(source: string): RawUpdateSection[] {
  const parser = new Parser(source);
  const sections = parser.parseUpdate();
  parser.expectEnd();
  return sections;
}

/** Parses the syntax of a projection expression. Throws ExpressionSyntaxError. */
export function parseProjectionSyntax(source: string): RawPath[] {
  const parser = new Parser(source);
  const paths = parser.parseProjection();
  parser.expectEnd();
  return paths;
}
