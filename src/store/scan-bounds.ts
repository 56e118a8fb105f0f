/**
 * Turns the many ways of naming a key range (prefix, gte/gt/lte/lt, exclusive start key) into one
 * lower and one upper bound, so each engine writes a single range predicate.
 */

import { prefixUpperBound } from './key-codec.js';
import type { KvScanOptions } from './types.js';

export interface Bound {
  key: Buffer;
  inclusive: boolean;
}

export interface ResolvedScan {
  lower: Bound | undefined;
  upper: Bound | undefined;
  reverse: boolean;
  limit: number;
  /** True when the bounds exclude every key (the scan can return nothing without asking). */
  empty: boolean;
}

/** Default and ceiling of a scan's page size. */
export const DEFAULT_SCAN_LIMIT = 1000;

function tightenLower(a: Bound | undefined, b: Bound): Bound {
  if (a === undefined) return b;
  const c = Buffer.compare(a.key, b.key);
  if (c > 0) return a;
  if (c < 0) return b;
  return { key: a.key, inclusive: a.inclusive && b.inclusive };
}

function tightenUpper(a: Bound | undefined, b: Bound): Bound {
  if (a === undefined) return b;
  const c = Buffer.compare(a.key, b.key);
  if (c < 0) return a;
  if (c > 0) return b;
  return { key: a.key, inclusive: a.inclusive && b.inclusive };
}

const toBuf = (b: Uint8Array): Buffer => (Buffer.isBuffer(b) ? b : Buffer.from(b));

/** Resolves scan options into one lower and one upper bound. */
export function resolveScan(options: KvScanOptions = {}): ResolvedScan {
  let lower: Bound | undefined;
  let upper: Bound | undefined;
  let empty = false;
  if (options.prefix !== undefined && options.prefix.length > 0) {
    lower = { key: toBuf(options.prefix), inclusive: true };
    const end = prefixUpperBound(options.prefix);
    if (end !== undefined) upper = { key: end, inclusive: false };
  }
  if (options.gte !== undefined)
    lower = tightenLower(lower, { key: toBuf(options.gte), inclusive: true });
  if (options.gt !== undefined)
    lower = tightenLower(lower, { key: toBuf(options.gt), inclusive: false });
  if (options.lte !== undefined)
    upper = tightenUpper(upper, { key: toBuf(options.lte), inclusive: true });
  if (options.lt !== undefined)
    upper = tightenUpper(upper, { key: toBuf(options.lt), inclusive: false });
  const reverse = options.reverse === true;
  if (options.after !== undefined) {
    const after = { key: toBuf(options.after), inclusive: false };
    if (reverse) upper = tightenUpper(upper, after);
    else lower = tightenLower(lower, after);
  }
  if (lower !== undefined && upper !== undefined) {
    const c = Buffer.compare(lower.key, upper.key);
    if (c > 0 || (c === 0 && !(lower.inclusive && upper.inclusive))) empty = true;
  }
  const limit = Math.max(0, Math.min(options.limit ?? DEFAULT_SCAN_LIMIT, 1_000_000));
  if (limit === 0) empty = true;
  return { lower, upper, reverse, limit, empty };
}
