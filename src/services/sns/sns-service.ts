/** The SNS service definition: query-protocol dispatch, the delivery worker, the facade. */
import type { TimerHandle } from '../../core/clock.js';
import { AwsError } from '../../core/errors.js';
import { parseSubscriptionArn } from './arns.js';
import {
  parseQueryCall,
  queryError,
  queryResponse,
  type QueryProtocolOptions,
} from '../../protocol/query.js';
import type { ServiceDefinition } from '../../protocol/types.js';
import type { Store } from '../../store/index.js';
import { DeliveryWorker } from './delivery-worker.js';
import { internalError, invalidAction } from './errors.js';
import { createSnsFacade, outboxSender, type SnsFacade } from './facade.js';
import { addPermission } from './operations/add-permission.js';
import { confirmSubscription } from './operations/confirm-subscription.js';
import { createTopic } from './operations/create-topic.js';
import { deleteTopic } from './operations/delete-topic.js';
import { getSubscriptionAttributes } from './operations/get-subscription-attributes.js';
import { getTopicAttributes } from './operations/get-topic-attributes.js';
import { listSubscriptionsByTopic } from './operations/list-subscriptions-by-topic.js';
import { listSubscriptions } from './operations/list-subscriptions.js';
import { listTagsForResource } from './operations/list-tags-for-resource.js';
import { listTopics } from './operations/list-topics.js';
import { publishBatch } from './operations/publish-batch.js';
import { publish } from './operations/publish.js';
import { removePermission } from './operations/remove-permission.js';
import { setSubscriptionAttributes } from './operations/set-subscription-attributes.js';
import { setTopicAttributes } from './operations/set-topic-attributes.js';
import { subscribe } from './operations/subscribe.js';
import { tagResource } from './operations/tag-resource.js';
import { untagResource } from './operations/untag-resource.js';
import { unsubscribe } from './operations/unsubscribe.js';
import { createFilterPolicyCache, type SnsContext, type SnsOperation } from './sns-context.js';
import { SnsState } from './sns-state.js';
import { SnsSigner } from './signing.js';
import type { SnsMessageSender, SnsTargets } from './targets.js';

/** The operation table, by AWS's names. */
const OPERATIONS: Readonly<Record<string, SnsOperation>> = {
  AddPermission: addPermission,
  ConfirmSubscription: confirmSubscription,
  CreateTopic: createTopic,
  DeleteTopic: deleteTopic,
  GetSubscriptionAttributes: getSubscriptionAttributes,
  GetTopicAttributes: getTopicAttributes,
  ListSubscriptions: listSubscriptions,
  ListSubscriptionsByTopic: listSubscriptionsByTopic,
  ListTagsForResource: listTagsForResource,
  ListTopics: listTopics,
  Publish: publish,
  PublishBatch: publishBatch,
  RemovePermission: removePermission,
  SetSubscriptionAttributes: setSubscriptionAttributes,
  SetTopicAttributes: setTopicAttributes,
  Subscribe: subscribe,
  TagResource: tagResource,
  UntagResource: untagResource,
  Unsubscribe: unsubscribe,
};

export const SNS_NAMESPACE = 'http://sns.amazonaws.com/doc/2010-03-31/';
const PROTOCOL: QueryProtocolOptions = { namespace: SNS_NAMESPACE };

/**
 * A 256 KiB message (1 MiB with MaximumMessageSize) form-encoded can triple in size; a little
 * more is read so an oversized message gets SNS's own error.
 */
const MAX_REQUEST_BYTES = 4 * 1024 * 1024;

const SWEEP_INTERVAL_MS = 60_000;

const CERT_PATH = /^\/SimpleNotificationService-[0-9a-f]+\.pem$/;

export interface SnsServiceDeps {
  store: Store;
  /** Where SQS and Lambda deliveries go (wired by the composition root). */
  targets: SnsTargets;
  /** Email/SMS sender; default: the store outbox. */
  sender?: SnsMessageSender;
  /** Parallel delivery consumers per node (default 4). */
  deliveryConcurrency?: number;
  /** Per-attempt HTTP/S timeout (default 15 s). */
  httpTimeoutMs?: number;
  /** Accept self-signed HTTPS subscriber certificates when false (default true). */
  httpsRejectUnauthorized?: boolean;
}

