/** ConfirmSubscription (§10.6): by token; idempotent once confirmed. */
import type { SnsOperation } from '../sns-context.js';
import { invalidParameter, invalidParameterRaw } from '../errors.js';
import { parseSubscriptionArn } from '../arns.js';
import { param, requiredParam } from './input.js';

export const confirmSubscription: SnsOperation = async (ctx, call, request) => {
  const topicArn = requiredParam(call, 'TopicArn');
  const token = requiredParam(call, 'Token');
  const parts = topicArn.split(':');
  if (parts.length !== 6 || parts[0] !== 'arn' || parts[2] !== 'sns')
    throw invalidParameter('Topic');
  if (!/^[0-9a-f]+$/i.test(token)) throw invalidParameterRaw('Invalid token');
  const authenticateOnUnsubscribe =
    param(call, 'AuthenticateOnUnsubscribe')?.toLowerCase() === 'true';
  return ctx.store.transaction(async (tx) => {
    const state = ctx.state.in(tx);
    const record = await state.getToken(token);
    if (record === undefined || record.expiresAt <= ctx.clock.now())
      throw invalidParameter('Token');
    if (record.topicArn !== topicArn) throw invalidParameter('Topic');
    const ref = parseSubscriptionArn(ctx, record.subscriptionArn);
    const sub = await state.getSubscription(ref.topicName, ref.id);
    if (sub === undefined) throw invalidParameter('Token');
    if (sub.pending) {
      sub.pending = false;
      sub.authenticated = request.authenticated;
      if (authenticateOnUnsubscribe) sub.attributes['AuthenticateOnUnsubscribe'] = 'true';
      await state.putSubscription(sub);
    }
    return { SubscriptionArn: sub.arn };
  });
};
