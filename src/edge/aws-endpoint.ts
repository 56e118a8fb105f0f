/**
 * Dispatch on the AWS endpoint port: picks the service a request is meant for (the SigV4 signing
 * name first, then each service's own matcher), reads the body within that service's cap, and
 * writes the service's answer. The console is mounted under `/_stratus`.
 */
import type { ServerResponse } from 'node:http';
import type { Http2ServerResponse } from 'node:http2';
import { Readable } from 'node:stream';
import { AwsError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import {
  BodyTooLargeError,
  normalizeHeaders,
  readBody,
  splitUrl,
  toAwsRequest,
} from '../protocol/read-request.js';
import { parseSigV4Scope } from '../protocol/sigv4.js';
import { restJsonError } from '../protocol/rest-json.js';
import type {
  AwsRequest,
  AwsResponse,
  ServiceDefinition,
  ServiceInstance,
} from '../protocol/types.js';
import type { RequestHandler } from './listener.js';

export interface MountedService {
  definition: ServiceDefinition<never>;
  instance: ServiceInstance;
  /** Answer for a body over `definition.maxRequestBytes`. */
  tooLarge: () => AwsError;
}

export interface AwsEndpointOptions {
  services: () => readonly MountedService[];
  logger: Logger;
  /** Handles `/_stratus/...` (console and admin API), when present. */
  console?: RequestHandler;
}

/** Creates the request handler of the AWS endpoint port. */
export function createAwsEndpoint(options: AwsEndpointOptions): RequestHandler {
  const { logger } = options;
  return (req, res) => {
    const url = req.url ?? '/';
    if (options.console !== undefined && (url === '/_stratus' || url.startsWith('/_stratus/'))) {
      options.console(req, res);
      return;
    }
    const headers = normalizeHeaders(req.headers);
    const { path, query } = splitUrl(url);
    const scope = parseSigV4Scope(headers, query);
    const services = options.services();
    const head = { method: req.method ?? 'GET', path, headers };
    const mounted =
      (scope && services.find((s) => s.definition.name === scope.service)) ??
      services.find((s) => s.definition.matches(head));
    if (mounted === undefined) {
      req.resume();
      const fake = toAwsRequest(req, headers, Buffer.alloc(0));
      const error = new AwsError(
        'UnknownServiceException',
        scope
          ? `Stratus does not serve the '${scope.service}' service yet`
          : `No service matches ${head.method} ${path}`,
        { status: 400 },
      );
      send(res, restJsonError(fake, error), logger);
      return;
    }
    readBody(req, mounted.definition.maxRequestBytes).then(
      async (body) => {
        const request: AwsRequest = toAwsRequest(req, headers, body);
        let response: AwsResponse;
        try {
          response = await mounted.instance.handle(request);
        } catch (e) {
          logger.error(
            `${mounted.definition.name}: unexpected failure on ${head.method} ${path}`,
            e,
          );
          response = restJsonError(
            request,
            new AwsError(
              'InternalFailure',
              'The request processing has failed because of an unknown error.',
              { status: 500 },
            ),
          );
        }
        send(res, response, logger);
      },
      (e: unknown) => {
        const request = toAwsRequest(req, headers, Buffer.alloc(0));
        if (e instanceof BodyTooLargeError) {
          send(res, restJsonError(request, mounted.tooLarge()), logger, true);
        } else {
          logger.debug(`request body not read: ${(e as Error).message}`);
          if (!res.headersSent) res.destroy();
        }
      },
    );
  };
}

function send(
  res: ServerResponse | Http2ServerResponse,
  response: AwsResponse,
  logger: Logger,
  close = false,
): void {
  if (res.headersSent || res.destroyed) return;
  const headers: Record<string, string | number> = { ...response.headers };
  const body = response.body;
  if (close && 'setHeader' in res && (res as ServerResponse).req?.httpVersion !== '2.0')
    headers['connection'] = 'close';
  if (body instanceof Readable) {
    res.writeHead(response.status, headers);
    body.on('error', (e) => {
      logger.error('response stream failed', e);
      res.destroy();
    });
    body.pipe(res as NodeJS.WritableStream);
    return;
  }
  const payload = body === undefined ? '' : body;
  headers['content-length'] = Buffer.byteLength(payload);
  res.writeHead(response.status, headers);
  res.end(payload);
}
