/** AddPermission (§10.12): appends a statement, labelled by Sid, to the topic policy. */
import type { SnsContext, SnsOperation } from '../sns-context.js';
import { parseTopicArn } from '../arns.js';
import { invalidParameter, topicNotFound } from '../errors.js';
import type { TopicRecord } from '../sns-state.js';
import { defaultTopicPolicy } from '../topic-attributes.js';
import { requiredParam, stringListParam } from './input.js';

const SNS_ACTIONS = new Set([
  '*',
  'AddPermission',
  'ConfirmSubscription',
  'DeleteTopic',
  'GetTopicAttributes',
  'ListSubscriptionsByTopic',
  'Publish',
  'RemovePermission',
  'SetTopicAttributes',
  'Subscribe',
  'Receive',
  'ListTagsForResource',
  'TagResource',
  'UntagResource',
  'GetDataProtectionPolicy',
  'PutDataProtectionPolicy',
]);

interface PolicyDoc {
  Version?: string;
  Id?: string;
  Statement: Record<string, unknown>[];
}

/** Reads, changes and writes the topic's policy in a transaction. */
export async function changePolicy(
  ctx: SnsContext,
  topicArnValue: string,
  change: (policy: PolicyDoc, topic: TopicRecord) => void,
): Promise<void> {
  const name = parseTopicArn(ctx, topicArnValue);
  await ctx.store.transaction(async (tx) => {
    const state = ctx.state.in(tx);
    const topic = await state.getTopic(name, true);
    if (topic === undefined) throw topicNotFound();
    const text = topic.attributes['Policy'] ?? defaultTopicPolicy(topic.arn, ctx.accountId);
    let policy: PolicyDoc;
    try {
      policy = JSON.parse(text) as PolicyDoc;
      if (!Array.isArray(policy.Statement)) policy.Statement = [];
    } catch {
      policy = { Version: '2008-10-17', Statement: [] };
    }
    change(policy, topic);
    topic.attributes['Policy'] = JSON.stringify(policy);
    await state.putTopic(topic);
  });
}

export const addPermission: SnsOperation = async (ctx, call) => {
  const topicArn = requiredParam(call, 'TopicArn');
  const label = requiredParam(call, 'Label');
  const accounts = stringListParam(call, 'AWSAccountId') ?? [];
  const actions = stringListParam(call, 'ActionName') ?? [];
  if (accounts.length === 0)
    throw invalidParameter('AWSAccountId Reason: no value for required parameter');
  if (actions.length === 0)
    throw invalidParameter('ActionName Reason: no value for required parameter');
  if (actions.some((a) => !SNS_ACTIONS.has(a))) {
    throw invalidParameter('Policy statement action out of service scope!');
  }
  await changePolicy(ctx, topicArn, (policy, topic) => {
    if (policy.Statement.some((s) => s['Sid'] === label))
      throw invalidParameter('Statement already exists');
    const principals = accounts.map((a) => `arn:aws:iam::${a}:root`);
    const names = actions.map((a) => `SNS:${a}`);
    policy.Statement.push({
      Sid: label,
      Effect: 'Allow',
      Principal: { AWS: principals.length === 1 ? principals[0] : principals },
      Action: names.length === 1 ? names[0] : names,
      Resource: topic.arn,
    });
  });
  return undefined;
};
