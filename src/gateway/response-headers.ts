/**
 * Headers an integration may not set itself (apigateway.md §7.3, DG "Important notes"): some are
 * renamed `x-amzn-Remapped-<name>` so the client still sees them, hop-by-hop ones are dropped.
 * Keeping them out also keeps HTTP/2 responses valid (connection headers are illegal there).
 */

const REMAPPED = new Set([
  'authorization',
  'connection',
  'content-length',
  'content-md5',
  'date',
  'max-forwards',
  'server',
  'user-agent',
  'www-authenticate',
  'x-amzn-requestid',
  'x-amz-apigw-id',
  'x-amzn-trace-id',
  'x-amzn-errortype',
  'apigw-requestid',
]);

const DROPPED = new Set([
  'expect',
  'host',
  'keep-alive',
  'proxy-authenticate',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** Header names are HTTP tokens (RFC 9110 §5.1). */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Field values: visible characters, spaces and tabs; no CR, LF or NUL. */
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\uffff]*$/;

/** True when a name/value pair can be put on the wire unchanged. */
export function isValidHeader(name: string, value: string): boolean {
  return TOKEN.test(name) && FIELD_VALUE.test(value);
}

/**
 * Appends an integration's header to `out`, renamed or dropped as API Gateway would. Returns
 * false when the pair is not a legal HTTP header (the caller answers with a 5xx).
 */
export function pushIntegrationHeader(out: string[], name: string, value: string): boolean {
  if (!isValidHeader(name, value)) return false;
  const lower = name.toLowerCase();
  if (DROPPED.has(lower)) return true;
  if (REMAPPED.has(lower)) out.push(`x-amzn-Remapped-${name}`, value);
  else out.push(name, value);
  return true;
}
