/** What every SNS operation works with: the account scope, the clock, the state and helpers. */
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import {
  compileFilterPolicy,
  type CompiledFilterPolicy,
  type FilterPolicyScope,
} from '../../core/event-pattern/index.js';
import type { QueryCall, XmlValue } from '../../protocol/query.js';
import type { Store } from '../../store/index.js';
import { parseTopicArn } from './arns.js';
import { invalidParameter, topicNotFound } from './errors.js';
import type { SnsState, TopicRecord } from './sns-state.js';

export interface SnsContext {
  region: string;
  accountId: string;
  awsEndpoint: string;
  clock: Clock;
  logger: Logger;
  store: Store;
  state: SnsState;
  /** Compiled filter policies by scope and text (policies are compiled once per node). */
  filterPolicy(text: string, scope: FilterPolicyScope): CompiledFilterPolicy;
}

/** An operation: the decoded call in, the Result element's content out (undefined: none). */
export type SnsOperation = (
  ctx: SnsContext,
  call: QueryCall,
  request: { traceHeader: string | undefined; authenticated: boolean },
) => Promise<XmlValue>;

/** A bounded cache of compiled filter policies. */
export function createFilterPolicyCache(): SnsContext['filterPolicy'] {
  const cache = new Map<string, CompiledFilterPolicy>();
  return (text, scope) => {
    const key = `${scope}\n${text}`;
    let compiled = cache.get(key);
    if (compiled === undefined) {
      compiled = compileFilterPolicy(text, scope);
      if (cache.size >= 1000) cache.delete(cache.keys().next().value!);
      cache.set(key, compiled);
    }
    return compiled;
  };
}

/** The topic named by a topic-ARN parameter; NotFound (404) when it does not exist. */
export async function requireTopic(
  ctx: SnsContext,
  arn: string | undefined,
  param = 'TopicArn',
): Promise<TopicRecord> {
  if (arn === undefined) {
    throw invalidParameter(`${param} Reason: no value for required parameter`);
  }
  const name = parseTopicArn(ctx, arn, param);
  const topic = await ctx.state.getTopic(name);
  if (topic === undefined) throw topicNotFound();
  return topic;
}
