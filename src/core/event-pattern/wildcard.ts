/**
 * `wildcard` patterns: `*` matches any run of characters (including none and `/`), `\*` is a
 * literal star and `\\` a literal backslash. Matching is linear (greedy segment search), so no
 * pattern can make it backtrack.
 */

/** A parsed wildcard pattern: the literal pieces between the stars. */
export interface WildcardPattern {
  /** Literal pieces in order; a star sits between each two. */
  readonly pieces: readonly string[];
}

/**
 * Parses a wildcard pattern, or returns AWS's reason text. Positions count UTF-8 bytes of the
 * pattern as AWS's rule engine sees it, wrapped in quotes (so the first character is at pos 1).
 */
export function parseWildcard(text: string): WildcardPattern | string {
  const pieces: string[] = [];
  let current = '';
  let bytePos = 1; // the engine quotes the value before parsing it
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? '';
    if (ch === '*') {
      if (text[i + 1] === '*') return `Consecutive wildcard characters at pos ${bytePos}`;
      pieces.push(current);
      current = '';
      bytePos += 1;
    } else if (ch === '\\') {
      const next = text[i + 1];
      if (next !== '*' && next !== '\\') return `Invalid escape character at pos ${bytePos}`;
      current += next;
      i++;
      bytePos += 2;
    } else {
      const code = text.codePointAt(i) ?? 0;
      if (code > 0xffff) {
        current += text.slice(i, i + 2);
        i++;
        bytePos += 4;
      } else {
        current += ch;
        bytePos += code < 0x80 ? 1 : code < 0x800 ? 2 : 3;
      }
    }
  }
  pieces.push(current);
  return { pieces };
}

/** True when `value` matches the wildcard pattern. */
export function matchesWildcard(pattern: WildcardPattern, value: string): boolean {
  const pieces = pattern.pieces;
  const first = pieces[0] ?? '';
  if (pieces.length === 1) return value === first;
  const last = pieces[pieces.length - 1] ?? '';
  if (value.length < first.length + last.length) return false;
  if (!value.startsWith(first) || !value.endsWith(last)) return false;
  let pos = first.length;
  const limit = value.length - last.length;
  for (let i = 1; i < pieces.length - 1; i++) {
    const piece = pieces[i] ?? '';
    if (piece.length === 0) continue;
    const found = value.indexOf(piece, pos);
    if (found < 0 || found + piece.length > limit) return false;
    pos = found + piece.length;
  }
  return true;
}
