/**
 * Subscribe (§10.5): validates protocol and endpoint, is idempotent for the same topic, protocol
 * and endpoint, confirms same-account sqs/lambda/sms/application/firehose subscriptions at once
 * and queues a SubscriptionConfirmation for http/https/email/email-json (in the same
 * transaction, so the confirmation is sent even after a crash).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { parseArn } from '../../../core/ids.js';
import type { SnsContext, SnsOperation } from '../sns-context.js';
import { parseTopicArn } from '../arns.js';
import { encodeJob, type DeliveryJob } from '../delivery-job.js';
import { subscribeUrl } from '../envelope.js';
import { invalidParameter, invalidParameterRaw, topicNotFound } from '../errors.js';
import { deliveryDetails } from '../publish-core.js';
import type {
  SnsState,
  SubscriptionProtocol,
  SubscriptionRecord,
  TopicRecord,
} from '../sns-state.js';
import { applySubscriptionAttribute } from '../subscription-attributes.js';
import { attributesParam, booleanParam, param, requiredParam } from './input.js';

const PROTOCOLS = new Set<string>([
  'sqs',
  'lambda',
  'http',
  'https',
  'email',
  'email-json',
  'sms',
  'application',
  'firehose',
]);

/** Confirmation tokens are valid for two days (SNS-API Subscribe). */
export const TOKEN_TTL_MS = 2 * 24 * 3600_000;

const NEEDS_CONFIRMATION = new Set(['http', 'https', 'email', 'email-json']);

/** Checks the endpoint for the protocol (throws AWS's texts). */
function checkEndpoint(topic: TopicRecord, protocol: string, endpoint: string | undefined): string {
  if (endpoint === undefined || endpoint === '') {
    throw invalidParameter('Endpoint Reason: no value for required parameter');
  }
  switch (protocol) {
    case 'sqs': {
      const arn = parseArn(endpoint);
      if (arn === undefined || arn.service !== 'sqs') throw invalidParameter('SQS endpoint ARN');
      if (arn.resource.endsWith('.fifo') && !topic.fifo) {
        throw invalidParameter(
          'Invalid parameter: Endpoint Reason: FIFO SQS Queues can not be subscribed to standard SNS topics',
        );
      }
      return endpoint;
    }
    case 'lambda': {
      const arn = parseArn(endpoint);
      if (arn === undefined || arn.service !== 'lambda')
        throw invalidParameter('Lambda endpoint ARN');
      return endpoint;
    }
    case 'http':
    case 'https':
      if (!endpoint.toLowerCase().startsWith(`${protocol}://`)) {
        throw invalidParameter('Endpoint must match the specified protocol');
      }
      return endpoint;
    case 'email':
    case 'email-json':
      if (!/^[^@\s]+@[^@\s]+$/.test(endpoint)) throw invalidParameter('Email address');
      return endpoint;
    case 'sms':
      if (!/^\+?[1-9]\d{1,14}$/.test(endpoint.replace(/[\s()-]/g, ''))) {
        throw invalidParameterRaw(`Invalid SMS endpoint: ${endpoint}`);
      }
      return endpoint;
    default:
      return endpoint;
  }
}

