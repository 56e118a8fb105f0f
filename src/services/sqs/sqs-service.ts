/**
 * The SQS service definition: classifies each request (JSON 1.0 by `X-Amz-Target`, otherwise
 * the query protocol), runs the operation on the engine, and renders the answer or the error in
 * that protocol's shape.
 */
import { AwsError } from '../../core/errors.js';
import type { AwsRequest, AwsResponse, ServiceDefinition } from '../../protocol/types.js';
import type { Store } from '../../store/index.js';
import { invalidAction, jsonErrorType, sqsError } from './errors.js';
import { createSqsFacade, type SqsFacade } from './facade.js';
import { MessageMoveTasks } from './message-move-tasks.js';
import { ACCOUNT_ACTIONS, OPERATIONS } from './operations/index.js';
import { parseQueryInput, renderQueryError, renderQueryResponse } from './query-protocol.js';
import { ReceiveAttempts } from './receive-attempts.js';
import type { SqsCall } from './sqs-call.js';
import { SqsEngine } from './sqs-engine.js';

const JSON_CONTENT_TYPE = 'application/x-amz-json-1.0';
const TARGET_PREFIX = 'AmazonSQS.';
/** `/<12-digit account>/<queue name>`: a request sent to a queue URL. */
const QUEUE_PATH = /^\/\d{12}\/[^/]+\/?$/;

/** A batch may carry 1 MiB of payload; JSON and base64 add overhead, so a little more is read. */
const MAX_REQUEST_BYTES = 3 * 1024 * 1024;

export interface SqsServiceDeps {
  store: Store;
  /** Seconds a queue name stays blocked after DeleteQueue (default 60, 0 disables). */
  recreateDelaySeconds?: number;
  /** Seconds between two PurgeQueue calls on a queue (default 60, 0 disables). */
  purgeIntervalSeconds?: number;
}

