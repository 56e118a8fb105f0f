/** What every operation receives: the engine, its input in the JSON shape, and request facts. */
import { missingParameter } from './errors.js';
import { optionalString, type SqsInput } from './input.js';
import type { MessageMoveTasks } from './message-move-tasks.js';
import type { ReceiveAttempts } from './receive-attempts.js';
import type { ResolvedQueue, SqsEngine } from './sqs-engine.js';

export interface SqsCall {
  engine: SqsEngine;
  input: SqsInput;
  protocol: 'json' | 'query';
  /** Queue URL path of the request (`/<account>/<name>`), when it was sent to a queue URL. */
  pathQueueUrl: string | undefined;
  headers: Readonly<Record<string, string>>;
  /** Aborted when Stratus stops (ends long polls). */
  signal: AbortSignal;
  moveTasks: MessageMoveTasks;
  attempts: ReceiveAttempts;
}

/** One SQS operation: JSON-shaped input to JSON-shaped output. */
export type SqsOperation = (call: SqsCall) => Promise<Record<string, unknown>>;

/** The queue the request names: `QueueUrl` first (it wins over the path), then the path. */
export async function targetQueue(call: SqsCall): Promise<ResolvedQueue> {
  const url = optionalString(call.input, 'QueueUrl');
  if (url !== undefined && url !== '') return call.engine.requireQueue(url);
  if (call.pathQueueUrl !== undefined) return call.engine.requireQueue(call.pathQueueUrl);
  throw missingParameter('QueueUrl');
}
