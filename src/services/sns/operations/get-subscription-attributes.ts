/** GetSubscriptionAttributes (§10.9). */
import type { SnsOperation } from '../sns-context.js';
import { xmlMap } from '../../../protocol/query.js';
import { parseSubscriptionArn } from '../arns.js';
import { subscriptionNotFound } from '../errors.js';
import { subscriptionAttributes } from '../subscription-attributes.js';
import { param } from './input.js';

export const getSubscriptionAttributes: SnsOperation = async (ctx, call) => {
  const ref = parseSubscriptionArn(ctx, param(call, 'SubscriptionArn'));
  const sub = await ctx.state.getSubscription(ref.topicName, ref.id);
  if (sub === undefined) throw subscriptionNotFound();
  const topic = await ctx.state.getTopic(ref.topicName);
  return { Attributes: xmlMap(subscriptionAttributes(sub, topic, ctx.accountId)) };
};
