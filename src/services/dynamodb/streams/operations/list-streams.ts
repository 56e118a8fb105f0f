/** ListStreams: the region's streams (or one table's), within retention, paged by ARN (§7.2). */
import type { StreamsContext } from '../streams-context.js';

/** ListStreams returns at most 100 streams per page. */
const MAX_LIMIT = 100;

export async function listStreams(
  ctx: StreamsContext,
  input: Record<string, unknown>,
): Promise<object> {
  const tableName = input['TableName'] as string | undefined;
  const start = input['ExclusiveStartStreamArn'] as string | undefined;
  const limit = Math.min((input['Limit'] as number | undefined) ?? MAX_LIMIT, MAX_LIMIT);
  // An unknown table gives an empty list (the safe reading of §7.2's "verify").
  const matching = (await ctx.streams.list()).filter(
    (e) =>
      (tableName === undefined || e.tableName === tableName) &&
      (start === undefined || Buffer.compare(Buffer.from(e.arn), Buffer.from(start)) > 0),
  );
  const page = matching.slice(0, limit);
  const output: Record<string, unknown> = {
    Streams: page.map((e) => ({ StreamArn: e.arn, TableName: e.tableName, StreamLabel: e.label })),
  };
  if (matching.length > limit) output['LastEvaluatedStreamArn'] = page[page.length - 1]!.arn;
  return output;
}
