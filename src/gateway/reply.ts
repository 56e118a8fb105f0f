/**
 * What every step of the pipeline may answer with, and the one place that writes it to the
 * client. Works with both `http` and `http2` compatibility responses.
 */
import type { ServerResponse } from 'node:http';
import type { Http2ServerResponse } from 'node:http2';

/** A response the gateway will send. Headers are a flat `[name, value, name, value…]` list. */
export interface Reply {
  status: number;
  headers: string[];
  body: Buffer | string;
}

/** Case-insensitive lookup of the first header `name` (lower-case) in a flat list. */
export function findHeader(headers: readonly string[], name: string): string | undefined {
  for (let i = 0; i < headers.length; i += 2) {
    if (headers[i]!.toLowerCase() === name) return headers[i + 1];
  }
  return undefined;
}

/**
 * Writes `reply`. HTTP/1 keeps the header casing and order as given; HTTP/2 gets lower-case
 * names with repeated headers (Set-Cookie) as arrays. Throws only for values Node rejects;
 * the caller turns that into the gateway's 5xx.
 */
export function sendReply(
  res: ServerResponse | Http2ServerResponse,
  reply: Reply,
  headOnly: boolean,
): void {
  // A string body stays a string: Node then writes head and body in one syscall instead of two.
  const body = reply.body;
  const length = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
  const headers = reply.headers;
  // 204 and 304 carry no body and no length (RFC 9110 §8.6).
  const empty = reply.status === 204 || reply.status === 304;
  if ('stream' in res) {
    const out: Record<string, string | string[]> = {};
    for (let i = 0; i < headers.length; i += 2) {
      const name = headers[i]!.toLowerCase();
      const value = headers[i + 1]!;
      const prev = out[name];
      if (prev === undefined) out[name] = value;
      else if (Array.isArray(prev)) prev.push(value);
      else out[name] = [prev, value];
    }
    if (!empty) out['content-length'] = String(length);
    res.writeHead(reply.status, out);
  } else {
    if (!empty) headers.push('Content-Length', String(length));
    res.writeHead(reply.status, headers);
  }
  if (headOnly || empty) res.end();
  else res.end(body);
}
