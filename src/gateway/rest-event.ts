/**
 * The payload 1.0 proxy event (lambda.md §6.1), for REST APIs and HTTP API routes with
 * `payloadFormatVersion: 1.0` (which add `"version": "1.0"`). Absent query, path and stage
 * variable maps are `null`; single-value maps hold the last of repeated values, the
 * `multiValue*` maps hold all; header names keep the client's casing.
 */
import { parseQuery } from './request-headers.js';

export interface V1EventInput {
  /** `1.0` for HTTP APIs; absent for REST. */
  version?: '1.0';
  resource: string;
  /** REST: path without the stage; HTTP API: the received path. */
  path: string;
  httpMethod: string;
  /** Flat header list, already as the integration sees it. */
  headers: readonly string[];
  rawQuery: string;
  pathParameters: Record<string, string> | null;
  stageVariables: Readonly<Record<string, string>> | null;
  body: Buffer | undefined;
  base64: boolean;
  context: {
    accountId: string;
    apiId: string;
    resourceId: string;
    resourcePath: string;
    /** The received path, stage included. */
    path: string;
    stage: string;
    protocol: string;
    requestId: string;
    extendedRequestId: string;
    requestTime: string;
    requestTimeEpoch: number;
    domainName: string;
    deploymentId?: string;
    sourceIp: string;
    userAgent: string | null;
  };
}

function singleAndMulti(
  flat: readonly string[],
): [Record<string, string> | null, Record<string, string[]> | null] {
  if (flat.length === 0) return [null, null];
  const single: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
  for (let i = 0; i < flat.length; i += 2) {
    const name = flat[i]!;
    const value = flat[i + 1]!;
    single[name] = value;
    const list = multi[name];
    if (list === undefined) multi[name] = [value];
    else list.push(value);
  }
  return [single, multi];
}

/** Builds a payload 1.0 event object. */
export function buildV1Event(input: V1EventInput): Record<string, unknown> {
  const [headers, multiValueHeaders] = singleAndMulti(input.headers);
  const [query, multiQuery] = singleAndMulti(parseQuery(input.rawQuery));
  const c = input.context;
  const requestContext: Record<string, unknown> = {
    resourceId: c.resourceId,
    resourcePath: c.resourcePath,
    httpMethod: input.httpMethod,
    extendedRequestId: c.extendedRequestId,
    requestTime: c.requestTime,
    path: c.path,
    accountId: c.accountId,
    protocol: c.protocol,
    stage: c.stage,
    domainPrefix: c.apiId,
    requestTimeEpoch: c.requestTimeEpoch,
    requestId: c.requestId,
    identity: {
      cognitoIdentityPoolId: null,
      accountId: null,
      cognitoIdentityId: null,
      caller: null,
      sourceIp: c.sourceIp,
      principalOrgId: null,
      accessKey: null,
      cognitoAuthenticationType: null,
      cognitoAuthenticationProvider: null,
      userArn: null,
      userAgent: c.userAgent,
      user: null,
      apiKey: null,
      apiKeyId: null,
      clientCert: null,
    },
    domainName: c.domainName,
    apiId: c.apiId,
  };
  if (c.deploymentId !== undefined) requestContext['deploymentId'] = c.deploymentId;
  const hasBody = input.body !== undefined && input.body.length > 0;
  const event: Record<string, unknown> = {};
  if (input.version !== undefined) event['version'] = input.version;
  event['resource'] = input.resource;
  event['path'] = input.path;
  event['httpMethod'] = input.httpMethod;
  event['headers'] = headers;
  event['multiValueHeaders'] = multiValueHeaders;
  event['queryStringParameters'] = query;
  event['multiValueQueryStringParameters'] = multiQuery;
  event['pathParameters'] = input.pathParameters;
  event['stageVariables'] = input.stageVariables;
  event['requestContext'] = requestContext;
  event['body'] = hasBody ? input.body!.toString(input.base64 ? 'base64' : 'utf8') : null;
  event['isBase64Encoded'] = hasBody && input.base64;
  return event;
}