export const subscribe: SnsOperation = async (ctx, call) => {
  const topicArnValue = requiredParam(call, 'TopicArn');
  const topicName = parseTopicArn(ctx, topicArnValue);
  const protocol = param(call, 'Protocol');
  if (protocol === undefined)
    throw invalidParameter('Protocol Reason: no value for required parameter');
  if (!PROTOCOLS.has(protocol)) {
    throw invalidParameter(`Amazon SNS does not support this protocol string: ${protocol}`);
  }
  const requested = attributesParam(call);
  const returnArn = booleanParam(call, 'ReturnSubscriptionArn') ?? false;
  const existingTopic = await ctx.state.getTopic(topicName);
  if (existingTopic === undefined) throw topicNotFound();
  const endpoint = checkEndpoint(existingTopic, protocol, param(call, 'Endpoint'));
  let attributes: Record<string, string> = {};
  // FilterPolicyScope first, so the policy is validated against the scope it will have.
  const names = Object.keys(requested).sort((a, b) =>
    a === 'FilterPolicyScope' ? -1 : b === 'FilterPolicyScope' ? 1 : 0,
  );
  for (const name of names) {
    attributes = applySubscriptionAttribute(
      'Subscribe',
      existingTopic,
      protocol,
      attributes,
      name,
      requested[name]!,
    );
  }
  const sub = await ctx.store.transaction(async (tx) =>
    subscribeIn(
      ctx,
      ctx.state.in(tx),
      tx,
      topicName,
      protocol as SubscriptionProtocol,
      endpoint,
      attributes,
      requested,
    ),
  );
  return {
    SubscriptionArn: sub.pending && !returnArn ? 'pending confirmation' : sub.arn,
  };
};

/**
 * Creates (or finds) the subscription inside a transaction. `requested` are the attributes the
 * caller supplied (for the idempotency comparison).
 */
export async function subscribeIn(
  ctx: SnsContext,
  state: SnsState,
  tx: Parameters<Parameters<SnsContext['store']['transaction']>[0]>[0],
  topicName: string,
  protocol: SubscriptionProtocol,
  endpoint: string,
  attributes: Record<string, string>,
  requested: Readonly<Record<string, string>>,
): Promise<SubscriptionRecord> {
  const topic = await state.getTopic(topicName, true);
  if (topic === undefined) throw topicNotFound();
  const subs = await state.allSubscriptions(topicName);
  const same = subs.find((s) => s.protocol === protocol && s.endpoint === endpoint);
  if (same !== undefined) {
    for (const [k, v] of Object.entries(attributes)) {
      if (requested[k] !== undefined && (same.attributes[k] ?? defaultOf(k)) !== v) {
        throw invalidParameter(
          'Attributes Reason: Subscription already exists with different attributes',
        );
      }
    }
    return same;
  }
  const id = randomUUID();
  const pending = NEEDS_CONFIRMATION.has(protocol);
  const sub: SubscriptionRecord = {
    arn: `${topic.arn}:${id}`,
    id,
    topicName,
    topicArn: topic.arn,
    protocol,
    endpoint,
    owner: ctx.accountId,
    pending,
    authenticated: !pending,
    attributes,
    createdAt: ctx.clock.now(),
  };
  if (pending) {
    const token = randomBytes(64).toString('hex');
    sub.token = token;
    await state.putToken(token, {
      subscriptionArn: sub.arn,
      topicArn: topic.arn,
      expiresAt: ctx.clock.now() + TOKEN_TTL_MS,
    });
    const url = subscribeUrl(ctx.awsEndpoint, topic.arn, token);
    const job: DeliveryJob = {
      kind: 'SubscriptionConfirmation',
      protocol,
      endpoint,
      topicArn: topic.arn,
      subscriptionArn: sub.arn,
      messageId: randomUUID(),
      timestamp: new Date(ctx.clock.now()).toISOString(),
      message: `You have chosen to subscribe to the topic ${topic.arn}.\nTo confirm the subscription, visit the SubscribeURL included in this message.`,
      fifo: topic.fifo,
      signatureVersion: topic.attributes['SignatureVersion'] === '2' ? '2' : '1',
      raw: false,
      token,
      subscribeUrl: url,
      retries: 0,
      ...deliveryDetails(topic, sub),
    };
    await tx.queues.send(state.deliveryQueue, { body: encodeJob(job) });
  }
  await state.putSubscription(sub);
  return sub;
}

function defaultOf(name: string): string | undefined {
  if (name === 'RawMessageDelivery') return 'false';
  if (name === 'FilterPolicyScope') return 'MessageAttributes';
  return undefined;
}
