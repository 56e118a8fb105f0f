/**
 * A test harness for SNS alone: the real service behind the real AWS endpoint on port 0, over a
 * temp SQLite store, with recording SQS/Lambda targets and an optional ManualClock — so tests
 * can see exactly what SNS hands to queues and functions, read the outbox, and move time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SNSClient } from '@aws-sdk/client-sns';
import { AwsError } from '../../src/core/errors.js';
import type { Clock } from '../../src/core/clock.js';
import { createLogger, MemoryLogSink } from '../../src/core/logger.js';
import { createAwsEndpoint, type MountedService } from '../../src/edge/aws-endpoint.js';
import { listen } from '../../src/edge/listener.js';
import {
  snsRequestTooLarge,
  snsService,
  type SnsFacade,
  type SnsQueueMessage,
  type SnsServiceDeps,
} from '../../src/services/sns/index.js';
import { openStore, type Store } from '../../src/store/index.js';

export interface QueueDelivery {
  queueArn: string;
  message: SnsQueueMessage;
}

export interface FunctionDelivery {
  functionArn: string;
  event: {
    Records: {
      EventSubscriptionArn: string;
      EventSource: string;
      EventVersion: string;
      Sns: Record<string, unknown>;
    }[];
  };
}

export interface SnsHarness {
  endpoint: string;
  client: SNSClient;
  facade: SnsFacade;
  store: Store;
  logs: MemoryLogSink;
  queued: QueueDelivery[];
  invoked: FunctionDelivery[];
  /** Queue ARNs whose sends fail with a client error (as a deleted queue does). */
  missingQueues: Set<string>;
  /** Polls until `check` holds (real time; deliveries run asynchronously). */
  until(check: () => boolean | Promise<boolean>, what: string, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** Starts SNS alone. */
export async function startSnsHarness(
  options: { clock?: Clock; deps?: Partial<SnsServiceDeps>; dir?: string } = {},
): Promise<SnsHarness> {
  // A given dir belongs to the caller (restart tests reopen it); otherwise it is ours to remove.
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'stratus-sns-'));
  const logs = new MemoryLogSink();
  const logger = createLogger({ sink: logs, level: 'debug' });
  const clock = options.clock;
  const store = await openStore(join(dir, 'store.db'), clock ? { clock } : {});
  let mounted: MountedService[] = [];
  const listener = await listen(
    createAwsEndpoint({ services: () => mounted, logger }),
    0,
    '127.0.0.1',
    'aws',
  );
  const endpoint = `http://127.0.0.1:${listener.port}`;
  const queued: QueueDelivery[] = [];
  const invoked: FunctionDelivery[] = [];
  const missingQueues = new Set<string>();
  const instance = snsService.create({
    region: 'us-east-1',
    accountId: '123456789012',
    awsEndpoint: endpoint,
    clock: clock ?? (await import('../../src/core/clock.js')).systemClock,
    logger,
    store,
    targets: {
      sendToQueue(queueArn, message) {
        if (missingQueues.has(queueArn)) {
          return Promise.reject(
            new AwsError(
              'AWS.SimpleQueueService.NonExistentQueue',
              'The specified queue does not exist.',
              {
                status: 400,
              },
            ),
          );
        }
        queued.push({ queueArn, message });
        return Promise.resolve();
      },
      invokeFunction(functionArn, payload) {
        invoked.push({
          functionArn,
          event: JSON.parse(payload.toString('utf8')) as FunctionDelivery['event'],
        });
        return Promise.resolve();
      },
    },
    ...options.deps,
  });
  await instance.start?.();
  mounted = [
    {
      definition: snsService,
      instance,
      tooLarge: snsRequestTooLarge,
    },
  ];
  const client = new SNSClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
  });
  return {
    endpoint,
    client,
    facade: instance.facade!,
    store,
    logs,
    queued,
    invoked,
    missingQueues,
    async until(check, what, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (await check()) return;
        await new Promise((r) => setTimeout(r, 10));
      }
      throw new Error(`timed out waiting for ${what}`);
    },
    async stop() {
      client.destroy();
      await instance.stop?.();
      await listener.close();
      await store.close();
      if (options.dir === undefined) rmSync(dir, { recursive: true, force: true });
    },
  };
}
