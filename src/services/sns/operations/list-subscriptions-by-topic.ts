/** ListSubscriptionsByTopic (§10.8): NotFound for a missing topic. */
import type { SnsOperation } from '../sns-context.js';
import { requireTopic } from '../sns-context.js';
import { param } from './input.js';
import { subscriptionPage } from './list-subscriptions.js';

export const listSubscriptionsByTopic: SnsOperation = async (ctx, call) => {
  const topic = await requireTopic(ctx, param(call, 'TopicArn'));
  return subscriptionPage(ctx, topic.name, param(call, 'NextToken'));
};
