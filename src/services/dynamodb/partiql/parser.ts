/**
 * Recursive-descent parser for DynamoDB's PartiQL subset: SELECT, INSERT, UPDATE, DELETE and
 * (inside transactions) EXISTS. Predicate precedence: OR < AND < NOT < comparison / BETWEEN / IN /
 * IS < `+` `-` < primary. Errors are ValidationExceptions with DynamoDB's
 * `Statement wasn't well formed, can't be processed: …` prefix.
 */
import type { PathElement } from '../expressions/index.js';
import type {
  Comparison,
  DeleteStatement,
  Expr,
  InsertStatement,
  OrderBy,
  ParsedStatement,
  PathExpr,
  ReturningMode,
  SelectStatement,
  Statement,
  TableRef,
  UpdateAction,
  UpdateStatement,
} from './ast.js';
import { tokenize, type Token } from './lexer.js';
import { syntaxError } from './syntax-error.js';

/** Words that end an expression or open a clause; they cannot be bare attribute names. */
const RESERVED = new Set([
  'ALL',
  'AND',
  'ASC',
  'BETWEEN',
  'BY',
  'DELETE',
  'DESC',
  'EXISTS',
  'FALSE',
  'FROM',
  'IN',
  'INSERT',
  'INTO',
  'IS',
  'MISSING',
  'NOT',
  'NULL',
  'OR',
  'ORDER',
  'REMOVE',
  'RETURNING',
  'SELECT',
  'SET',
  'TRUE',
  'UPDATE',
  'VALUE',
  'VALUES',
  'WHERE',
]);

const COMPARISONS: ReadonlyMap<string, Comparison> = new Map([
  ['=', '='],
  ['<>', '<>'],
  ['!=', '<>'],
  ['<', '<'],
  ['<=', '<='],
  ['>', '>'],
  ['>=', '>='],
]);

