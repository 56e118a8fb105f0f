/**
 * Reading the client's request: header lists without HTTP/2 pseudo-headers, query strings, and
 * the headers API Gateway sets on the way to the integration (lambda.md §6.1, apigateway.md §1.1).
 */

/** Request headers API Gateway never forwards to an integration (apigateway.md §7.3). */
const NOT_FORWARDED = new Set([
  'connection',
  'content-length',
  'content-md5',
  'expect',
  'keep-alive',
  'max-forwards',
  'proxy-authenticate',
  'proxy-connection',
  'server',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'www-authenticate',
]);

/** Headers the gateway sets itself, so the client's own values are replaced. */
const GATEWAY_SET = new Set([
  'host',
  'x-amzn-trace-id',
  'x-forwarded-for',
  'x-forwarded-port',
  'x-forwarded-proto',
]);

/** HTTP/2 forwards the same things except `content-length`, which HTTP API events keep. */
const NOT_FORWARDED_HTTP_API = new Set(
  [...NOT_FORWARDED].filter((name) => name !== 'content-length' && name !== 'content-md5'),
);

/**
 * The client's headers as the integration sees them, in arrival order and client casing,
 * followed by the ones API Gateway adds: `Host` (the canonical execute-api name),
 * `X-Amzn-Trace-Id`, `X-Forwarded-For` (client chain plus the caller), `X-Forwarded-Port` and
 * `X-Forwarded-Proto` (as if called over https on 443).
 */
export function integrationHeaders(
  rawHeaders: readonly string[],
  kind: 'REST' | 'HTTP',
  domainName: string,
  traceHeader: string,
  sourceIp: string,
): string[] {
  const skip = kind === 'REST' ? NOT_FORWARDED : NOT_FORWARDED_HTTP_API;
  const out: string[] = [];
  let forwardedFor: string | undefined;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!;
    if (name.charCodeAt(0) === 58 /* : HTTP/2 pseudo-header */) continue;
    const lower = name.toLowerCase();
    if (skip.has(lower)) continue;
    if (GATEWAY_SET.has(lower)) {
      if (lower === 'x-forwarded-for') {
        const v = rawHeaders[i + 1]!;
        forwardedFor = forwardedFor === undefined ? v : `${forwardedFor}, ${v}`;
      }
      continue;
    }
    out.push(name, rawHeaders[i + 1]!);
  }
  out.push(
    'Host',
    domainName,
    'X-Amzn-Trace-Id',
    traceHeader,
    'X-Forwarded-For',
    forwardedFor === undefined ? sourceIp : `${forwardedFor}, ${sourceIp}`,
    'X-Forwarded-Port',
    '443',
    'X-Forwarded-Proto',
    'https',
  );
  return out;
}

function decodeQueryPart(part: string): string {
  const spaced = part.includes('+') ? part.replace(/\+/g, ' ') : part;
  if (!spaced.includes('%')) return spaced;
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

/** Parses a raw query string into ordered, decoded name/value pairs (flat list). */
export function parseQuery(rawQuery: string): string[] {
  const out: string[] = [];
  if (rawQuery === '') return out;
  for (const pair of rawQuery.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    if (eq < 0) out.push(decodeQueryPart(pair), '');
    else out.push(decodeQueryPart(pair.slice(0, eq)), decodeQueryPart(pair.slice(eq + 1)));
  }
  return out;
}
