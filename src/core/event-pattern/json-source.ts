/**
 * A small JSON reader for pattern text. AWS validates patterns with a streaming JSON parser and
 * reports its messages (and the offset it stopped at) in the error it returns, so the compiler
 * needs positions and parser-style messages that `JSON.parse` does not give.
 *
 * Like AWS's parser, reading stops after the first complete value: trailing text is ignored.
 */

/** A parsed JSON value with the offset just past it (used for error locations). */
export type JsonNode = (
  | { readonly kind: 'object'; readonly entries: readonly JsonEntry[] }
  | { readonly kind: 'array'; readonly items: readonly JsonNode[] }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly value: number; readonly text: string }
  | { readonly kind: 'true' | 'false' | 'null' }
) & {
  /** Offset of the value's first character (-1 when not parsed from text). */
  readonly start: number;
  /** Offset just past the value (-1 when not parsed from text). */
  readonly end: number;
};

/**
 * Where AWS's streaming parser stands after reading the first token of `node`: just past `{` or
 * `[` for containers, past the whole value otherwise. AWS reports most errors there.
 */
export function tokenEnd(node: JsonNode): number {
  if (node.start < 0) return -1;
  return node.kind === 'object' || node.kind === 'array' ? node.start + 1 : node.end;
}

/** One member of an object, in source order (duplicates kept; the compiler lets the last win). */
export interface JsonEntry {
  readonly key: string;
  readonly keyEnd: number;
  readonly value: JsonNode;
}

/** Reports a problem: `reason` is the parser's message, `offset` where it stopped (-1 unknown). */
export type FailFn = (reason: string, offset: number) => never;

/** Parses `text` into a positioned tree, calling `fail` with a parser-style message on bad input. */
export function parseJsonSource(text: string, fail: FailFn): JsonNode | undefined {
  const reader = new Reader(text, fail);
  reader.skipSpace();
  if (reader.pos >= text.length) return undefined;
  return reader.value(0);
}

/** Turns an already-parsed JavaScript value into the same tree (offsets unknown). */
export function jsonNodeFromValue(value: unknown, fail: FailFn): JsonNode {
  return fromValue(value, fail, 0);
}

const MAX_DEPTH = 1000;

function fromValue(value: unknown, fail: FailFn, depth: number): JsonNode {
  if (depth > MAX_DEPTH) fail('Maximum nesting depth exceeded', -1);
  if (value === null) return { kind: 'null', start: -1, end: -1 };
  switch (typeof value) {
    case 'string':
      return { kind: 'string', value, start: -1, end: -1 };
    case 'number':
      if (!Number.isFinite(value)) fail(`Non-standard token '${String(value)}'`, -1);
      return { kind: 'number', value, text: String(value), start: -1, end: -1 };
    case 'boolean':
      return { kind: value ? 'true' : 'false', start: -1, end: -1 };
    case 'object':
      if (Array.isArray(value)) {
        return {
          kind: 'array',
          items: value.map((item: unknown) => fromValue(item, fail, depth + 1)),
          start: -1,
          end: -1,
        };
      }
      return {
        kind: 'object',
        entries: Object.entries(value as Record<string, unknown>).map(([key, item]) => ({
          key,
          keyEnd: -1,
          value: fromValue(item, fail, depth + 1),
        })),
        start: -1,
        end: -1,
      };
    default:
      return fail(`Cannot serialize value of type ${typeof value}`, -1);
  }
}

/** Describes a character the way AWS's parser does in its messages. */
export function describeChar(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  if (code < 32) return `(CTRL-CHAR, code ${code})`;
  if (code > 126) return `'${ch}' (code ${code} / 0x${code.toString(16)})`;
  return `'${ch}' (code ${code})`;
}

const EXPECTING_VALUE =
  "was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')";

class Reader {
  pos = 0;

  constructor(
    readonly text: string,
    readonly fail: FailFn,
  ) {}

