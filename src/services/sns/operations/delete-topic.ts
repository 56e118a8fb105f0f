/** DeleteTopic (§10.2): idempotent; removes the topic's subscriptions, tokens and tags. */
import type { SnsOperation } from '../sns-context.js';
import { parseTopicArn } from '../arns.js';
import { requiredParam } from './input.js';

export const deleteTopic: SnsOperation = async (ctx, call) => {
  const name = parseTopicArn(ctx, requiredParam(call, 'TopicArn'));
  await ctx.store.transaction(async (tx) => {
    const state = ctx.state.in(tx);
    if (!(await state.deleteTopic(name))) return;
    for (const sub of await state.allSubscriptions(name)) {
      await state.deleteSubscription(name, sub.id);
      if (sub.token !== undefined) await state.deleteToken(sub.token);
    }
    await state.clearDedup(name);
  });
  return undefined;
};
