/** ListTagsForResource (§10.12): tags in insertion order. */
import type { SnsOperation } from '../sns-context.js';
import { xmlList } from '../../../protocol/query.js';
import { requiredParam } from './input.js';
import { withTaggedTopic } from './tag-resource.js';

export const listTagsForResource: SnsOperation = async (ctx, call) => {
  const arn = requiredParam(call, 'ResourceArn');
  const tags = await withTaggedTopic(ctx, arn, (topic) => topic.tags);
  return { Tags: xmlList((tags ?? []).map(([Key, Value]) => ({ Key, Value }))) };
};
