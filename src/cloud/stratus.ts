/**
 * The composition root: starts the surfaces in a fixed order and stops them in reverse.
 *
 * Start: listeners (so the endpoints are known) → store → template → function runtime →
 * gateway and services → watcher. Stop: watcher → listeners → runtime → store.
 */
import type { AppModel } from '../core/app-model.js';
import { systemClock, type Clock } from '../core/clock.js';
import { isStratusError } from '../core/errors.js';
import { createLogger, type Logger, type LogSink } from '../core/logger.js';
import type { ResolvedConfig } from '../config/resolve-config.js';
import { createAwsEndpoint, type MountedService } from '../edge/aws-endpoint.js';
import { listen, type Listener, type RequestHandler } from '../edge/listener.js';
import { FunctionRuntime, InvokeConfigStore } from '../functions/index.js';
import type { DestinationMessage } from '../functions/index.js';
import type { InvokeRequest, InvokeResult } from '../functions/types.js';
import { Gateway, type RouteListing } from '../gateway/index.js';
import { AwsError } from '../core/errors.js';
import type { OutboxMessage, SnsFacade } from '../services/sns/index.js';
import { createAdminApi } from '../console/admin-api.js';
import type { SqsFacade } from '../services/sqs/index.js';
import type { DynamoDbFacade } from '../services/dynamodb/index.js';
import { EventSourceMappings, MappingRegistry } from '../triggers/index.js';
import { SERVICES } from './service-registry.js';
import { openStore, type Store } from '../store/index.js';
import { loadTemplate } from '../template/index.js';
import { Watcher, type ChangeBatch } from './watcher.js';

export interface StratusRuntimeOptions {
  logger?: Logger;
  /** Where operator and function lines go when no logger is given. */
  sink?: LogSink;
  clock?: Clock;
}

