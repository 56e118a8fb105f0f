/** TagResource, UntagResource, ListTagsForResource (§10.12): tags of topics. */
import type { SnsContext, SnsOperation } from '../sns-context.js';
import { parseTopicArn } from '../arns.js';
import { resourceNotFound } from '../errors.js';
import type { TopicRecord } from '../sns-state.js';
import { requiredParam, tagsParam } from './input.js';
import { checkTags, mergeTags } from './tags.js';

/** Runs `change` on the topic named by `ResourceArn` in a transaction; ResourceNotFound if none. */
export async function withTaggedTopic<T>(
  ctx: SnsContext,
  resourceArn: string,
  change: (topic: TopicRecord) => T | undefined,
): Promise<T | undefined> {
  const name = parseTopicArn(ctx, resourceArn, 'ResourceArn');
  return ctx.store.transaction(async (tx) => {
    const state = ctx.state.in(tx);
    const topic = await state.getTopic(name, true);
    if (topic === undefined) throw resourceNotFound();
    const before = JSON.stringify(topic.tags);
    const result = change(topic);
    if (JSON.stringify(topic.tags) !== before) await state.putTopic(topic);
    return result;
  });
}

export const tagResource: SnsOperation = async (ctx, call) => {
  const arn = requiredParam(call, 'ResourceArn');
  const tags = tagsParam(call) ?? [];
  checkTags(tags);
  await withTaggedTopic(ctx, arn, (topic) => {
    topic.tags = mergeTags(topic.tags, tags);
    return undefined;
  });
  return {};
};
