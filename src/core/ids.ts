/**
 * Identifiers and ARNs, built as AWS builds them so that templates using `!Sub` to assemble ARNs
 * and handlers that parse them keep working.
 */
import { createHash, randomBytes, randomFillSync, randomUUID } from 'node:crypto';

export const DEFAULT_ACCOUNT_ID = '123456789012';
export const DEFAULT_REGION = 'us-east-1';

/** A request id in AWS's UUID v4 form. */
export function createRequestId(): string {
  return randomUUID();
}

const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

/**
 * A stable 10-character lowercase id (the shape of API Gateway ids) derived from `seed`, so an
 * API keeps its URL across restarts and reloads.
 */
export function createStableId(seed: string, length = 10): string {
  const digest = createHash('sha256').update(seed).digest();
  let out = '';
  for (let i = 0; i < length; i++) out += LOWER_ALNUM[digest[i]! % LOWER_ALNUM.length];
  return out;
}

/** Random lowercase hex of `bytes` bytes (log stream suffixes, trace ids). */
export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

/** API Gateway's `extendedRequestId` / HTTP API `requestId`: 16 base64-ish chars ending in `=`. */
export function createGatewayRequestId(): string {
  return randomBytes(11).toString('base64').slice(0, 15) + '=';
}

const TRACE_POOL_BYTES = 4096;
const TRACE_BYTES = 20;
/** Random bytes for trace headers: one `randomFillSync` per ~200 headers, not two calls per header. */
const tracePool = Buffer.alloc(TRACE_POOL_BYTES);
let traceOffset = TRACE_POOL_BYTES;

/** An X-Ray trace header value: `Root=1-<8 hex time>-<24 hex>;Parent=<16 hex>;Sampled=0`. */
export function createTraceHeader(nowMs: number): string {
  if (traceOffset + TRACE_BYTES > TRACE_POOL_BYTES) {
    randomFillSync(tracePool);
    traceOffset = 0;
  }
  const root = tracePool.toString('hex', traceOffset, traceOffset + 12);
  const parent = tracePool.toString('hex', traceOffset + 12, traceOffset + TRACE_BYTES);
  traceOffset += TRACE_BYTES;
  const time = Math.floor(nowMs / 1000)
    .toString(16)
    .padStart(8, '0');
  return `Root=1-${time}-${root};Parent=${parent};Sampled=0`;
}

export interface ArnParts {
  partition: string;
  service: string;
  region: string;
  accountId: string;
  resource: string;
}

/** Builds `arn:<partition>:<service>:<region>:<account>:<resource>`. */
export function formatArn(parts: ArnParts): string {
  return `arn:${parts.partition}:${parts.service}:${parts.region}:${parts.accountId}:${parts.resource}`;
}

/** Splits an ARN into its parts, or returns undefined when `value` is not an ARN. */
export function parseArn(value: string): ArnParts | undefined {
  const m = /^arn:([^:]+):([^:]+):([^:]*):([^:]*):(.+)$/.exec(value);
  if (!m) return undefined;
  return { partition: m[1]!, service: m[2]!, region: m[3]!, accountId: m[4]!, resource: m[5]! };
}

/** `arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]`. */
export function functionArn(
  region: string,
  accountId: string,
  name: string,
  qualifier?: string,
): string {
  const base = `arn:aws:lambda:${region}:${accountId}:function:${name}`;
  return qualifier === undefined ? base : `${base}:${qualifier}`;
}

export interface FunctionReference {
  name: string;
  qualifier?: string;
  /** Account and region, when the reference was an ARN. */
  accountId?: string;
  region?: string;
}

/**
 * Parses what Lambda accepts as a FunctionName: `name`, `name:qualifier`, a partial ARN
 * (`123456789012:function:name[:qualifier]`) or a full ARN. Returns undefined for anything else.
 */
export function parseFunctionReference(value: string): FunctionReference | undefined {
  const full =
    /^arn:aws[a-zA-Z-]*:lambda:([a-z0-9-]*):(\d{12}):function:([a-zA-Z0-9-_.]+)(?::([a-zA-Z0-9-_$]+))?$/.exec(
      value,
    );
  if (full)
    return withQualifier({ name: full[3]!, accountId: full[2]!, region: full[1]! }, full[4]);
  const partial = /^(\d{12}):function:([a-zA-Z0-9-_.]+)(?::([a-zA-Z0-9-_$]+))?$/.exec(value);
  if (partial) return withQualifier({ name: partial[2]!, accountId: partial[1]! }, partial[3]);
  const bare = /^([a-zA-Z0-9-_]+)(?::([a-zA-Z0-9-_$]+))?$/.exec(value);
  if (bare) return withQualifier({ name: bare[1]! }, bare[2]);
  return undefined;
}

function withQualifier(ref: FunctionReference, qualifier: string | undefined): FunctionReference {
  return qualifier === undefined ? ref : { ...ref, qualifier };
}