/** A running Stratus: its endpoints, its model, and how to stop it. */
export interface StratusInstance {
  /** Base URL of the app's HTTP APIs, e.g. `http://127.0.0.1:3000`. */
  readonly url: string;
  /** The AWS endpoint, e.g. `http://127.0.0.1:4566`. */
  readonly awsEndpoint: string;
  readonly port: number;
  readonly awsPort: number;
  readonly config: ResolvedConfig;
  /** The model currently deployed (replaced on template reload). */
  model(): AppModel;
  /** Every route of every API, with its URL. */
  routes(): RouteListing[];
  /** Messages SNS captured for email, email-json and sms subscribers, oldest first. */
  outbox(): Promise<OutboxMessage[]>;
  /** Invokes a function as Lambda's Invoke would. */
  invoke(request: InvokeRequest): Promise<InvokeResult>;
  /** Drops the functions' execution environments (all if no names), so the next invoke cold-starts. */
  recycle(functionNames?: string[]): void;
  /** Re-reads the template and redeploys; the old deployment stays if the template is broken. */
  reload(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts Stratus for a resolved configuration. */
export async function startStratusWithConfig(
  config: ResolvedConfig,
  options: StratusRuntimeOptions = {},
): Promise<StratusInstance> {
  const logger =
    options.logger ??
    createLogger({ level: config.logLevel, ...(options.sink ? { sink: options.sink } : {}) });
  const clock = options.clock ?? systemClock;
  const stack = new CleanupStack();

  try {
    // Late-bound handlers: the listeners must exist before the template is read (queue URLs and
    // AWS_ENDPOINT_URL need the bound AWS port), but requests are served only once deployed.
    let appHandler: RequestHandler = (_req, res) => {
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end('{"message":"Service Unavailable"}');
    };
    let services: MountedService[] = [];
    /** Service facades by service name, filled as the services are created. */
    const facades = new Map<string, unknown>();
    // The outbox lives in SNS; it is bound once the services exist.
    const snsFacade = (): SnsFacade | undefined => facades.get('sns') as SnsFacade | undefined;
    const admin = createAdminApi({
      outbox: async () => (await snsFacade()?.outbox()) ?? [],
      clearOutbox: async () => (await snsFacade()?.clearOutbox()) ?? 0,
    });
    const awsListener: Listener = await listen(
      createAwsEndpoint({ services: () => services, logger, console: admin }),
      config.awsPort,
      config.host,
      'AWS endpoint',
    );
    stack.push(() => awsListener.close());
    const appListener: Listener = await listen(
      (req, res) => appHandler(req, res),
      config.port,
      config.host,
      'app',
    );
    stack.push(() => appListener.close());

    const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
    const url = `http://${host}:${appListener.port}`;
    const awsEndpoint = `http://${host}:${awsListener.port}`;

    const store: Store = await openStore(
      config.store.kind === 'sqlite'
        ? { kind: 'sqlite', path: config.store.path }
        : { kind: 'postgres', url: config.store.url },
      { clock, logger: logger.child('store') },
    );
    stack.push(() => store.close());

    const load = (): Promise<AppModel> =>
      loadTemplate({
        templatePath: config.templatePath,
        parameterOverrides: { ...config.parameterOverrides },
        region: config.region,
        accountId: config.accountId,
        stackName: config.stackName,
        awsEndpoint,
        logger,
      });
    let model = await load();
    for (const warning of model.warnings) {
      logger.warn(warning.logicalId ? `${warning.logicalId}: ${warning.message}` : warning.message);
    }

    const runtime = new FunctionRuntime({
      region: config.region,
      accountId: config.accountId,
      awsEndpoint,
      logger,
      clock,
      accountConcurrency: config.accountConcurrency,
      idleTimeoutMs: config.idleTimeoutMs,
      logDir: `${config.stateDir}/logs`,
      printLogs: config.printFunctionLogs,
      store,
      // Async-invocation destinations and dead-letter queues, through the services' facades
      // (bound late: the services are created after the runtime they invoke).
      deliver: (targetArn, message) => deliverToService(facades, targetArn, message),
    });
    stack.push(() => runtime.stop());
    const invokeConfigs = new InvokeConfigStore(store, clock, runtime);
    await invokeConfigs.load();

    const gateway = new Gateway({
      invoker: runtime,
      logger: logger.child('gateway'),
      clock,
      region: config.region,
      accountId: config.accountId,
    });

    // Mappings apply to the triggers, which need the services' facades: bound once both exist.
    const triggers: { current?: EventSourceMappings } = {};
    const mappings = new MappingRegistry({
      store,
      clock,
      apply: (all) => triggers.current?.deploy(all) ?? Promise.resolve(),
    });
    const mounted: MountedService[] = [];
    for (const entry of SERVICES) {
      const instance = entry.create({
        region: config.region,
        accountId: config.accountId,
        awsEndpoint,
        clock,
        logger,
        store,
        functions: runtime,
        mappings,
        invokeConfigs,
        facades,
        config,
      });
      if (instance.facade !== undefined) facades.set(entry.definition.name, instance.facade);
      await instance.start?.();
      stack.push(() => instance.stop?.());
      const name = entry.definition.name;
      mounted.push({
        definition: entry.definition,
        instance,
        tooLarge:
          entry.tooLarge ??
          (() =>
            new AwsError('RequestEntityTooLarge', `Request too large for ${name}`, {
              status: 413,
            })),
      });
    }

    const sqs = facades.get('sqs') as SqsFacade | undefined;
    const dynamodbStreams = (facades.get('dynamodb') as DynamoDbFacade | undefined)?.streams;
    const eventSourceMappings = new EventSourceMappings({
      invoker: runtime,
      clock,
      logger: logger.child('triggers'),
      region: config.region,
      ...(sqs === undefined ? {} : { sqs }),
      // DynamoDB stream mappings: the DynamoDB service's streams, checkpoints in the store.
      ...(dynamodbStreams === undefined ? {} : { dynamodbStreams }),
      store,
      deliver: (targetArn, body) => deliverToService(facades, targetArn, { body }),
    });
    triggers.current = eventSourceMappings;
    stack.push(() => eventSourceMappings.stop());

    /** Services first (tables, queues exist before functions use them), then code, routes, triggers. */
    const deploy = async (next: AppModel): Promise<void> => {
      for (const [i, entry] of SERVICES.entries()) await entry.deploy?.(mounted[i]!.instance, next);
      runtime.deploy(next.functions);
      gateway.deploy(next.restApis, next.httpApis);
      await mappings.setTemplate(next.eventSourceMappings);
      model = next;
    };
    await deploy(model);
    services = mounted;
    appHandler = (req, res) => gateway.handle(req, res);

    const reload = async (): Promise<void> => {
      let next: AppModel;
      try {
        next = await load();
      } catch (e) {
        logger.error(
          `template reload failed; still serving the previous version`,
          isStratusError(e) ? e.message : e,
        );
        return;
      }
      try {
        await deploy(next);
      } catch (e) {
        logger.error('redeploy failed; parts of the previous version may still be serving', e);
        return;
      }
      logger.info(`reloaded ${config.templatePath}`);
      if (watcher) watcher.watch(watchTargets(next));
    };

    let watcher: Watcher | undefined;
    if (config.watch) {
      watcher = new Watcher((batch) => void onChange(batch), logger);
      stack.push(() => watcher?.close());
      watcher.watch(watchTargets(model));
    }
    const onChange = async (batch: ChangeBatch): Promise<void> => {
      if (batch.templateChanged) {
        await reload();
        return;
      }
      const affected = model.functions
        .filter((f) =>
          batch.files.some(
            (file) =>
              file.startsWith(f.codeDir + '/') || f.layerDirs.some((d) => file.startsWith(d + '/')),
          ),
        )
        .map((f) => f.name);
      if (affected.length > 0) {
        runtime.reload(affected);
        logger.info(`code changed: reloaded ${affected.join(', ')}`);
      }
    };

    let stopped = false;
    return {
      url,
      awsEndpoint,
      port: appListener.port,
      awsPort: awsListener.port,
      config,
      model: () => model,
      routes: () => gateway.routes(url),
      invoke: (request) => runtime.invoke(request),
      outbox: async () => (await snsFacade()?.outbox()) ?? [],
      recycle: (names) => runtime.reload(names),
      reload,
      async stop() {
        if (stopped) return;
        stopped = true;
        await stack.unwind(logger);
      },
    };
  } catch (e) {
    await stack.unwind(logger);
    throw e;
  }
}

function watchTargets(model: AppModel): { templatePath: string; dirs: string[] } {
  return {
    templatePath: model.templatePath,
    dirs: [...model.functions.map((f) => f.codeDir), ...model.layers.map((l) => l.contentDir)],
  };
}

/** Sends an async-invocation record or dead letter to an SQS queue or SNS topic. */
async function deliverToService(
  facades: ReadonlyMap<string, unknown>,
  targetArn: string,
  message: DestinationMessage,
): Promise<void> {
  const service = targetArn.split(':')[2];
  const sqs = facades.get('sqs') as SqsFacade | undefined;
  if (service === 'sqs' && sqs !== undefined) {
    await sqs.send(targetArn, {
      body: message.body,
      ...(message.attributes === undefined ? {} : { messageAttributes: message.attributes }),
    });
    return;
  }
  const sns = facades.get('sns') as SnsFacade | undefined;
  if (service === 'sns' && sns !== undefined) {
    await sns.publish(targetArn, {
      message: message.body,
      ...(message.attributes === undefined ? {} : { attributes: message.attributes }),
    });
    return;
  }
  throw new AwsError('ResourceNotFoundException', `Stratus cannot deliver to ${targetArn} yet`, {
    status: 404,
  });
}

/** Stop actions, run last-in first-out; a failing one does not keep the others from running. */
class CleanupStack {
  #actions: (() => unknown)[] = [];

  push(action: () => unknown): void {
    this.#actions.push(action);
  }

  async unwind(logger: Logger): Promise<void> {
    while (this.#actions.length > 0) {
      const action = this.#actions.pop()!;
      try {
        await action();
      } catch (e) {
        logger.error('error while stopping', e);
      }
    }
  }
}
