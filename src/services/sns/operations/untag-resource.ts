/** UntagResource (§10.12). */
import type { SnsOperation } from '../sns-context.js';
import { requiredParam, stringListParam } from './input.js';
import { withTaggedTopic } from './tag-resource.js';

export const untagResource: SnsOperation = async (ctx, call) => {
  const arn = requiredParam(call, 'ResourceArn');
  const keys = new Set(stringListParam(call, 'TagKeys') ?? []);
  await withTaggedTopic(ctx, arn, (topic) => {
    topic.tags = topic.tags.filter(([k]) => !keys.has(k));
    return undefined;
  });
  return {};
};
