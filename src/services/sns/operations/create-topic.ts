/** CreateTopic (§10.1): idempotent by name; attributes and tags must then match. */
import type { SnsOperation } from '../sns-context.js';
import { isValidTopicName, topicArn } from '../arns.js';
import { invalidParameter } from '../errors.js';
import { checkTopicAttribute } from '../topic-attributes.js';
import type { TopicRecord } from '../sns-state.js';
import { attributesParam, param, tagsParam } from './input.js';
import { checkTags, mergeTags } from './tags.js';

export const createTopic: SnsOperation = async (ctx, call) => {
  const name = param(call, 'Name') ?? '';
  const requested = attributesParam(call);
  const dataProtection = param(call, 'DataProtectionPolicy');
  if (dataProtection !== undefined) requested['DataProtectionPolicy'] = dataProtection;
  const fifo = requested['FifoTopic']?.toLowerCase() === 'true';
  if (!isValidTopicName(name, fifo)) throw invalidParameter('Topic Name');
  const attributes: Record<string, string> = {};
  for (const [k, v] of Object.entries(requested)) {
    const value = checkTopicAttribute(k, v, fifo, true);
    if (value !== undefined) attributes[k] = value;
  }
  const tags = tagsParam(call) ?? [];
  checkTags(tags);
  const arn = topicArn(ctx, name);
  return ctx.store.transaction(async (tx) => {
    const state = ctx.state.in(tx);
    const existing = await state.getTopic(name, true);
    if (existing !== undefined) {
      for (const [k, v] of Object.entries(attributes)) {
        const current =
          k === 'FifoTopic' ? (existing.fifo ? 'true' : undefined) : existing.attributes[k];
        if (current !== v) {
          throw invalidParameter(
            'Attributes Reason: Topic already exists with different attributes',
          );
        }
      }
      for (const [k, v] of tags) {
        if (!existing.tags.some(([ek, ev]) => ek === k && ev === v)) {
          throw invalidParameter('Tags Reason: Topic already exists with different tags');
        }
      }
      return { TopicArn: existing.arn };
    }
    const { FifoTopic: _fifo, ...stored } = attributes;
    const topic: TopicRecord = {
      name,
      arn,
      fifo,
      attributes: stored,
      tags: mergeTags([], tags),
      deletedSubscriptions: 0,
      lastSequence: '10000000000000000000',
      createdAt: ctx.clock.now(),
    };
    await state.putTopic(topic);
    return { TopicArn: arn };
  });
};
