/** GetTopicAttributes (§10.4). */
import type { SnsOperation } from '../sns-context.js';
import { requireTopic } from '../sns-context.js';
import { xmlMap } from '../../../protocol/query.js';
import { topicAttributes } from '../topic-attributes.js';
import { param } from './input.js';

export const getTopicAttributes: SnsOperation = async (ctx, call) => {
  const topic = await requireTopic(ctx, param(call, 'TopicArn'));
  const subs = await ctx.state.allSubscriptions(topic.name);
  return { Attributes: xmlMap(topicAttributes(topic, ctx.accountId, subs)) };
};
