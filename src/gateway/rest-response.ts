/**
 * Payload 1.0 responses (lambda.md §6.1). REST is strict: an object with an integer
 * `statusCode`, a string (or absent) `body`, and no keys beyond statusCode, headers,
 * multiValueHeaders, body, isBase64Encoded — anything else is a "Malformed Lambda proxy
 * response" (502). HTTP API 1.0 ignores extra keys. `headers` and `multiValueHeaders` merge
 * (a pair present in both appears once); no `Content-Type` means `application/json`.
 */
import { firstAcceptType, mediaTypeOf, type BinaryMediaTypes } from './binary.js';
import type { Reply } from './reply.js';
import { findHeader } from './reply.js';
import { pushIntegrationHeader } from './response-headers.js';

export type MappedResponse = { ok: true; reply: Reply } | { ok: false; reason: string };

const V1_KEYS = new Set(['statusCode', 'headers', 'multiValueHeaders', 'body', 'isBase64Encoded']);

export interface V1ResponseOptions {
  /** REST rules: unknown keys and wrongly typed fields are malformed. */
  strict: boolean;
  /**
   * REST: a base64 body is decoded only when the request's first `Accept` type or the
   * response's `Content-Type` is a binary media type. Absent: always decode (HTTP API 1.0).
   */
  binary?: { types: BinaryMediaTypes; accept: string | undefined };
}

function malformed(reason: string): MappedResponse {
  return { ok: false, reason };
}

/** A scalar header value as text; undefined for values API Gateway cannot send. */
export function headerValueText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** Parses a function's JSON payload; `undefined` marks invalid JSON. */
export function parsePayload(payload: Buffer): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(payload.toString('utf8')) as unknown };
  } catch {
    return undefined;
  }
}

/** Maps a payload 1.0 function result to the client's response. */
export function mapV1Response(payload: Buffer, options: V1ResponseOptions): MappedResponse {
  const parsed = parsePayload(payload);
  if (parsed === undefined) return malformed('the function result is not JSON');
  const result = parsed.value;
  if (typeof result !== 'object' || result === null || Array.isArray(result)) {
    return malformed('the function result is not a JSON object');
  }
  const r = result as Record<string, unknown>;
  if (options.strict) {
    for (const key of Object.keys(r)) {
      if (!V1_KEYS.has(key)) return malformed(`unexpected key "${key}"`);
    }
  }
  const status = r['statusCode'];
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 200 || status > 599) {
    return malformed('statusCode must be an integer HTTP status');
  }
  const body = r['body'];
  if (body !== undefined && body !== null && typeof body !== 'string') {
    return malformed('body must be a string');
  }
  const isBase64 = r['isBase64Encoded'];
  if (isBase64 !== undefined && isBase64 !== null && typeof isBase64 !== 'boolean') {
    if (options.strict) return malformed('isBase64Encoded must be a boolean');
  }

  // multiValueHeaders first, then single headers unless the same pair is already there.
  const pairs: string[] = [];
  const multi = r['multiValueHeaders'];
  if (multi !== undefined && multi !== null) {
    if (typeof multi !== 'object' || Array.isArray(multi))
      return malformed('multiValueHeaders must be an object');
    for (const [name, values] of Object.entries(multi as Record<string, unknown>)) {
      if (values === null) continue;
      if (!Array.isArray(values)) return malformed(`multiValueHeaders.${name} must be an array`);
      for (const v of values as unknown[]) {
        const text = headerValueText(v);
        if (text === undefined) {
          if (v === null) continue;
          return malformed(`multiValueHeaders.${name} holds a non-scalar value`);
        }
        pairs.push(name, text);
      }
    }
  }
  const single = r['headers'];
  if (single !== undefined && single !== null) {
    if (typeof single !== 'object' || Array.isArray(single))
      return malformed('headers must be an object');
    const multiCount = pairs.length;
    for (const [name, v] of Object.entries(single as Record<string, unknown>)) {
      const text = headerValueText(v);
      if (text === undefined) {
        if (v === null) continue;
        return malformed(`headers.${name} is not a scalar`);
      }
      if (multiCount > 0 && hasPair(pairs, multiCount, name, text)) continue;
      pairs.push(name, text);
    }
  }

  const headers: string[] = [];
  for (let i = 0; i < pairs.length; i += 2) {
    if (!pushIntegrationHeader(headers, pairs[i]!, pairs[i + 1]!)) {
      return malformed(`header ${JSON.stringify(pairs[i])} is not a valid HTTP header`);
    }
  }
  let contentType = findHeader(headers, 'content-type');
  if (contentType === undefined) {
    contentType = 'application/json';
    headers.push('Content-Type', contentType);
  }

  let out: Buffer | string = typeof body === 'string' ? body : '';
  if (isBase64 === true && typeof body === 'string') {
    const b = options.binary;
    const decode =
      b === undefined ||
      b.types.matches(firstAcceptType(b.accept)) ||
      b.types.matches(mediaTypeOf(contentType));
    if (decode) out = Buffer.from(body, 'base64');
  }
  return { ok: true, reply: { status, headers, body: out } };
}

function hasPair(pairs: readonly string[], end: number, name: string, value: string): boolean {
  const lower = name.toLowerCase();
  for (let i = 0; i < end; i += 2) {
    if (pairs[i + 1] === value && pairs[i]!.toLowerCase() === lower) return true;
  }
  return false;
}
