/**
 * The AWS query protocol (awsQuery: SNS, the query era of SQS, STS, …): an `Action=<Op>` call with
 * form-encoded parameters (a POST body, or the query string of a GET), answered with XML in the
 * service's namespace.
 *
 * Decoding is generic, without service models: a parameter name is split at its dots and numeric
 * segments become 1-based list positions, so `Attributes.entry.2.key=x` becomes
 * `{Attributes: {entry: [, {key: 'x'}]}}` (non-flattened, SNS) and `Attribute.1.Name=x` becomes
 * `{Attribute: [{Name: 'x'}]}` (flattened, SQS). `queryList` and `queryMap` read those shapes back
 * into arrays and records.
 *
 * Rendering is generic too: `renderXml` writes an object as elements in key order and an array as
 * repeated elements named after its key, so a non-flattened list is `{Topics: {member: [...]}}` and
 * a flattened one `{Attribute: [...]}`.
 */
import type { AwsError } from '../core/errors.js';
import type { AwsRequest, AwsResponse } from './types.js';

/** A decoded query parameter tree: strings at the leaves, lists where indexes were. */
export type QueryValue = string | QueryObject | (QueryValue | undefined)[];
export interface QueryObject {
  [name: string]: QueryValue | undefined;
}

/** One decoded call. */
export interface QueryCall {
  action: string;
  /** `Version`, when sent. */
  version: string | undefined;
  /** Every parameter as sent (body and query string merged; the body wins). */
  params: ReadonlyMap<string, string>;
  /** The parameters as a tree (see the header). */
  input: QueryObject;
}

/** Parses the parameters of a query-protocol request (POST form body and/or query string). */
export function parseQueryCall(req: AwsRequest): QueryCall {
  const params = new Map<string, string>();
  for (const [k, v] of req.query) params.set(k, v);
  const contentType = (req.headers['content-type'] ?? '').toLowerCase();
  if (
    req.body.length > 0 &&
    (contentType === '' || contentType.startsWith('application/x-www-form-urlencoded'))
  ) {
    for (const [k, v] of new URLSearchParams(req.body.toString('utf8'))) params.set(k, v);
  }
  const action = params.get('Action') ?? '';
  return { action, version: params.get('Version'), params, input: decodeQueryParams(params) };
}

const INDEX = /^[1-9]\d{0,6}$/;

/** Turns flat `a.b.1.c` parameters into a tree (see the header). */
export function decodeQueryParams(params: Iterable<[string, string]>): QueryObject {
  const root: QueryObject = {};
  for (const [name, value] of params) {
    const parts = name.split('.');
    let node: QueryObject | (QueryValue | undefined)[] = root;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      const last = i === parts.length - 1;
      const nextIsIndex = !last && INDEX.test(parts[i + 1]!);
      const slot: string | number = Array.isArray(node) ? Number(part) - 1 : part;
      if (Array.isArray(node) && !INDEX.test(part)) break;
      const container = node as Record<string | number, QueryValue | undefined>;
      if (last) {
        if (container[slot] === undefined || typeof container[slot] === 'string') {
          container[slot] = value;
        }
        break;
      }
      let child: QueryValue | undefined = container[slot];
      if (child === undefined || typeof child === 'string') {
        child = nextIsIndex ? [] : {};
        container[slot] = child;
      } else if (nextIsIndex !== Array.isArray(child)) {
        break; // `a.1` and `a.b` for the same `a`: keep the first shape, drop the stray name
      }
      node = child;
    }
  }
  return root;
}

/** The string at `value`, or undefined when it is absent or not a leaf. */
export function queryString(value: QueryValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * A list: `member` names the wrapper of a non-flattened list (`Tags.member.N`); omit it for a
 * flattened one (`TagKey.N`). Holes (a missing index) are skipped. Undefined when absent.
 */
export function queryList(
  value: QueryValue | undefined,
  member?: string,
): QueryValue[] | undefined {
  let list: QueryValue | undefined = value;
  if (member !== undefined) {
    if (list === undefined || typeof list === 'string' || Array.isArray(list)) {
      return list === '' ? [] : undefined;
    }
    list = list[member];
  }
  if (!Array.isArray(list)) return list === '' ? [] : undefined;
  return list.filter((v): v is QueryValue => v !== undefined);
}

export interface QueryMapShape {
  /** Wrapper of each entry in a non-flattened map (`entry`); omit for flattened maps. */
  entry?: string;
  /** Member holding the key (`key`, `Name`). */
  key: string;
  /** Member holding the value (`value`, `Value`). */
  value: string;
}

/**
 * A map as entries in the order sent; each value is the subtree under the value member (a string
 * for string maps). Entries without a key are skipped. Undefined when absent.
 */
export function queryMapEntries(
  value: QueryValue | undefined,
  shape: QueryMapShape,
): [string, QueryValue | undefined][] | undefined {
  const list = queryList(value, shape.entry);
  if (list === undefined) return undefined;
  const out: [string, QueryValue | undefined][] = [];
  for (const entry of list) {
    if (typeof entry !== 'object' || Array.isArray(entry)) continue;
    const key = queryString(entry[shape.key]);
    if (key !== undefined) out.push([key, entry[shape.value]]);
  }
  return out;
}

/** A string-to-string map; later duplicates win. Undefined when absent. */
export function queryMap(
  value: QueryValue | undefined,
  shape: QueryMapShape,
): Record<string, string> | undefined {
  const entries = queryMapEntries(value, shape);
  if (entries === undefined) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of entries) out[k] = queryString(v) ?? '';
  return out;
}

