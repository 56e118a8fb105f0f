/** Topic and subscription ARNs: building them and validating what clients pass (§10). */
import { invalidParameter } from './errors.js';

const TOPIC_NAME = /^[A-Za-z0-9_-]{1,256}$/;
const FIFO_TOPIC_NAME = /^[A-Za-z0-9_-]{1,251}\.fifo$/;

/** True when `name` is a valid topic name for the topic kind. */
export function isValidTopicName(name: string, fifo: boolean): boolean {
  return fifo ? FIFO_TOPIC_NAME.test(name) : TOPIC_NAME.test(name);
}

export interface ArnScope {
  region: string;
  accountId: string;
}

/** `arn:aws:sns:<region>:<account>:<name>`. */
export function topicArn(scope: ArnScope, name: string): string {
  return `arn:aws:sns:${scope.region}:${scope.accountId}:${name}`;
}

/**
 * The topic name in a topic ARN `param` (the parameter name used in AWS's texts). Throws
 * InvalidParameter for malformed ARNs and ARNs of another region or account, as AWS does.
 */
export function parseTopicArn(scope: ArnScope, value: string, param = 'TopicArn'): string {
  const parts = value.split(':');
  if (parts.length < 6) {
    throw invalidParameter(
      `${param} Reason: An ARN must have at least 6 elements, not ${parts.length}`,
    );
  }
  const [arn, , service, region, account, ...rest] = parts;
  const name = rest.join(':');
  if (
    arn !== 'arn' ||
    service !== 'sns' ||
    region !== scope.region ||
    account !== scope.accountId ||
    rest.length !== 1 ||
    name === ''
  ) {
    throw invalidParameter(param);
  }
  return name;
}

export interface SubscriptionRef {
  topicName: string;
  id: string;
}

/** Splits a subscription ARN (`<topic arn>:<id>`); throws AWS's texts for malformed ones. */
export function parseSubscriptionArn(scope: ArnScope, value: string | undefined): SubscriptionRef {
  if (value === undefined) {
    throw invalidParameter('SubscriptionArn Reason: no value for required parameter');
  }
  const parts = value.split(':');
  if (parts.length < 6) {
    throw invalidParameter(
      `SubscriptionArn Reason: An ARN must have at least 6 elements, not ${parts.length}`,
    );
  }
  if (parts.length < 7 || parts[6] === '') throw invalidParameter('SubscriptionId');
  const [arn, , service, region, account, topicName, id] = parts;
  if (
    arn !== 'arn' ||
    service !== 'sns' ||
    region !== scope.region ||
    account !== scope.accountId ||
    parts.length !== 7
  ) {
    throw invalidParameter('SubscriptionArn');
  }
  return { topicName: topicName!, id: id! };
}
