/** SetSubscriptionAttributes (§10.9): one attribute per call, validated with AWS's texts. */
import type { SnsOperation } from '../sns-context.js';
import { parseSubscriptionArn } from '../arns.js';
import { subscriptionNotFound } from '../errors.js';
import { applySubscriptionAttribute } from '../subscription-attributes.js';
import { param, requiredParam } from './input.js';

export const setSubscriptionAttributes: SnsOperation = async (ctx, call) => {
  const ref = parseSubscriptionArn(ctx, param(call, 'SubscriptionArn'));
  const name = requiredParam(call, 'AttributeName');
  const value = param(call, 'AttributeValue') ?? '';
  await ctx.store.transaction(async (tx) => {
    const state = ctx.state.in(tx);
    const sub = await state.getSubscription(ref.topicName, ref.id);
    if (sub === undefined) throw subscriptionNotFound();
    const topic = await state.getTopic(ref.topicName);
    if (topic === undefined) throw subscriptionNotFound();
    sub.attributes = applySubscriptionAttribute(
      'SetSubscriptionAttributes',
      topic,
      sub.protocol,
      sub.attributes,
      name,
      value,
    );
    await state.putSubscription(sub);
  });
  return undefined;
};
