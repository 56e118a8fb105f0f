/** When an item expires under Time to Live (dynamodb.md §6.14, lambda.md §9.1). */
import type { AttributeMap } from '../values/index.js';

/** Items whose TTL lies more than five years in the past are never deleted (DG *Time to Live*). */
export const TTL_MAX_PAST_MS = 5 * 365 * 24 * 60 * 60 * 1000;

/**
 * The item's expiry (epoch ms), or undefined when it never expires: the TTL attribute must be a
 * top-level Number of epoch seconds not more than five years before `nowMs`. A value in
 * milliseconds reads as a date tens of thousands of years ahead, so it never comes due.
 */
export function expiryOf(
  item: AttributeMap,
  attributeName: string,
  nowMs: number,
): number | undefined {
  const value = item[attributeName];
  if (value === undefined || !('N' in value)) return undefined;
  const seconds = Number(value.N);
  if (!Number.isFinite(seconds)) return undefined;
  const ms = seconds * 1000;
  if (ms < nowMs - TTL_MAX_PAST_MS) return undefined;
  return ms;
}

/** True when the item has expired (its TTL is strictly before now). */
export function isExpired(item: AttributeMap, attributeName: string, nowMs: number): boolean {
  const expiry = expiryOf(item, attributeName, nowMs);
  return expiry !== undefined && expiry < nowMs;
}
