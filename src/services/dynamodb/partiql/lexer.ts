/**
 * The PartiQL tokenizer: bare identifiers (keywords are identifiers recognised by the parser),
 * double-quoted identifiers, single-quoted strings (`''` escapes a quote), numbers, `?` and
 * punctuation, including the `<<` / `>>` of set literals.
 */
import { syntaxError } from './syntax-error.js';

export type TokenType = 'ident' | 'quoted' | 'string' | 'number' | 'param' | 'punct' | 'eof';

export interface Token {
  readonly type: TokenType;
  /** The identifier or string content (unquoted), the number or punctuation text. */
  readonly text: string;
  /** Upper-cased text for `ident` (keyword matching); `text` otherwise. */
  readonly upper: string;
  readonly start: number;
}

const PUNCTUATION = [
  '<<',
  '>>',
  '<>',
  '!=',
  '<=',
  '>=',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  ',',
  '.',
  ':',
  '*',
  '=',
  '<',
  '>',
  '+',
  '-',
  ';',
];

function isIdentStart(c: string): boolean {
  return /[A-Za-z_$]/.test(c);
}

function isIdentPart(c: string): boolean {
  return /[A-Za-z0-9_$]/.test(c);
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/** Reads a quoted run starting at `start` (the opening quote); a doubled quote escapes itself. */
function readQuoted(source: string, start: number, quote: string): { text: string; end: number } {
  let text = '';
  let i = start + 1;
  for (;;) {
    if (i >= source.length) throw syntaxError('Unterminated quoted text');
    const c = source[i]!;
    if (c === quote) {
      if (source[i + 1] === quote) {
        text += quote;
        i += 2;
        continue;
      }
      return { text, end: i + 1 };
    }
    text += c;
    i++;
  }
}

/** Splits a statement into tokens, ending with an `eof` token. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    // Comments: `--` to the end of the line, `/* … */`.
    if (c === '-' && source[i + 1] === '-') {
      while (i < source.length && source[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && source[i + 1] === '*') {
      const end = source.indexOf('*/', i + 2);
      if (end === -1) throw syntaxError('Unterminated comment');
      i = end + 2;
      continue;
    }
    const start = i;
    if (isIdentStart(c)) {
      while (i < source.length && isIdentPart(source[i]!)) i++;
      const text = source.slice(start, i);
      tokens.push({ type: 'ident', text, upper: text.toUpperCase(), start });
      continue;
    }
    if (c === '"' || c === "'") {
      const { text, end } = readQuoted(source, start, c);
      if (c === '"' && text === '') throw syntaxError('Empty quoted identifier');
      tokens.push({ type: c === '"' ? 'quoted' : 'string', text, upper: text, start });
      i = end;
      continue;
    }
    if (isDigit(c) || (c === '.' && isDigit(source[i + 1]))) {
      while (isDigit(source[i])) i++;
      if (source[i] === '.' && isDigit(source[i + 1])) {
        i++;
        while (isDigit(source[i])) i++;
      } else if (source[i] === '.' && !isIdentStart(source[i + 1] ?? ' ')) {
        i++;
      }
      if (source[i] === 'e' || source[i] === 'E') {
        const sign = source[i + 1] === '+' || source[i + 1] === '-' ? 1 : 0;
        if (isDigit(source[i + 1 + sign])) {
          i += 1 + sign;
          while (isDigit(source[i])) i++;
        }
      }
      const text = source.slice(start, i);
      tokens.push({ type: 'number', text, upper: text, start });
      continue;
    }
    if (c === '?') {
      tokens.push({ type: 'param', text: '?', upper: '?', start });
      i++;
      continue;
    }
    const punct = PUNCTUATION.find((p) => source.startsWith(p, i));
    if (punct === undefined) throw syntaxError(`Unexpected character: ${c}`);
    tokens.push({ type: 'punct', text: punct, upper: punct, start });
    i += punct.length;
  }
  tokens.push({ type: 'eof', text: '<EOF>', upper: '<EOF>', start: source.length });
  return tokens;
}
