/** ListSubscriptions (§10.8): pages of 100 over every topic. */
import type { SnsOperation } from '../sns-context.js';
import { xmlList, type XmlValue } from '../../../protocol/query.js';
import { subscriptionKey, type SubscriptionRecord } from '../sns-state.js';
import { decodeNextToken, encodeNextToken, param } from './input.js';

const PAGE = 100;

/** A subscription as the list operations show it. */
export function subscriptionMember(s: SubscriptionRecord): XmlValue {
  return {
    SubscriptionArn: s.pending ? 'PendingConfirmation' : s.arn,
    Owner: s.owner,
    Protocol: s.protocol,
    Endpoint: s.endpoint,
    TopicArn: s.topicArn,
  };
}

/** One page of subscriptions (of one topic, or all). */
export async function subscriptionPage(
  ctx: Parameters<SnsOperation>[0],
  topicName: string | undefined,
  token: string | undefined,
): Promise<XmlValue> {
  const after = decodeNextToken(token);
  const page = await ctx.state.listSubscriptions(topicName, after, PAGE + 1);
  const shown = page.slice(0, PAGE);
  return {
    Subscriptions: xmlList(shown.map(subscriptionMember)),
    NextToken:
      page.length > PAGE ? encodeNextToken(subscriptionKey(shown[shown.length - 1]!)) : undefined,
  };
}

export const listSubscriptions: SnsOperation = (ctx, call) =>
  subscriptionPage(ctx, undefined, param(call, 'NextToken'));