export const snsService: ServiceDefinition<SnsServiceDeps, SnsFacade> = {
  name: 'sns',
  protocol: 'query',
  maxRequestBytes: MAX_REQUEST_BYTES,
  queryVersion: '2010-03-31',
  // Signed requests route by their signing name; these are the unsigned ones: the SubscribeURL
  // and UnsubscribeURL GETs in messages, and the signing certificate.
  matches: (head) =>
    (head.method === 'GET' && CERT_PATH.test(head.path)) ||
    (head.method === 'GET' && head.path === '/' && head.headers['authorization'] === undefined),
  create(deps) {
    const state = new SnsState(deps.store, `sns:${deps.accountId}:${deps.region}`);
    const ctx: SnsContext = {
      region: deps.region,
      accountId: deps.accountId,
      awsEndpoint: deps.awsEndpoint,
      clock: deps.clock,
      logger: deps.logger,
      store: deps.store,
      state,
      filterPolicy: createFilterPolicyCache(),
    };
    const signer = new SnsSigner(state, deps.awsEndpoint, () => deps.clock.now());
    const worker = new DeliveryWorker({
      store: deps.store,
      state,
      clock: deps.clock,
      logger: deps.logger,
      targets: deps.targets,
      sender: deps.sender ?? outboxSender(ctx),
      envelope: { signer, awsEndpoint: deps.awsEndpoint },
      region: deps.region,
      accountId: deps.accountId,
      ...(deps.deliveryConcurrency !== undefined ? { concurrency: deps.deliveryConcurrency } : {}),
      ...(deps.httpTimeoutMs !== undefined ? { httpTimeoutMs: deps.httpTimeoutMs } : {}),
      ...(deps.httpsRejectUnauthorized !== undefined
        ? { httpsRejectUnauthorized: deps.httpsRejectUnauthorized }
        : {}),
    });
    // Expired FIFO dedup records and confirmation tokens are swept once a minute; a
    // subscription still pending when its token expires is removed (AWS drops unconfirmed ones).
    let sweepTimer: TimerHandle | undefined;
    let sweeping: Promise<void> = Promise.resolve();
    const sweep = async (): Promise<void> => {
      const now = deps.clock.now();
      await state.sweepDedup(now);
      for (const arn of await state.sweepTokens(now)) {
        const ref = parseSubscriptionArn(ctx, arn);
        const sub = await state.getSubscription(ref.topicName, ref.id);
        if (sub?.pending === true) await state.deleteSubscription(ref.topicName, ref.id);
      }
    };
    const scheduleSweep = (): void => {
      sweepTimer = deps.clock.setTimeout(() => {
        sweeping = sweep()
          .catch((e: unknown) => deps.logger.error('sns: sweeping expired records failed', e))
          .finally(() => {
            if (sweepTimer !== undefined) scheduleSweep();
          });
      }, SWEEP_INTERVAL_MS);
    };
    return {
      facade: createSnsFacade(ctx),
      renderError: (req, error) => queryError(req, error, PROTOCOL),
      async handle(req) {
        try {
          if (req.method === 'GET' && CERT_PATH.test(req.path)) {
            await signer.ready();
            const cert = signer.certificate;
            if (cert !== undefined && cert.path === req.path) {
              return {
                status: 200,
                headers: {
                  'content-type': 'application/x-pem-file',
                  'x-amzn-requestid': req.requestId,
                },
                body: cert.pem,
              };
            }
            return { status: 404, headers: { 'x-amzn-requestid': req.requestId }, body: '' };
          }
          const call = parseQueryCall(req);
          const operation = OPERATIONS[call.action];
          if (operation === undefined) throw invalidAction(call.action);
          const result = await operation(ctx, call, {
            traceHeader: req.headers['x-amzn-trace-id'],
            authenticated: req.scope !== undefined || req.headers['authorization'] !== undefined,
          });
          return queryResponse(req, call.action, result, PROTOCOL);
        } catch (e) {
          if (e instanceof AwsError) return queryError(req, e, PROTOCOL);
          deps.logger.error(`sns: ${req.method} ${req.path} failed`, e);
          return queryError(req, internalError(), PROTOCOL);
        }
      },
      start() {
        worker.start();
        scheduleSweep();
        // The signing key is made (or loaded) at the first delivery or certificate request, not
        // at start: a fresh 2048-bit RSA key is too slow to make on every `stratus dev`.
        return Promise.resolve();
      },
      async stop() {
        sweepTimer?.cancel();
        sweepTimer = undefined;
        await sweeping;
        await worker.stop();
        await signer.settled();
      },
      describe: () => ({ service: 'sns' }),
    };
  },
};

/** SNS's answer for a request body over the limit. */
export function snsRequestTooLarge(): AwsError {
  return new AwsError('InvalidParameter', 'Invalid parameter: Message too long', { status: 400 });
}