// ---------------------------------------------------------------------------------------------
// XML

/** A value `renderXml` can write (see the header); undefined and null members are omitted. */
export type XmlValue =
  string | number | boolean | null | undefined | XmlValue[] | { [name: string]: XmlValue };

export interface XmlEscapeOptions {
  /** SQS writes `"` as `&quot;`; SNS does not need to. */
  quotes?: boolean;
}

/**
 * Escapes text for an XML text node. A carriage return is always written as `&#xD;`: a parser
 * turns a literal CR into LF, which would change message bodies.
 */
export function escapeXml(text: string, options: XmlEscapeOptions = {}): string {
  return text.replace(/[&<>"\r]/g, (c) => {
    switch (c) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '\r':
        return '&#xD;';
      default:
        return options.quotes === true ? '&quot;' : c;
    }
  });
}

/** Writes the members of `value` as XML elements (no declaration, no root). */
export function renderXml(value: XmlValue, options: XmlEscapeOptions = {}): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'object') return escapeXml(String(value), options);
  let out = '';
  const members = Array.isArray(value) ? [] : Object.entries(value);
  for (const [name, member] of members) {
    const items = Array.isArray(member) ? member : [member];
    for (const item of items) {
      if (item === undefined || item === null) continue;
      if (Array.isArray(item)) continue; // a list inside a list has no element name
      out += `<${name}>${renderXml(item, options)}</${name}>`;
    }
  }
  return out;
}

/** A non-flattened list: `{member: [...]}` renders as `<member>…</member>` repeated. */
export function xmlList(
  items: readonly XmlValue[],
  member = 'member',
): { [name: string]: XmlValue } {
  return { [member]: [...items] };
}

/** A non-flattened string map: `<entry><key>…</key><value>…</value></entry>` repeated. */
export function xmlMap(
  record: Readonly<Record<string, string>>,
  shape: { entry?: string; key?: string; value?: string } = {},
): { [name: string]: XmlValue } {
  const key = shape.key ?? 'key';
  const val = shape.value ?? 'value';
  return {
    [shape.entry ?? 'entry']: Object.entries(record).map(([k, v]) => ({ [key]: k, [val]: v })),
  };
}

export interface QueryProtocolOptions {
  /** The XML namespace, e.g. `http://sns.amazonaws.com/doc/2010-03-31/`. */
  namespace: string;
  escape?: XmlEscapeOptions;
}

/**
 * A success response: `<ActionResponse><ActionResult>…</ActionResult><ResponseMetadata>…`.
 * Pass `result` undefined for operations without output (no Result element).
 */
export function queryResponse(
  req: AwsRequest,
  action: string,
  result: XmlValue,
  options: QueryProtocolOptions,
): AwsResponse {
  const inner =
    result === undefined
      ? ''
      : `<${action}Result>${renderXml(result, options.escape)}</${action}Result>`;
  const body =
    `<?xml version="1.0"?>\n<${action}Response xmlns="${options.namespace}">${inner}` +
    `<ResponseMetadata><RequestId>${req.requestId}</RequestId></ResponseMetadata></${action}Response>`;
  return xmlResponse(req, 200, body);
}

/** Renders an AwsError as the query protocol's `<ErrorResponse>`. */
export function queryError(
  req: AwsRequest,
  error: AwsError,
  options: QueryProtocolOptions,
): AwsResponse {
  const body =
    `<?xml version="1.0"?>\n<ErrorResponse xmlns="${options.namespace}"><Error>` +
    `<Type>${error.senderFault ? 'Sender' : 'Receiver'}</Type>` +
    `<Code>${escapeXml(error.code)}</Code>` +
    `<Message>${escapeXml(error.message, options.escape)}</Message>` +
    `</Error><RequestId>${req.requestId}</RequestId></ErrorResponse>`;
  const response = xmlResponse(req, error.status, body);
  Object.assign(response.headers, error.headers);
  return response;
}

function xmlResponse(req: AwsRequest, status: number, body: string): AwsResponse {
  return {
    status,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': req.requestId },
    body: Buffer.from(body, 'utf8'),
  };
}
