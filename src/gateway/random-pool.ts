/**
 * Random bytes for request ids and trace ids, drawn from one buffer refilled a few KB at a
 * time: asking the CSPRNG three times per request showed up as a tenth of the warm path.
 */
import { randomBytes } from 'node:crypto';

const POOL_BYTES = 8192;

export class RandomPool {
  #buffer: Buffer = Buffer.alloc(0);
  #offset = 0;

  /** `n` fresh random bytes (a view into the pool; use it before the next call). */
  take(n: number): Buffer {
    if (this.#offset + n > this.#buffer.length) {
      this.#buffer = randomBytes(Math.max(POOL_BYTES, n));
      this.#offset = 0;
    }
    const out = this.#buffer.subarray(this.#offset, this.#offset + n);
    this.#offset += n;
    return out;
  }

  /** `n` random bytes as lower-case hex. */
  hex(n: number): string {
    return this.take(n).toString('hex');
  }

  /** API Gateway's `extendedRequestId` / HTTP API `requestId`: 16 base64 chars ending in `=`. */
  gatewayRequestId(): string {
    return this.take(11).toString('base64').slice(0, 15) + '=';
  }
}
