/** SetTopicAttributes (§10.4): one attribute per call; FifoTopic cannot change. */
import type { SnsOperation } from '../sns-context.js';
import { parseTopicArn } from '../arns.js';
import { topicNotFound } from '../errors.js';
import { checkTopicAttribute } from '../topic-attributes.js';
import { param, requiredParam } from './input.js';

export const setTopicAttributes: SnsOperation = async (ctx, call) => {
  const name = parseTopicArn(ctx, requiredParam(call, 'TopicArn'));
  const attribute = requiredParam(call, 'AttributeName');
  const raw = param(call, 'AttributeValue') ?? '';
  await ctx.store.transaction(async (tx) => {
    const state = ctx.state.in(tx);
    const topic = await state.getTopic(name, true);
    if (topic === undefined) throw topicNotFound();
    const value = checkTopicAttribute(attribute, raw, topic.fifo, false);
    if (value === undefined) delete topic.attributes[attribute];
    else topic.attributes[attribute] = value;
    await state.putTopic(topic);
  });
  return undefined;
};