export const sqsService: ServiceDefinition<SqsServiceDeps, SqsFacade> = {
  name: 'sqs',
  protocol: 'json',
  maxRequestBytes: MAX_REQUEST_BYTES,
  queryVersion: '2012-11-05',
  matches: (head) =>
    (head.headers['x-amz-target'] ?? '').startsWith(TARGET_PREFIX) || QUEUE_PATH.test(head.path),
  create(ctx) {
    const engine = new SqsEngine({
      region: ctx.region,
      accountId: ctx.accountId,
      awsEndpoint: ctx.awsEndpoint,
      clock: ctx.clock,
      logger: ctx.logger,
      store: ctx.store,
      ...(ctx.recreateDelaySeconds !== undefined
        ? { recreateDelaySeconds: ctx.recreateDelaySeconds }
        : {}),
      ...(ctx.purgeIntervalSeconds !== undefined
        ? { purgeIntervalSeconds: ctx.purgeIntervalSeconds }
        : {}),
    });
    const moveTasks = new MessageMoveTasks(engine);
    const attempts = new ReceiveAttempts(ctx.clock);
    let polls = new AbortController();

    const run = async (
      req: AwsRequest,
      protocol: 'json' | 'query',
      action: string,
      input: Record<string, unknown>,
    ): Promise<Record<string, unknown>> => {
      const operation = OPERATIONS.get(action);
      if (operation === undefined) throw invalidAction(action);
      const onQueuePath = QUEUE_PATH.test(req.path);
      if (protocol === 'query' && onQueuePath && ACCOUNT_ACTIONS.has(action))
        throw invalidAction(action);
      const call: SqsCall = {
        engine,
        input,
        protocol,
        pathQueueUrl: onQueuePath ? req.path : undefined,
        headers: req.headers,
        signal: polls.signal,
        moveTasks,
        attempts,
      };
      return operation(call);
    };

    const handleJson = async (req: AwsRequest): Promise<AwsResponse> => {
      const action = (req.headers['x-amz-target'] ?? '').slice(TARGET_PREFIX.length);
      try {
        let input: unknown;
        try {
          input = req.body.length === 0 ? {} : JSON.parse(req.body.toString('utf8'));
        } catch {
          input = undefined;
        }
        if (input === null || typeof input !== 'object' || Array.isArray(input)) {
          throw new AwsError(
            'SerializationException',
            'Start of structure or map found where not expected.',
            {
              status: 400,
            },
          );
        }
        const output = await run(req, 'json', action, input as Record<string, unknown>);
        return {
          status: 200,
          headers: { 'content-type': JSON_CONTENT_TYPE, 'x-amzn-requestid': req.requestId },
          body: JSON.stringify(output),
        };
      } catch (e) {
        return jsonError(req, toAwsError(e, ctx.logger, action));
      }
    };

    const handleQuery = async (req: AwsRequest): Promise<AwsResponse> => {
      const params = new URLSearchParams(req.query);
      const contentType = req.headers['content-type'] ?? '';
      if (
        req.body.length > 0 &&
        (contentType === '' || contentType.includes('x-www-form-urlencoded'))
      ) {
        for (const [k, v] of new URLSearchParams(req.body.toString('utf8'))) params.append(k, v);
      }
      const action = params.get('Action');
      if (action === null || action === '') {
        if (QUEUE_PATH.test(req.path)) {
          return {
            status: 404,
            headers: { 'content-type': 'text/xml', 'x-amzn-requestid': req.requestId },
            body: '<UnknownOperationException/>',
          };
        }
        return queryError(req, invalidAction(''));
      }
      try {
        const output = await run(req, 'query', action, parseQueryInput(params, action));
        return {
          status: 200,
          headers: { 'content-type': 'text/xml', 'x-amzn-requestid': req.requestId },
          body: renderQueryResponse(action, output, req.requestId),
        };
      } catch (e) {
        return queryError(req, toAwsError(e, ctx.logger, action));
      }
    };

    return {
      facade: createSqsFacade(engine),
      handle: (req) =>
        (req.headers['x-amz-target'] ?? '').startsWith(TARGET_PREFIX)
          ? handleJson(req)
          : handleQuery(req),
      renderError: (req, error) =>
        (req.headers['x-amz-target'] ?? '').startsWith(TARGET_PREFIX)
          ? jsonError(req, error)
          : queryError(req, error),
      async start() {
        polls = new AbortController();
        engine.start();
        await moveTasks.resume();
      },
      stop() {
        polls.abort();
        moveTasks.stop();
        engine.stop();
        return Promise.resolve();
      },
      describe: () => ({ region: ctx.region, accountId: ctx.accountId }),
    };
  },
};

function toAwsError(
  e: unknown,
  logger: { error(m: string, e?: unknown): void },
  action: string,
): AwsError {
  if (e instanceof AwsError) return e;
  logger.error(`sqs: ${action} failed`, e);
  return new AwsError(
    'InternalFailure',
    'The request processing has failed because of an unknown error.',
    {
      status: 500,
    },
  );
}

function jsonError(req: AwsRequest, error: AwsError): AwsResponse {
  const body = JSON.stringify({ __type: jsonErrorType(error.code), message: error.message });
  return {
    status: error.status,
    headers: {
      'content-type': JSON_CONTENT_TYPE,
      'x-amzn-requestid': req.requestId,
      // SDKs surface this query-era code and fault as the error's Code and Type.
      'x-amzn-query-error': `${error.code};${error.senderFault ? 'Sender' : 'Receiver'}`,
    },
    body,
  };
}

function queryError(req: AwsRequest, error: AwsError): AwsResponse {
  return {
    status: error.status,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': req.requestId },
    body: renderQueryError(error, req.requestId),
  };
}

/** SQS's answer for a request body over the limit. */
export function sqsRequestTooLarge(): AwsError {
  return sqsError(
    'AWS.SimpleQueueService.BatchRequestTooLong',
    `Batch requests cannot be longer than 1048576 bytes.`,
  );
}
