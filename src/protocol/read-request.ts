/** Turns a Node HTTP/1.1 or HTTP/2 request into an `AwsRequest`, reading the body with a cap. */
import type { IncomingMessage } from 'node:http';
import type { Http2ServerRequest } from 'node:http2';
import { createRequestId } from '../core/ids.js';
import { parseSigV4Scope } from './sigv4.js';
import type { AwsRequest } from './types.js';

/** Thrown when a body is larger than the cap; the caller answers with the service's error. */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`request body exceeds ${limit} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/** Lower-cased header map, repeated values joined as HTTP does. HTTP/2 pseudo-headers are dropped. */
export function normalizeHeaders(raw: IncomingMessage['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined || name.startsWith(':')) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** Splits the request URL into path and query. */
export function splitUrl(url: string): { path: string; query: URLSearchParams } {
  const q = url.indexOf('?');
  return q === -1
    ? { path: url, query: new URLSearchParams() }
    : { path: url.slice(0, q), query: new URLSearchParams(url.slice(q + 1)) };
}

/** Reads the whole body, rejecting with BodyTooLargeError past `maxBytes`. */
export function readBody(
  req: IncomingMessage | Http2ServerRequest,
  maxBytes: number,
): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    return Promise.reject(new BodyTooLargeError(maxBytes));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > maxBytes) {
        req.off('data', onData);
        req.resume();
        reject(new BodyTooLargeError(maxBytes));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
    req.once('error', reject);
    req.once('aborted', () => reject(new Error('client aborted the request')));
  });
}

/** Builds the AwsRequest for a request whose body has been read. */
export function toAwsRequest(
  req: IncomingMessage | Http2ServerRequest,
  headers: Record<string, string>,
  body: Buffer,
): AwsRequest {
  const { path, query } = splitUrl(req.url ?? '/');
  const scope = parseSigV4Scope(headers, query);
  const request: AwsRequest = {
    method: req.method ?? 'GET',
    path,
    query,
    headers,
    body,
    requestId: createRequestId(),
  };
  if (scope !== undefined) request.scope = scope;
  return request;
}
