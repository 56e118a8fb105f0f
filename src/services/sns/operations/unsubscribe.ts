/** Unsubscribe (§10.7): idempotent for well-formed ARNs; counts SubscriptionsDeleted. */
import type { SnsOperation } from '../sns-context.js';
import { parseSubscriptionArn } from '../arns.js';
import { param } from './input.js';

export const unsubscribe: SnsOperation = async (ctx, call) => {
  const ref = parseSubscriptionArn(ctx, param(call, 'SubscriptionArn'));
  await ctx.store.transaction(async (tx) => {
    const state = ctx.state.in(tx);
    const sub = await state.getSubscription(ref.topicName, ref.id);
    if (sub === undefined) return;
    await state.deleteSubscription(ref.topicName, ref.id);
    if (sub.token !== undefined) await state.deleteToken(sub.token);
    const topic = await state.getTopic(ref.topicName, true);
    if (topic !== undefined) {
      topic.deletedSubscriptions += 1;
      await state.putTopic(topic);
    }
  });
  return undefined;
};