  skipSpace(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) this.pos++;
      else break;
    }
  }

  private eof(what: string): never {
    return this.fail(`Unexpected end-of-input: ${what}`, this.text.length);
  }

  private unexpected(what: string): never {
    const ch = String.fromCodePoint(this.text.codePointAt(this.pos) ?? 0);
    return this.fail(`Unexpected character (${describeChar(ch)}): ${what}`, this.pos);
  }

  value(depth: number): JsonNode {
    if (depth > MAX_DEPTH) this.fail('Maximum nesting depth exceeded', this.pos);
    this.skipSpace();
    const t = this.text;
    if (this.pos >= t.length) return this.eof('expected a value');
    const c = t[this.pos];
    switch (c) {
      case '{':
        return this.object(depth);
      case '[':
        return this.array(depth);
      case '"': {
        const start = this.pos;
        const value = this.string();
        return { kind: 'string', value, start, end: this.pos };
      }
      case ']':
      case '}':
      case ',':
      case ':':
        return this.unexpected('expected a value');
      default:
        if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
        return this.keyword();
    }
  }

  private keyword(): JsonNode {
    const t = this.text;
    let end = this.pos;
    while (end < t.length && /[^\s{}[\],:"]/u.test(t[end] ?? ' ')) end++;
    const word = t.slice(this.pos, end);
    if (word === 'true' || word === 'false' || word === 'null') {
      const start = this.pos;
      this.pos = end;
      return { kind: word, start, end };
    }
    if (word.length === 0) return this.unexpected('expected a value');
    return this.fail(`Unrecognized token '${word}': ${EXPECTING_VALUE}`, end);
  }

  private number(): JsonNode {
    const t = this.text;
    const start = this.pos;
    const match = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/u.exec(t.slice(start));
    if (match === null) {
      const next = t[start + 1];
      if (next === undefined) return this.eof('expected digit');
      this.pos = start + 1;
      return this.unexpected('expected digit (0-9) to follow minus sign, for valid numeric value');
    }
    let end = start + match[0].length;
    if (match[1] === '0' && /[0-9]/u.test(t[end] ?? '')) {
      return this.fail('Invalid numeric value: Leading zeroes not allowed', end + 1);
    }
    const after = t[end];
    if (after !== undefined && /[A-Za-z_.]/u.test(after)) {
      while (end < t.length && /[^\s{}[\],:"]/u.test(t[end] ?? ' ')) end++;
      return this.fail(`Unrecognized token '${t.slice(start, end)}': ${EXPECTING_VALUE}`, end);
    }
    this.pos = end;
    const text = match[0];
    return { kind: 'number', value: Number(text), text, start, end };
  }

  private string(): string {
    const t = this.text;
    this.pos++; // opening quote
    let out = '';
    let runStart = this.pos;
    for (;;) {
      if (this.pos >= t.length) return this.eof('was expecting closing quote for a string value');
      const c = t.charCodeAt(this.pos);
      if (c === 0x22) {
        out += t.slice(runStart, this.pos);
        this.pos++;
        return out;
      }
      if (c < 0x20) {
        return this.fail(
          `Illegal unquoted character (${describeChar(t[this.pos] ?? '')}): has to be escaped using backslash to be included in string value`,
          this.pos,
        );
      }
      if (c !== 0x5c) {
        this.pos++;
        continue;
      }
      out += t.slice(runStart, this.pos);
      const esc = t[this.pos + 1];
      if (esc === undefined) return this.eof('was expecting closing quote for a string value');
      this.pos += 2;
      switch (esc) {
        case '"':
        case '\\':
        case '/':
          out += esc;
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          const hex = t.slice(this.pos, this.pos + 4);
          if (!/^[0-9A-Fa-f]{4}$/u.test(hex)) {
            return this.fail(
              'Unexpected character: expected a hex-digit for character escape sequence',
              this.pos + 1,
            );
          }
          out += String.fromCharCode(parseInt(hex, 16));
          this.pos += 4;
          break;
        }
        default:
          return this.fail(`Unrecognized character escape ${describeChar(esc)}`, this.pos);
      }
      runStart = this.pos;
    }
  }

  private object(depth: number): JsonNode {
    const t = this.text;
    const start = this.pos++; // {
    const entries: JsonEntry[] = [];
    this.skipSpace();
    if (t[this.pos] === '}') {
      this.pos++;
      return { kind: 'object', entries, start, end: this.pos };
    }
    for (;;) {
      this.skipSpace();
      if (this.pos >= t.length) return this.eof('expected close marker for OBJECT');
      if (t[this.pos] !== '"')
        return this.unexpected('was expecting double-quote to start field name');
      const key = this.string();
      const keyEnd = this.pos;
      this.skipSpace();
      if (this.pos >= t.length) return this.eof('expected close marker for OBJECT');
      if (t[this.pos] !== ':') {
        return this.unexpected('was expecting a colon to separate field name and value');
      }
      this.pos++;
      const value = this.value(depth + 1);
      entries.push({ key, keyEnd, value });
      this.skipSpace();
      if (this.pos >= t.length) return this.eof('expected close marker for OBJECT');
      const c = t[this.pos];
      if (c === ',') {
        this.pos++;
        continue;
      }
      if (c === '}') {
        this.pos++;
        return { kind: 'object', entries, start, end: this.pos };
      }
      return this.unexpected('was expecting comma to separate Object entries');
    }
  }

  private array(depth: number): JsonNode {
    const t = this.text;
    const start = this.pos++; // [
    const items: JsonNode[] = [];
    this.skipSpace();
    if (t[this.pos] === ']') {
      this.pos++;
      return { kind: 'array', items, start, end: this.pos };
    }
    for (;;) {
      items.push(this.value(depth + 1));
      this.skipSpace();
      if (this.pos >= t.length) return this.eof('expected close marker for ARRAY');
      const c = t[this.pos];
      if (c === ',') {
        this.pos++;
        continue;
      }
      if (c === ']') {
        this.pos++;
        return { kind: 'array', items, start, end: this.pos };
      }
      return this.unexpected('was expecting comma to separate Array entries');
    }
  }
}

const MAX_SOURCE_CHARS = 500;

/**
 * The location text AWS's parser appends to its messages:
 * `\n at [Source: (String)"<text>"; line: L, column: C]` (text cut at 500 characters).
 */
export function describeLocation(text: string, offset: number): string {
  const at = Math.max(0, Math.min(offset, text.length));
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < at; i++) {
    if (text.charCodeAt(i) === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  const shown =
    text.length > MAX_SOURCE_CHARS
      ? `${text.slice(0, MAX_SOURCE_CHARS)}"[truncated ${text.length - MAX_SOURCE_CHARS} chars]`
      : `${text}"`;
  return `\n at [Source: (String)"${shown}; line: ${line}, column: ${at - lineStart + 1}]`;
}
