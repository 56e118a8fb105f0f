/**
 * The shapes shared by every AWS service emulation: the request as the protocol layer hands it
 * over, the response a service gives back, and the service definition itself.
 */
import type { Readable } from 'node:stream';
import type { AwsError } from '../core/errors.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { SigV4Scope } from './sigv4.js';

/** An HTTP request on the AWS endpoint, with its body read (within the service's size cap). */
export interface AwsRequest {
  method: string;
  /** Raw path, without the query string, not percent-decoded. */
  path: string;
  query: URLSearchParams;
  /** Header names lower-cased; repeated headers joined with `, `. */
  headers: Record<string, string>;
  body: Buffer;
  /** The request id Stratus answers with (`x-amzn-RequestId`). */
  requestId: string;
  /** Credential scope from the SigV4 `Authorization` header or presigned query, when present. */
  scope?: SigV4Scope;
}

/** What a service answers. A string or Buffer body is sent as is; a Readable is piped. */
export interface AwsResponse {
  status: number;
  headers: Record<string, string>;
  body?: Buffer | string | Readable;
}

/** What every service receives when it is created. */
export interface ServiceContext {
  region: string;
  accountId: string;
  /** The AWS endpoint URL clients use, e.g. `http://127.0.0.1:4566`. */
  awsEndpoint: string;
  clock: Clock;
  logger: Logger;
}

export interface ServiceInstance<Facade = unknown> {
  /** The typed API other parts of Stratus use (cloud to deploy template resources, triggers to read). */
  facade?: Facade;
  /** Answers one request that `matches` selected for this service. */
  handle(request: AwsRequest): Promise<AwsResponse>;
  /**
   * Renders an error the edge raises before `handle` (body too large, internal failure) in the
   * protocol the request came in; REST-JSON when absent.
   */
  renderError?(request: AwsRequest, error: AwsError): AwsResponse;
  start?(): Promise<void>;
  stop?(): Promise<void>;
  /** A plain JSON description for the console. */
  describe?(): unknown;
}

/** One AWS service: how requests reach it and how it is created. */
export interface ServiceDefinition<Deps = object, Facade = unknown> {
  /** SigV4 signing name, e.g. `lambda`, `dynamodb`, `sqs`. */
  name: string;
  protocol: 'json' | 'query' | 'rest-xml' | 'rest-json';
  /** Largest request body the service accepts, in bytes; larger ones are refused before reading. */
  maxRequestBytes: number;
  /**
   * The API version a query-protocol request names in its `Version` parameter (SQS
   * `2012-11-05`, SNS `2010-03-31`): unsigned form posts to `/` are routed by it.
   */
  queryVersion?: string;
  /** True when a request without a usable SigV4 scope is meant for this service. */
  matches(head: { method: string; path: string; headers: Record<string, string> }): boolean;
  create(ctx: ServiceContext & Deps): ServiceInstance<Facade>;
}
