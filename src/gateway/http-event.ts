/**
 * The payload 2.0 event of HTTP APIs (lambda.md §6.2): lower-case header names with repeated
 * values comma-joined, cookies as their own array (and no `cookie` header), empty maps omitted,
 * `rawPath` / `rawQueryString` as received, `routeKey` (`$default` for the catch-all).
 */
import { parseQuery } from './request-headers.js';

export interface V2EventInput {
  routeKey: string;
  rawPath: string;
  rawQuery: string;
  /** Flat header list, already as the integration sees it. */
  headers: readonly string[];
  pathParameters: Record<string, string> | undefined;
  stageVariables: Readonly<Record<string, string>> | null;
  body: Buffer | undefined;
  base64: boolean;
  context: {
    accountId: string;
    apiId: string;
    domainName: string;
    method: string;
    protocol: string;
    sourceIp: string;
    userAgent: string;
    requestId: string;
    stage: string;
    time: string;
    timeEpoch: number;
  };
}

/** Builds a payload 2.0 event object. */
export function buildV2Event(input: V2EventInput): Record<string, unknown> {
  const headers: Record<string, string> = {};
  let cookies: string[] | undefined;
  for (let i = 0; i < input.headers.length; i += 2) {
    const name = input.headers[i]!.toLowerCase();
    const value = input.headers[i + 1]!;
    if (name === 'cookie') {
      cookies ??= [];
      for (const c of value.split(';')) {
        const cookie = c.trim();
        if (cookie !== '') cookies.push(cookie);
      }
      continue;
    }
    const prev = headers[name];
    headers[name] = prev === undefined ? value : `${prev},${value}`;
  }
  const c = input.context;
  const event: Record<string, unknown> = {
    version: '2.0',
    routeKey: input.routeKey,
    rawPath: input.rawPath,
    rawQueryString: input.rawQuery,
  };
  if (cookies !== undefined && cookies.length > 0) event['cookies'] = cookies;
  event['headers'] = headers;
  const query = parseQuery(input.rawQuery);
  if (query.length > 0) {
    const params: Record<string, string> = {};
    for (let i = 0; i < query.length; i += 2) {
      const name = query[i]!;
      const prev = params[name];
      params[name] = prev === undefined ? query[i + 1]! : `${prev},${query[i + 1]!}`;
    }
    event['queryStringParameters'] = params;
  }
  event['requestContext'] = {
    accountId: c.accountId,
    apiId: c.apiId,
    domainName: c.domainName,
    domainPrefix: c.apiId,
    http: {
      method: c.method,
      path: input.rawPath,
      protocol: c.protocol,
      sourceIp: c.sourceIp,
      userAgent: c.userAgent,
    },
    requestId: c.requestId,
    routeKey: input.routeKey,
    stage: c.stage,
    time: c.time,
    timeEpoch: c.timeEpoch,
  };
  if (input.pathParameters !== undefined) event['pathParameters'] = input.pathParameters;
  if (input.stageVariables !== null) event['stageVariables'] = input.stageVariables;
  const hasBody = input.body !== undefined && input.body.length > 0;
  if (hasBody) event['body'] = input.body!.toString(input.base64 ? 'base64' : 'utf8');
  event['isBase64Encoded'] = hasBody && input.base64;
  return event;
}
