/**
 * Payload 2.0 responses (lambda.md §6.2). An object with `statusCode` is a structured
 * response: its headers (repeated values already comma-joined), one `Set-Cookie` per `cookies`
 * entry, and a body that is always base64-decoded when `isBase64Encoded`. Anything else that is
 * valid JSON is inferred: 200, `content-type: application/json`, the JSON as the body (a
 * returned string is the body text itself).
 */
import type { MappedResponse } from './rest-response.js';
import { headerValueText, parsePayload } from './rest-response.js';
import { pushIntegrationHeader } from './response-headers.js';

function malformed(reason: string): MappedResponse {
  return { ok: false, reason };
}

/** Maps a payload 2.0 function result to the client's response. */
export function mapV2Response(payload: Buffer): MappedResponse {
  const parsed = parsePayload(payload);
  if (parsed === undefined) return malformed('the function result is not JSON');
  const result = parsed.value;
  const structured =
    typeof result === 'object' &&
    result !== null &&
    !Array.isArray(result) &&
    'statusCode' in result;
  if (!structured) {
    const body = typeof result === 'string' ? result : payload;
    return {
      ok: true,
      reply: { status: 200, headers: ['content-type', 'application/json'], body },
    };
  }
  const r = result as Record<string, unknown>;
  const status = r['statusCode'];
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 200 || status > 599) {
    return malformed('statusCode must be an integer HTTP status');
  }
  const headers: string[] = [];
  const h = r['headers'];
  if (h !== undefined && h !== null) {
    if (typeof h !== 'object' || Array.isArray(h)) return malformed('headers must be an object');
    for (const [name, v] of Object.entries(h as Record<string, unknown>)) {
      const text = headerValueText(v);
      if (text === undefined) {
        if (v === null) continue;
        return malformed(`headers.${name} is not a scalar`);
      }
      if (!pushIntegrationHeader(headers, name, text)) {
        return malformed(`header ${JSON.stringify(name)} is not a valid HTTP header`);
      }
    }
  }
  const cookies = r['cookies'];
  if (cookies !== undefined && cookies !== null) {
    if (!Array.isArray(cookies)) return malformed('cookies must be an array');
    for (const cookie of cookies as unknown[]) {
      if (typeof cookie !== 'string') return malformed('cookies must hold strings');
      if (!pushIntegrationHeader(headers, 'set-cookie', cookie)) return malformed('invalid cookie');
    }
  }
  const body = r['body'];
  let out: Buffer | string = '';
  if (typeof body === 'string') {
    out = r['isBase64Encoded'] === true ? Buffer.from(body, 'base64') : body;
  } else if (body !== undefined && body !== null) {
    return malformed('body must be a string');
  }
  return { ok: true, reply: { status, headers, body: out } };
}
