/**
 * X-Ray trace headers for invocations that arrive without one, drawn from a pool of random bytes:
 * one `randomBytes` call per ~200 invocations instead of two per invocation (the same format as
 * `createTraceHeader` in core/ids).
 */
import { randomFillSync } from 'node:crypto';

const POOL_BYTES = 4096;
const PER_HEADER = 20;
const pool = Buffer.alloc(POOL_BYTES);
let offset = POOL_BYTES;

/** `Root=1-<8 hex time>-<24 hex>;Parent=<16 hex>;Sampled=0`. */
export function createInvocationTraceHeader(nowMs: number): string {
  if (offset + PER_HEADER > POOL_BYTES) {
    randomFillSync(pool);
    offset = 0;
  }
  const root = pool.toString('hex', offset, offset + 12);
  const parent = pool.toString('hex', offset + 12, offset + PER_HEADER);
  offset += PER_HEADER;
  const time = Math.floor(nowMs / 1000)
    .toString(16)
    .padStart(8, '0');
  return `Root=1-${time}-${root};Parent=${parent};Sampled=0`;
}
