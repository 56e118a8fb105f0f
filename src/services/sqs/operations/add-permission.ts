/** AddPermission: appends a statement to the queue's Policy (stored, not enforced). */
import { invalidParameterReason, missingParameter, sqsError } from '../errors.js';
import { requiredString, stringList } from '../input.js';
import type { SqsOperation } from '../sqs-call.js';
import { targetQueue } from '../sqs-call.js';

const MAX_ACTIONS = 7;

interface PolicyDocument {
  Version: string;
  Id: string;
  Statement: Record<string, unknown>[];
}

export const addPermission: SqsOperation = async (call) => {
  const queue = await targetQueue(call);
  const label = requiredString(call.input, 'Label');
  if (!/^[A-Za-z0-9_-]{1,80}$/.test(label)) {
    throw invalidParameterReason(
      label,
      'Label',
      'Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length',
    );
  }
  const accounts = stringList(call.input, 'AWSAccountIds');
  const actions = stringList(call.input, 'Actions');
  if (accounts.length === 0) throw missingParameter('AWSAccountIds');
  if (actions.length === 0) throw missingParameter('Actions');
  if (actions.length > MAX_ACTIONS) {
    throw sqsError(
      'OverLimit',
      `${actions.length} Actions were found, maximum allowed is ${MAX_ACTIONS}.`,
      403,
    );
  }
  await call.engine.updateQueue(queue.name, (record) => {
    const policy: PolicyDocument =
      record.attributes['Policy'] !== undefined
        ? (JSON.parse(record.attributes['Policy']) as PolicyDocument)
        : { Version: '2008-10-17', Id: `${queue.arn}/SQSDefaultPolicy`, Statement: [] };
    if (!Array.isArray(policy.Statement)) policy.Statement = [];
    if (policy.Statement.some((s) => s['Sid'] === label)) {
      throw invalidParameterReason(label, 'Label', 'Already exists.');
    }
    const principals = accounts.map((a) => `arn:aws:iam::${a}:root`);
    const sqsActions = actions.map((a) => `SQS:${a}`);
    policy.Statement.push({
      Sid: label,
      Effect: 'Allow',
      Principal: { AWS: principals.length === 1 ? principals[0] : principals },
      Action: sqsActions.length === 1 ? sqsActions[0] : sqsActions,
      Resource: queue.arn,
    });
    record.attributes['Policy'] = JSON.stringify(policy);
  });
  return {};
};
