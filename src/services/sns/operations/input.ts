/** Reading parameters of a decoded query call. */
import type { QueryCall } from '../../../protocol/query.js';
import { queryList, queryMap, queryString } from '../../../protocol/query.js';
import { invalidParameter } from '../errors.js';

/** A top-level string parameter. */
export function param(call: QueryCall, name: string): string | undefined {
  return queryString(call.input[name]);
}

/** A required string parameter; "Invalid parameter: <Name> Reason: no value for required parameter". */
export function requiredParam(call: QueryCall, name: string): string {
  const v = param(call, name);
  if (v === undefined) throw invalidParameter(`${name} Reason: no value for required parameter`);
  return v;
}

/** A boolean parameter (`true`/`false`). */
export function booleanParam(call: QueryCall, name: string): boolean | undefined {
  const v = param(call, name);
  return v === undefined ? undefined : v.toLowerCase() === 'true';
}

/** An `Attributes.entry.N.key/value` map, entries in order (later duplicates win). */
export function attributesParam(call: QueryCall, name = 'Attributes'): Record<string, string> {
  return queryMap(call.input[name], { entry: 'entry', key: 'key', value: 'value' }) ?? {};
}

/** A `Tags.member.N.Key/Value` list, in order. */
export function tagsParam(call: QueryCall, name = 'Tags'): [string, string][] | undefined {
  const list = queryList(call.input[name], 'member');
  if (list === undefined) return undefined;
  const out: [string, string][] = [];
  for (const item of list) {
    if (typeof item !== 'object' || Array.isArray(item)) continue;
    const key = queryString(item['Key']);
    if (key === undefined) throw invalidParameter('Tags Reason: Tag key is required');
    out.push([key, queryString(item['Value']) ?? '']);
  }
  return out;
}

/** A `Name.member.N` string list. */
export function stringListParam(call: QueryCall, name: string): string[] | undefined {
  const list = queryList(call.input[name], 'member');
  return list?.filter((v): v is string => typeof v === 'string');
}

/** An opaque page token for a key. */
export function encodeNextToken(key: string): string {
  return Buffer.from(key, 'utf8').toString('base64url');
}

/** The key behind a page token; InvalidParameter for a token that is not one of ours. */
export function decodeNextToken(token: string | undefined): string | undefined {
  if (token === undefined || token === '') return undefined;
  const key = Buffer.from(token, 'base64url').toString('utf8');
  if (key === '' || encodeNextToken(key) !== token) throw invalidParameter('NextToken');
  return key;
}
