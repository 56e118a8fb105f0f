/** What every Streams API operation receives. */
import type { Clock } from '../../../core/clock.js';
import type { DynamoDbStreams } from './dynamodb-streams.js';

export interface StreamsContext {
  readonly streams: DynamoDbStreams;
  readonly clock: Clock;
}

/** One Streams operation: validated input in, output object out. */
export type StreamsOperation = (
  ctx: StreamsContext,
  input: Record<string, unknown>,
) => Promise<object>;
