/**
 * Blob bodies arrive as bytes, text, a Node stream or any async iterable; both engines consume
 * them chunk by chunk so a 100 MB upload never sits whole in memory.
 */

import { StratusError } from '../core/errors.js';
import type { BlobBody } from './types.js';

const asBuffer = (chunk: unknown): Buffer => {
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  if (Buffer.isBuffer(chunk)) return chunk;
  if (chunk instanceof Uint8Array)
    return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  throw new StratusError('ERR_INTERNAL', 'blob body chunks must be bytes or strings');
};

/** Yields the body as Buffers, in order. */
export async function* bodyChunks(body: BlobBody): AsyncGenerator<Buffer> {
  if (typeof body === 'string' || body instanceof Uint8Array) {
    yield asBuffer(body);
    return;
  }
  for await (const chunk of body as AsyncIterable<unknown>) {
    const buf = asBuffer(chunk);
    if (buf.length > 0) yield buf;
  }
}

/** Re-slices a stream of chunks into pieces of exactly `size` bytes (the last may be shorter). */
export async function* fixedChunks(
  source: AsyncIterable<Buffer>,
  size: number,
): AsyncGenerator<Buffer> {
  let parts: Buffer[] = [];
  let held = 0;
  for await (const chunk of source) {
    let rest = chunk;
    while (held + rest.length >= size) {
      const take = size - held;
      parts.push(rest.subarray(0, take));
      yield parts.length === 1 ? parts[0]! : Buffer.concat(parts, size);
      rest = rest.subarray(take);
      parts = [];
      held = 0;
    }
    if (rest.length > 0) {
      parts.push(rest);
      held += rest.length;
    }
  }
  if (held > 0) yield Buffer.concat(parts, held);
}
