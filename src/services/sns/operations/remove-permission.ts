/** RemovePermission (§10.12): removes the statement with that label (Sid). */
import type { SnsOperation } from '../sns-context.js';
import { changePolicy } from './add-permission.js';
import { requiredParam } from './input.js';

export const removePermission: SnsOperation = async (ctx, call) => {
  const topicArn = requiredParam(call, 'TopicArn');
  const label = requiredParam(call, 'Label');
  await changePolicy(ctx, topicArn, (policy) => {
    policy.Statement = policy.Statement.filter((s) => s['Sid'] !== label);
  });
  return undefined;
};
