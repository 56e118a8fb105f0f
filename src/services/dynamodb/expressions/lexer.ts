/**
 * The one tokenizer all five expression kinds share. It never fails: characters that cannot start
 * a token become `invalid` tokens so the parser reports them as AWS does
 * (`Syntax error; token: "!", near: "!!"`).
 */

export type TokenType =
  | 'name' // bare attribute name [A-Za-z][A-Za-z0-9_]*
  | 'keyword' // AND OR NOT BETWEEN IN SET REMOVE ADD DELETE (case-insensitive)
  | 'nameRef' // #placeholder
  | 'valueRef' // :placeholder
  | 'number' // list index digits
  | 'punct' // ( ) [ ] , . = <> < <= > >= + -
  | 'invalid'
  | 'eof';

export interface Token {
  readonly type: TokenType;
  /** The source text of the token (`<EOF>` for the end). */
  readonly text: string;
  /** Upper-cased text for keywords; the text otherwise. */
  readonly value: string;
  readonly start: number;
  readonly end: number;
}

const KEYWORDS = new Set(['AND', 'OR', 'NOT', 'BETWEEN', 'IN', 'SET', 'REMOVE', 'ADD', 'DELETE']);

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isWordChar(c: number): boolean {
  return isLetter(c) || isDigit(c) || c === 95; /* _ */
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/** Splits an expression into tokens, ending with an `eof` token. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const push = (type: TokenType, start: number, end: number, value?: string): void => {
    const text = source.slice(start, end);
    tokens.push({ type, text, value: value ?? text, start, end });
  };
  while (i < source.length) {
    const c = source.charCodeAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    const start = i;
    if (isLetter(c)) {
      while (i < source.length && isWordChar(source.charCodeAt(i))) i++;
      const text = source.slice(start, i);
      const upper = text.toUpperCase();
      push(KEYWORDS.has(upper) ? 'keyword' : 'name', start, i, KEYWORDS.has(upper) ? upper : text);
      continue;
    }
    if (isDigit(c)) {
      while (i < source.length && isDigit(source.charCodeAt(i))) i++;
      push('number', start, i);
      continue;
    }
    if (c === 35 /* # */ || c === 58 /* : */) {
      i++;
      while (i < source.length && isWordChar(source.charCodeAt(i))) i++;
      push(i - start > 1 ? (c === 35 ? 'nameRef' : 'valueRef') : 'invalid', start, i);
      continue;
    }
    const two = source.slice(i, i + 2);
    if (two === '<>' || two === '<=' || two === '>=') {
      i += 2;
      push('punct', start, i);
      continue;
    }
    if ('()[],.=<>+-'.includes(source[i]!)) {
      i++;
      push('punct', start, i);
      continue;
    }
    // One whole code point, so an emoji is reported as itself rather than half a surrogate pair.
    i += (source.codePointAt(i) ?? 0) > 0xffff ? 2 : 1;
    push('invalid', start, i);
  }
  tokens.push({ type: 'eof', text: '<EOF>', value: '<EOF>', start: i, end: source.length });
  return tokens;
}
