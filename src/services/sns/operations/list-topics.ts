/** ListTopics (§10.3): pages of 100 with an opaque NextToken. */
import type { SnsOperation } from '../sns-context.js';
import { xmlList } from '../../../protocol/query.js';
import { decodeNextToken, encodeNextToken, param } from './input.js';

const PAGE = 100;

export const listTopics: SnsOperation = async (ctx, call) => {
  const after = decodeNextToken(param(call, 'NextToken'));
  const page = await ctx.state.listTopics(after, PAGE + 1);
  const shown = page.slice(0, PAGE);
  return {
    Topics: xmlList(shown.map((t) => ({ TopicArn: t.arn }))),
    NextToken: page.length > PAGE ? encodeNextToken(shown[shown.length - 1]!.name) : undefined,
  };
};
