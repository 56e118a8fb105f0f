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
    const cap = mounted?.definition.maxRequestBytes ?? MAX_UNROUTED_BODY_BYTES;
    readBody(req, cap).then(
      async (body) => {
        const request: AwsRequest = toAwsRequest(req, headers, body);
        // Unsigned query-protocol requests (curl, presigned forms) name their API in `Version`.
        const target = mounted ?? byQueryVersion(services, request);
        if (target === undefined) {
          const error = new AwsError(
            'UnknownServiceException',
            scope
              ? `Stratus does not serve the '${scope.service}' service yet`
              : `No service matches ${head.method} ${path}`,
            { status: 400 },
          );
          send(res, restJsonError(request, error), logger);
          return;
        }
        if (body.length > target.definition.maxRequestBytes) {
          send(res, renderError(target, request, target.tooLarge()), logger, true);
          return;
        }
        let response: AwsResponse;
        try {
          response = await target.instance.handle(request);
        } catch (e) {
          logger.error(
            `${target.definition.name}: unexpected failure on ${head.method} ${path}`,
            e,
          );
          response = renderError(
            target,
            request,
            new AwsError(
              'InternalFailure',
              'The request processing has failed because of an unknown error.',
              {
                status: 500,
              },
            ),
          );
        }
        send(res, response, logger);
      },
      (e: unknown) => {
        const request = toAwsRequest(req, headers, Buffer.alloc(0));
        if (e instanceof BodyTooLargeError) {
          const error =
            mounted?.tooLarge() ??
            new AwsError('RequestEntityTooLarge', 'Request too large', { status: 413 });
          send(
            res,
            mounted ? renderError(mounted, request, error) : restJsonError(request, error),
            logger,
            true,
          );
        } else {
          logger.debug(`request body not read: ${(e as Error).message}`);
          if (!res.headersSent) res.destroy();
        }
      },
    );
  };
}

/** A request no matcher claimed, when it is too large to route, gets no further than this. */
const MAX_UNROUTED_BODY_BYTES = 1024 * 1024;

function byQueryVersion(
  services: readonly MountedService[],
  request: AwsRequest,
): MountedService | undefined {
  const type = request.headers['content-type'] ?? '';
  let version = request.query.get('Version');
  if (
    version === null &&
    request.body.length > 0 &&
    (type === '' || type.includes('x-www-form-urlencoded'))
  ) {
    version = new URLSearchParams(request.body.toString('utf8')).get('Version');
  }
  if (version === null) return undefined;
  return services.find((s) => s.definition.queryVersion === version);
}

function renderError(mounted: MountedService, request: AwsRequest, error: AwsError): AwsResponse {
  return mounted.instance.renderError?.(request, error) ?? restJsonError(request, error);
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