class Parser {
  private pos = 0;
  parameterCount = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)]!;
  }

  private next(): Token {
    const token = this.peek();
    if (token.type !== 'eof') this.pos++;
    return token;
  }

  private isKeyword(word: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.type === 'ident' && token.upper === word;
  }

  private isPunct(text: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.type === 'punct' && token.text === text;
  }

  private acceptKeyword(word: string): boolean {
    if (!this.isKeyword(word)) return false;
    this.pos++;
    return true;
  }

  private acceptPunct(text: string): boolean {
    if (!this.isPunct(text)) return false;
    this.pos++;
    return true;
  }

  private unexpected(): never {
    const token = this.peek();
    if (token.type === 'eof') throw syntaxError('Unexpected end of statement');
    if (token.type === 'ident' && RESERVED.has(token.upper)) {
      throw syntaxError(`Unexpected keyword: ${token.text}`);
    }
    throw syntaxError(`Unexpected token: ${token.text}`);
  }

  private expectKeyword(word: string): void {
    if (!this.acceptKeyword(word)) this.unexpected();
  }

  private expectPunct(text: string): void {
    if (!this.acceptPunct(text)) this.unexpected();
  }

  /** The whole input: one statement, an optional `;`, then the end. */
  parseStatement(): Statement {
    let statement: Statement;
    if (this.isKeyword('SELECT')) statement = this.parseSelect();
    else if (this.isKeyword('INSERT')) statement = this.parseInsert();
    else if (this.isKeyword('UPDATE')) statement = this.parseUpdate();
    else if (this.isKeyword('DELETE')) statement = this.parseDelete();
    else if (this.isKeyword('EXISTS')) {
      this.next();
      this.expectPunct('(');
      if (!this.isKeyword('SELECT')) this.unexpected();
      const select = this.parseSelect();
      this.expectPunct(')');
      statement = { kind: 'exists', select };
    } else {
      throw syntaxError('Expected data manipulation');
    }
    this.acceptPunct(';');
    if (this.peek().type !== 'eof') this.unexpected();
    return statement;
  }

  /** A table or index name: bare or double-quoted. */
  private parseName(): string {
    const token = this.peek();
    if (token.type === 'quoted' || (token.type === 'ident' && !RESERVED.has(token.upper))) {
      this.next();
      return token.text;
    }
    return this.unexpected();
  }

  private parseTableRef(): TableRef {
    const table = this.parseName();
    if (this.acceptPunct('.')) {
      // DynamoDB requires the quotes when an index is named.
      const token = this.peek();
      if (token.type !== 'quoted') this.unexpected();
      this.next();
      return { table, index: token.text };
    }
    return { table };
  }

  private parseSelect(): SelectStatement {
    this.expectKeyword('SELECT');
    let projection: '*' | PathExpr[];
    if (this.acceptPunct('*')) {
      projection = '*';
    } else {
      projection = [this.parsePath()];
      while (this.acceptPunct(',')) projection.push(this.parsePath());
    }
    this.expectKeyword('FROM');
    const from = this.parseTableRef();
    let where: Expr | undefined;
    if (this.acceptKeyword('WHERE')) where = this.parseExpr();
    const orderBy: OrderBy[] = [];
    if (this.acceptKeyword('ORDER')) {
      this.expectKeyword('BY');
      do {
        const path = this.parsePath();
        let descending = false;
        if (this.acceptKeyword('DESC')) descending = true;
        else this.acceptKeyword('ASC');
        orderBy.push({ path, descending });
      } while (this.acceptPunct(','));
    }
    return { kind: 'select', projection, from, where, orderBy };
  }

  private parseInsert(): InsertStatement {
    this.expectKeyword('INSERT');
    this.expectKeyword('INTO');
    const table = this.parseName();
    if (this.isKeyword('VALUES')) throw syntaxError('Unexpected keyword: VALUES');
    this.expectKeyword('VALUE');
    const value = this.parseAdditive();
    return { kind: 'insert', table, value };
  }

  private parseUpdate(): UpdateStatement {
    this.expectKeyword('UPDATE');
    const table = this.parseName();
    const actions: UpdateAction[] = [];
    for (;;) {
      if (this.acceptKeyword('SET')) {
        do {
          const path = this.parsePath();
          this.expectPunct('=');
          actions.push({ kind: 'set', path, value: this.parseAdditive() });
        } while (this.acceptPunct(','));
      } else if (this.acceptKeyword('REMOVE')) {
        do actions.push({ kind: 'remove', path: this.parsePath() });
        while (this.acceptPunct(','));
      } else {
        break;
      }
    }
    if (actions.length === 0) this.unexpected();
    this.expectKeyword('WHERE');
    const where = this.parseExpr();
    let returning: ReturningMode | undefined;
    if (this.acceptKeyword('RETURNING')) {
      const which = this.next();
      const age = this.next();
      const mode = `${which.upper} ${age.upper}`;
      if (
        (which.upper !== 'ALL' && which.upper !== 'MODIFIED') ||
        (age.upper !== 'OLD' && age.upper !== 'NEW')
      ) {
        throw syntaxError(`Unexpected token: ${which.text}`);
      }
      this.expectPunct('*');
      returning = mode as ReturningMode;
    }
    return { kind: 'update', table, actions, where, returning };
  }

  private parseDelete(): DeleteStatement {
    this.expectKeyword('DELETE');
    this.expectKeyword('FROM');
    const table = this.parseName();
    this.expectKeyword('WHERE');
    const where = this.parseExpr();
    let returning: 'ALL OLD' | undefined;
    if (this.acceptKeyword('RETURNING')) {
      this.expectKeyword('ALL');
      this.expectKeyword('OLD');
      this.expectPunct('*');
      returning = 'ALL OLD';
    }
    return { kind: 'delete', table, where, returning };
  }

  /** A document path: a name, then `.name`, `."name"`, `[n]` or `['name']` steps. */
  parsePath(): PathExpr {
    const first = this.peek();
    if (first.type !== 'quoted' && (first.type !== 'ident' || RESERVED.has(first.upper))) {
      if (first.type === 'eof') this.unexpected();
      throw syntaxError(`Expected identifier for simple path, found: ${first.text}`);
    }
    this.next();
    const path: PathElement[] = [{ name: first.text }];
    for (;;) {
      if (this.isPunct('.')) {
        const step = this.peek(1);
        if (step.type !== 'ident' && step.type !== 'quoted') break;
        this.pos += 2;
        path.push({ name: step.text });
      } else if (this.isPunct('[')) {
        const step = this.peek(1);
        if (step.type === 'number' && /^\d+$/.test(step.text)) {
          path.push({ index: Number(step.text) });
        } else if (step.type === 'string') {
          path.push({ name: step.text });
        } else {
          this.pos++;
          this.unexpected();
        }
        this.pos += 2;
        this.expectPunct(']');
      } else {
        break;
      }
    }
    return { kind: 'path', path };
  }

  parseExpr(): Expr {
    let left = this.parseAnd();
    while (this.acceptKeyword('OR')) left = { kind: 'or', left, right: this.parseAnd() };
    return left;
  }

  private parseAnd(): Expr {
    let left = this.parseNot();
    while (this.acceptKeyword('AND')) left = { kind: 'and', left, right: this.parseNot() };
    return left;
  }

  private parseNot(): Expr {
    if (this.acceptKeyword('NOT')) return { kind: 'not', operand: this.parseNot() };
    return this.parsePredicate();
  }

  private parsePredicate(): Expr {
    const left = this.parseAdditive();
    const token = this.peek();
    const comparison = token.type === 'punct' ? COMPARISONS.get(token.text) : undefined;
    if (comparison !== undefined) {
      this.next();
      return { kind: 'compare', op: comparison, left, right: this.parseAdditive() };
    }
    const negated =
      this.isKeyword('NOT') && (this.isKeyword('BETWEEN', 1) || this.isKeyword('IN', 1));
    if (negated) this.next();
    let predicate: Expr | undefined;
    if (this.acceptKeyword('BETWEEN')) {
      const low = this.parseAdditive();
      this.expectKeyword('AND');
      predicate = { kind: 'between', operand: left, low, high: this.parseAdditive() };
    } else if (this.acceptKeyword('IN')) {
      predicate = { kind: 'in', operand: left, list: this.parseInList() };
    }
    if (predicate !== undefined) return negated ? { kind: 'not', operand: predicate } : predicate;
    if (this.acceptKeyword('IS')) {
      const not = this.acceptKeyword('NOT');
      if (this.acceptKeyword('MISSING')) {
        return { kind: 'is', operand: left, what: 'MISSING', negated: not };
      }
      if (this.acceptKeyword('NULL'))
        return { kind: 'is', operand: left, what: 'NULL', negated: not };
      this.unexpected();
    }
    return left;
  }

  /** `IN [a, b]` or `IN (a, b)`. */
  private parseInList(): Expr[] {
    const close = this.acceptPunct('[') ? ']' : this.acceptPunct('(') ? ')' : undefined;
    if (close === undefined) {
      if (this.peek().type === 'param') {
        this.next();
        return [{ kind: 'param', index: this.parameterCount++ }];
      }
      this.unexpected();
    }
    const items: Expr[] = [];
    if (!this.acceptPunct(close)) {
      do items.push(this.parseAdditive());
      while (this.acceptPunct(','));
      this.expectPunct(close);
    }
    return items;
  }

  parseAdditive(): Expr {
    let left = this.parsePrimary();
    for (;;) {
      if (this.isPunct('+') || this.isPunct('-')) {
        const op = this.next().text as '+' | '-';
        left = { kind: 'arith', op, left, right: this.parsePrimary() };
      } else {
        return left;
      }
    }
  }

  private parseSequence(close: string): Expr[] {
    const items: Expr[] = [];
    if (this.acceptPunct(close)) return items;
    do items.push(this.parseAdditive());
    while (this.acceptPunct(','));
    this.expectPunct(close);
    return items;
  }

  private parsePrimary(): Expr {
    const token = this.peek();
    switch (token.type) {
      case 'string':
        this.next();
        return { kind: 'string', value: token.text };
      case 'number':
        this.next();
        return { kind: 'number', text: token.text };
      case 'param':
        this.next();
        return { kind: 'param', index: this.parameterCount++ };
      case 'quoted':
        return this.parsePath();
      case 'ident': {
        switch (token.upper) {
          case 'TRUE':
          case 'FALSE':
            this.next();
            return { kind: 'boolean', value: token.upper === 'TRUE' };
          case 'NULL':
            this.next();
            return { kind: 'null' };
          case 'MISSING':
            this.next();
            return { kind: 'missing' };
          default:
            break;
        }
        if (this.isPunct('(', 1) && !RESERVED.has(token.upper)) {
          this.pos += 2;
          return { kind: 'call', name: token.text.toLowerCase(), args: this.parseSequence(')') };
        }
        return this.parsePath();
      }
      case 'punct':
        if (token.text === '-' || token.text === '+') {
          const number = this.peek(1);
          if (number.type === 'number') {
            this.pos += 2;
            return { kind: 'number', text: token.text === '-' ? `-${number.text}` : number.text };
          }
        }
        if (this.acceptPunct('(')) {
          const inner = this.parseExpr();
          this.expectPunct(')');
          return inner;
        }
        if (this.acceptPunct('[')) return { kind: 'list', items: this.parseSequence(']') };
        if (this.acceptPunct('<<')) return { kind: 'set', items: this.parseSequence('>>') };
        if (this.acceptPunct('{')) {
          const entries: (readonly [Expr, Expr])[] = [];
          if (!this.acceptPunct('}')) {
            do {
              const key = this.parsePrimary();
              this.expectPunct(':');
              entries.push([key, this.parseAdditive()]);
            } while (this.acceptPunct(','));
            this.expectPunct('}');
          }
          return { kind: 'map', entries };
        }
        return this.unexpected();
      default:
        return this.unexpected();
    }
  }
}

/** Parses one PartiQL statement; throws ValidationException on a syntax error. */
export function parseStatement(text: string): ParsedStatement {
  const parser = new Parser(tokenize(text));
  const statement = parser.parseStatement();
  return { statement, parameterCount: parser.parameterCount };
}
