/** RemovePermission: drops the statement with that label; the last one takes Policy with it. */
import { invalidParameterReason } from '../errors.js';
import { requiredString } from '../input.js';
import type { SqsOperation } from '../sqs-call.js';
import { targetQueue } from '../sqs-call.js';

export const removePermission: SqsOperation = async (call) => {
  const queue = await targetQueue(call);
  const label = requiredString(call.input, 'Label');
  await call.engine.updateQueue(queue.name, (record) => {
    const text = record.attributes['Policy'];
    const policy =
      text === undefined
        ? undefined
        : (JSON.parse(text) as { Statement?: Record<string, unknown>[] });
    const statements = Array.isArray(policy?.Statement) ? policy.Statement : [];
    const kept = statements.filter((s) => s['Sid'] !== label);
    if (policy === undefined || kept.length === statements.length) {
      throw invalidParameterReason(label, 'Label', "can't find label.");
    }
    if (kept.length === 0) delete record.attributes['Policy'];
    else record.attributes['Policy'] = JSON.stringify({ ...policy, Statement: kept });
  });
  return {};
};
