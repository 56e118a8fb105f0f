/** Publish (§10.10): to a topic (TopicArn or TargetArn) or a phone number. */
import type { SnsOperation } from '../sns-context.js';
import { requireTopic } from '../sns-context.js';
import { invalidParameter, invalidParameterRaw } from '../errors.js';
import { parseMessageAttributes } from '../message-attributes.js';
import { acceptPublish, acceptSmsPublish, preparePublish } from '../publish-core.js';
import { param } from './input.js';

const E164 = /^\+[1-9]\d{1,14}$/;

export const publish: SnsOperation = async (ctx, call, request) => {
  const topicArn = param(call, 'TopicArn');
  const targetArn = param(call, 'TargetArn');
  const phoneNumber = param(call, 'PhoneNumber');
  const targets = [topicArn, targetArn, phoneNumber].filter((t) => t !== undefined).length;
  if (targets === 0) {
    throw invalidParameter('TopicArn or TargetArn Reason: no value for required parameter');
  }
  if (targets > 1) {
    throw invalidParameter(
      'TopicArn or TargetArn Reason: Only one of TopicArn, TargetArn or PhoneNumber may be specified',
    );
  }
  const input = {
    message: param(call, 'Message'),
    subject: param(call, 'Subject'),
    messageStructure: param(call, 'MessageStructure'),
    attributes: parseMessageAttributes(call.input['MessageAttributes']),
    groupId: param(call, 'MessageGroupId'),
    dedupId: param(call, 'MessageDeduplicationId'),
  };
  if (phoneNumber !== undefined) {
    if (!E164.test(phoneNumber)) {
      throw invalidParameterRaw(
        `Invalid parameter: PhoneNumber Reason: ${phoneNumber} is not valid to publish to`,
      );
    }
    const prepared = preparePublish(undefined, input);
    const result = await ctx.store.transaction((tx) =>
      acceptSmsPublish(ctx, tx, phoneNumber, prepared),
    );
    return { MessageId: result.messageId };
  }
  if (targetArn !== undefined && /:endpoint\//.test(targetArn)) {
    throw invalidParameter('TargetArn Reason: No endpoint found for the target arn specified');
  }
  const topic = await requireTopic(
    ctx,
    topicArn ?? targetArn,
    topicArn !== undefined ? 'TopicArn' : 'TargetArn',
  );
  const prepared = preparePublish(topic, input);
  const result = await ctx.store.transaction((tx) =>
    acceptPublish(ctx, tx, topic.name, prepared, request.traceHeader),
  );
  return { MessageId: result.messageId, SequenceNumber: result.sequenceNumber };
};
