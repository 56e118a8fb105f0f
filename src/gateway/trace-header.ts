/**
 * The X-Ray trace header API Gateway hands to a Lambda integration (apigateway.md §12.2): the
 * caller's `Root` and `Parent` are kept, missing parts are generated, and `Sampled` follows the
 * caller (else `1` when a parent was supplied, else `0`: tracing is off on Stratus stages).
 */
import type { RandomPool } from './random-pool.js';

function newRoot(nowMs: number, random: RandomPool): string {
  const seconds = Math.floor(nowMs / 1000)
    .toString(16)
    .padStart(8, '0');
  return `1-${seconds}-${random.hex(12)}`;
}

/** Builds the `X-Amzn-Trace-Id` value for one request from the incoming header, if any. */
export function resolveTraceHeader(
  incoming: string | undefined,
  nowMs: number,
  random: RandomPool,
): string {
  if (incoming === undefined || incoming === '') {
    return `Root=${newRoot(nowMs, random)};Parent=${random.hex(8)};Sampled=0`;
  }
  let root: string | undefined;
  let parent: string | undefined;
  let sampled: string | undefined;
  for (const part of incoming.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim().toLowerCase();
    const value = part.slice(eq + 1).trim();
    if (key === 'root') root = value;
    else if (key === 'parent') parent = value;
    else if (key === 'sampled') sampled = value;
  }
  const sampledOut = sampled ?? (parent !== undefined ? '1' : '0');
  return `Root=${root ?? newRoot(nowMs, random)};Parent=${parent ?? random.hex(8)};Sampled=${sampledOut}`;
}
