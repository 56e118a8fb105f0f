/**
 * SigV4 credential scopes. Stratus uses the scope to route a request to its service (the signing
 * name says which service a client meant) and, later, to verify signatures on shared nodes.
 */

export interface SigV4Scope {
  accessKeyId: string;
  /** `YYYYMMDD`. */
  date: string;
  region: string;
  service: string;
}

const AUTH_SCOPE = /Credential=([^/,\s]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request/;

/** Reads the credential scope from an `Authorization` header or a presigned URL's query. */
export function parseSigV4Scope(
  headers: Record<string, string>,
  query?: URLSearchParams,
): SigV4Scope | undefined {
  const auth = headers['authorization'];
  const source =
    auth ??
    (query?.get('X-Amz-Credential') ? `Credential=${query.get('X-Amz-Credential')}` : undefined);
  if (source === undefined) return undefined;
  const m = AUTH_SCOPE.exec(source);
  if (!m) return undefined;
  return { accessKeyId: m[1]!, date: m[2]!, region: m[3]!, service: m[4]! };
}
