/**
 * The function runtime: deploys function models onto pools of execution environments, resolves
 * names, ARNs and qualifiers, enforces reserved and account-wide concurrency, runs the three
 * invocation types, and fans out log lines. What the gateway, the Lambda API, triggers and the CLI
 * call (`FunctionInvoker`).
 */
import { mkdirSync, rmSync } from 'node:fs';
import type { EventInvokeConfigModel, FunctionModel } from '../core/app-model.js';
import { systemClock, type Clock } from '../core/clock.js';
import { StratusError } from '../core/errors.js';
import { createRequestId, createTraceHeader, parseFunctionReference } from '../core/ids.js';
import type { Logger } from '../core/logger.js';
import type { Store } from '../store/types.js';
import { AsyncInvocations } from './async-invocations.js';
import { DurableAsyncInvocations, type DestinationMessage } from './durable-async-invocations.js';
import { computeCodeInfo } from './code-info.js';
import { resolveFunction, type ResolvedFunction } from './function-config.js';
import { FunctionLogs } from './function-logs.js';
import { FunctionPool } from './function-pool.js';
import { nodeRuntimeMajor } from './handler-environment.js';
import {
  MAX_ASYNC_PAYLOAD_BYTES,
  MAX_SYNC_PAYLOAD_BYTES,
  functionNotFound,
  invalidFunctionName,
  invalidParameterValue,
  invalidRequestContent,
  invalidRuntime,
  requestTooLarge,
  serviceException,
  tooManyRequests,
} from './lambda-errors.js';
import type { RunnerFactory } from './runner.js';
import type {
  FunctionInfo,
  FunctionInvoker,
  FunctionLogLine,
  InvokeRequest,
  InvokeResult,
} from './types.js';
import { createWorkerRunner } from './worker-runner.js';

export interface FunctionRuntimeOptions {
  region: string;
  accountId: string;
  /** Handlers get `AWS_ENDPOINT_URL=<this>`, so SDK clients created without options reach Stratus. */
  awsEndpoint: string;
  /** Operator log; function lines go to `logger.raw` when `printLogs`. */
  logger: Logger;
  clock?: Clock;
  /** Default 1000; excess → 429 ConcurrentInvocationLimitExceeded. */
  accountConcurrency?: number;
  /** Reap an environment idle this long; default 10 min. */
  idleTimeoutMs?: number;
  /** Bound of the init phase; default 10 000. */
  initTimeoutMs?: number;
  /** When set, each function's lines are appended to `<logDir>/<name>.log`. */
  logDir?: string;
  /** Default true. */
  printLogs?: boolean;
  /** Start one environment per function at deploy so the first request finds it ready; default true. */
  prewarm?: boolean;
  /** How environments run code; default worker threads (Node.js). */
  createRunner?: RunnerFactory;
  /** Lines kept in memory per function for `recentLogs`; default 1000. */
  logRingSize?: number;
  /**
   * Where functions take PATH and the temp directory from (nothing else of it reaches them);
   * default this process's environment.
   */
  hostEnvironment?: Record<string, string | undefined>;
  /**
   * Where Event invocations are queued. With a store they are durable (a 202 survives a restart)
   * and shared by every node on it; without one they run in memory.
   */
  store?: Store;
  /** Sends async-invocation records and dead letters to SQS queues, SNS topics, event buses. */
  deliver?: (targetArn: string, message: DestinationMessage) => Promise<void>;
}

export const DEFAULT_ACCOUNT_CONCURRENCY = 1000;
export const DEFAULT_IDLE_TIMEOUT_MS = 10 * 60 * 1000;
export const DEFAULT_INIT_TIMEOUT_MS = 10_000;
const TAIL_BYTES = 4096;
const EMPTY = Buffer.alloc(0);

interface Entry {
  fn: ResolvedFunction;
  pool: FunctionPool;
  inFlight: number;
  codeSha256: string;
  codeSize: number;
}

interface Resolved {
  entry: Entry;
  invokedArn: string;
}

function validateJson(payload: Buffer): void {
  if (payload.byteLength === 0) return;
  try {
    JSON.parse(payload.toString('utf8'));
  } catch (e) {
    throw invalidRequestContent((e as Error).message);
  }
}

/** Runs deployed functions; see the folder header for what it does and does not do. */
export class FunctionRuntime implements FunctionInvoker {
  readonly #options: FunctionRuntimeOptions;
  readonly #clock: Clock;
  readonly #logs: FunctionLogs;
  readonly #createRunner: RunnerFactory;
  readonly #entries = new Map<string, Entry>();
  readonly #retired = new Set<FunctionPool>();
  readonly #async: AsyncInvocations;
  readonly #durable: DurableAsyncInvocations | undefined;
  /** EventInvokeConfigs set through the Lambda API, by function name; `null` = deleted. */
  readonly #invokeConfigs = new Map<string, EventInvokeConfigModel | null>();
  readonly #warnedRuntimes = new Set<string>();
  #unreservedCapacity: number;
  #unreservedInFlight = 0;
  #stopped = false;
  #prewarmChain: Promise<void> = Promise.resolve();

  constructor(options: FunctionRuntimeOptions) {
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    this.#createRunner = options.createRunner ?? createWorkerRunner;
    this.#unreservedCapacity = options.accountConcurrency ?? DEFAULT_ACCOUNT_CONCURRENCY;
    if (options.logDir !== undefined) {
      try {
        mkdirSync(options.logDir, { recursive: true });
      } catch (e) {
        throw new StratusError(
          'ERR_CONFIG_INVALID',
          `Cannot create the log directory ${options.logDir}`,
          {
            cause: e,
          },
        );
      }
    }
    // One attempt of a queued Event invocation: a synchronous invoke of the deployed function.
    const attempt = (
      request: InvokeRequest,
      requestId: string,
    ): { model: FunctionModel; result: Promise<InvokeResult> } | undefined => {
      if (this.#stopped) return undefined;
      const { entry, invokedArn } = this.#resolve(request.functionName, request.qualifier);
      const override = this.#invokeConfigs.get(entry.fn.model.name);
      return {
        // An EventInvokeConfig set through the API wins over the template's (null: deleted).
        model:
          override === undefined
            ? entry.fn.model
            : withInvokeConfig(entry.fn.model, override ?? undefined),
        result: this.#invokeSync(entry, invokedArn, request, requestId),
      };
    };
    this.#async = new AsyncInvocations({ clock: this.#clock, logger: options.logger, attempt });
    this.#durable =
      options.store === undefined
        ? undefined
        : new DurableAsyncInvocations({
            store: options.store,
            clock: this.#clock,
            logger: options.logger,
            attempt,
            timeoutSeconds: (name) => this.#entries.get(name)?.fn.model.timeout,
            invokeAsync: async (functionArn, payload) => {
              await this.invoke({ functionName: functionArn, payload, invocationType: 'Event' });
            },
            ...(options.deliver === undefined ? {} : { deliver: options.deliver }),
          });
    this.#logs = new FunctionLogs({
      logger: options.logger,
      printLogs: options.printLogs ?? true,
      ...(options.logDir === undefined ? {} : { logDir: options.logDir }),
      ...(options.logRingSize === undefined ? {} : { ringSize: options.logRingSize }),
    });
  }

  /** Adds, replaces and removes functions; a changed configuration gets fresh environments. */
  deploy(functions: FunctionModel[]): void {
    const names = new Set(functions.map((f) => f.name));
    for (const [name, entry] of this.#entries) {
      if (names.has(name)) continue;
      this.#entries.delete(name);
      this.#retire(entry.pool);
      this.#removeInlineDir(entry.fn);
    }
    for (const model of functions) {
      const existing = this.#entries.get(model.name);
      if (existing !== undefined && existing.fn.configKey === JSON.stringify(model)) continue;
      this.#checkRuntime(model);
      const fn = resolveFunction(model, {
        region: this.#options.region,
        awsEndpoint: this.#options.awsEndpoint,
        nowMs: this.#clock.now(),
        hostEnvironment: this.#options.hostEnvironment ?? process.env,
      });
      if (existing !== undefined) {
        this.#removeInlineDir(existing.fn);
        existing.fn = fn;
        existing.pool.update(fn);
        this.#afterDeploy(existing);
      } else {
        const entry: Entry = {
          fn,
          pool: this.#createPool(fn),
          inFlight: 0,
          codeSha256: '',
          codeSize: 0,
        };
        this.#entries.set(model.name, entry);
        this.#afterDeploy(entry);
      }
    }
    let reserved = 0;
    for (const entry of this.#entries.values()) reserved += entry.fn.model.reservedConcurrency ?? 0;
    const account = this.#options.accountConcurrency ?? DEFAULT_ACCOUNT_CONCURRENCY;
    this.#unreservedCapacity = Math.max(0, account - reserved);
    this.#durable?.watch(
      [...this.#entries.values()].filter((e) => e.fn.isNode).map((e) => e.fn.model.name),
    );
  }

  /** Code changed on disk: fresh environments for those functions (all when omitted). */
  reload(names?: string[]): void {
    const entries =
      names === undefined
        ? [...this.#entries.values()]
        : names.flatMap((n) => {
            const e = this.#entries.get(n);
            return e === undefined ? [] : [e];
          });
    for (const entry of entries) {
      entry.fn = {
        ...entry.fn,
        lastModified: new Date(this.#clock.now()).toISOString(),
        runnerMemo: new Map(),
      };
      entry.pool.update(entry.fn);
      this.#afterDeploy(entry);
    }
  }

  /** Invokes a function (see FunctionInvoker). */
  async invoke(request: InvokeRequest): Promise<InvokeResult> {
    if (this.#stopped) throw serviceException('Stratus is stopping.');
    const { entry, invokedArn } = this.#resolve(request.functionName, request.qualifier);
    const type = request.invocationType ?? 'RequestResponse';
    const payload = request.payload;
    if (type === 'Event') {
      if (payload.byteLength > MAX_ASYNC_PAYLOAD_BYTES)
        throw requestTooLarge(MAX_ASYNC_PAYLOAD_BYTES);
    } else if (payload.byteLength > MAX_SYNC_PAYLOAD_BYTES) {
      throw requestTooLarge(MAX_SYNC_PAYLOAD_BYTES);
    }
    if (!entry.fn.isNode) throw invalidRuntime(entry.fn.model.runtime);
    const requestId = createRequestId();
    if (type === 'DryRun') {
      validateJson(payload);
      return {
        requestId,
        statusCode: 204,
        payload: EMPTY,
        executedVersion: '$LATEST',
        durationMs: 0,
      };
    }
    if (type === 'Event') {
      validateJson(payload);
      if (this.#durable !== undefined) {
        await this.#durable.start(request, requestId, entry.fn.model.name);
      } else {
        this.#async.start(request, requestId);
      }
      return {
        requestId,
        statusCode: 202,
        payload: EMPTY,
        executedVersion: '$LATEST',
        durationMs: 0,
      };
    }
    return this.#invokeSync(entry, invokedArn, request, requestId);
  }

  /**
   * Sets (or with `null` removes, or with `undefined` forgets) the EventInvokeConfig the Lambda
   * API gave a function; it wins over the template's until forgotten.
   */
  setEventInvokeConfig(name: string, config: EventInvokeConfigModel | null | undefined): void {
    if (config === undefined) this.#invokeConfigs.delete(name);
    else this.#invokeConfigs.set(name, config);
  }

  /** The EventInvokeConfig in force for a function: the API's, else the template's. */
  eventInvokeConfig(name: string): EventInvokeConfigModel | undefined {
    const override = this.#invokeConfigs.get(name);
    if (override !== undefined) return override ?? undefined;
    return this.#entries.get(name)?.fn.model.eventInvokeConfig;
  }

  /** A deployed function by name or ARN. */
  get(name: string): FunctionInfo | undefined {
    const ref = parseFunctionReference(name);
    const entry = ref === undefined ? undefined : this.#entries.get(ref.name);
    return entry === undefined ? undefined : this.#info(entry);
  }

  /** Every deployed function. */
  list(): FunctionInfo[] {
    return [...this.#entries.values()].map((e) => this.#info(e));
  }

  /** Subscribes to every function log line; returns the unsubscribe function. */
  onLog(listener: (line: FunctionLogLine) => void): () => void {
    return this.#logs.onLog(listener);
  }

  /** The last `limit` lines of a function (by name or ARN), oldest first. */
  recentLogs(name: string, limit = 100): FunctionLogLine[] {
    const ref = parseFunctionReference(name);
    return ref === undefined ? [] : this.#logs.recent(ref.name, limit);
  }

  /** Terminates every environment and pending async invocation; resolves when all are gone. */
  async stop(): Promise<void> {
    this.#stopped = true;
    const asyncDone = Promise.all([this.#async.stop(), this.#durable?.stop()]);
    const pools = [...[...this.#entries.values()].map((e) => e.pool), ...this.#retired];
    await Promise.all(pools.map((p) => p.close()));
    await asyncDone;
    for (const entry of this.#entries.values()) this.#removeInlineDir(entry.fn);
    this.#entries.clear();
    this.#retired.clear();
    await this.#logs.close();
  }

  #createPool(fn: ResolvedFunction): FunctionPool {
    return new FunctionPool({
      fn,
      clock: this.#clock,
      region: this.#options.region,
      idleTimeoutMs: this.#options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
      initTimeoutMs: this.#options.initTimeoutMs ?? DEFAULT_INIT_TIMEOUT_MS,
      createRunner: this.#createRunner,
      emit: (line) => this.#logs.emit(line),
    });
  }

  #afterDeploy(entry: Entry): void {
    if (entry.fn.isNode && (this.#options.prewarm ?? true)) this.#queuePrewarm(entry);
    const fn = entry.fn;
    computeCodeInfo(fn).then(
      ({ sha, size }) => {
        if (entry.fn !== fn) return;
        entry.codeSha256 = sha;
        entry.codeSize = size;
      },
      (e: unknown) =>
        this.#options.logger.warn(`Cannot read the code of ${fn.model.name}: ${String(e)}`),
    );
  }

  /** Prewarms one function at a time, so a large deployment doesn't start every worker at once. */
  #queuePrewarm(entry: Entry): void {
    const pool = entry.pool;
    this.#prewarmChain = this.#prewarmChain.then(() =>
      this.#stopped || this.#entries.get(entry.fn.model.name) !== entry
        ? undefined
        : pool.prewarm(),
    );
  }

  #retire(pool: FunctionPool): void {
    this.#retired.add(pool);
    void pool.drain().then(() => {
      if (pool.stats().total === 0) this.#retired.delete(pool);
    });
  }

  #removeInlineDir(fn: ResolvedFunction): void {
    if (fn.inlineDir !== undefined) rmSync(fn.inlineDir, { recursive: true, force: true });
  }

  #checkRuntime(model: FunctionModel): void {
    const major = nodeRuntimeMajor(model.runtime);
    if (major === undefined) {
      this.#options.logger.warn(
        `Function ${model.name} uses ${model.runtime}, which Stratus does not support yet; invoking it fails with InvalidRuntimeException.`,
      );
      return;
    }
    const host = Number(process.versions.node.split('.')[0]);
    if (major !== host && !this.#warnedRuntimes.has(model.runtime)) {
      this.#warnedRuntimes.add(model.runtime);
      this.#options.logger.warn(
        `${model.runtime} functions run on this Node.js (${process.versions.node}); install Node.js ${major} to match the declared runtime.`,
      );
    }
  }

  #resolve(functionName: string, requestQualifier: string | undefined): Resolved {
    const ref = parseFunctionReference(functionName);
    if (ref === undefined) throw invalidFunctionName(functionName);
    let qualifier = ref.qualifier;
    if (requestQualifier !== undefined) {
      if (qualifier !== undefined && qualifier !== requestQualifier) {
        throw invalidParameterValue(
          'The derived qualifier from the function name does not match the specified qualifier.',
        );
      }
      qualifier = requestQualifier;
    }
    const region = ref.region ?? this.#options.region;
    const accountId = ref.accountId ?? this.#options.accountId;
    const base = `arn:aws:lambda:${region}:${accountId}:function:${ref.name}`;
    const invokedArn = qualifier === undefined ? base : `${base}:${qualifier}`;
    const entry = this.#entries.get(ref.name);
    if (
      entry === undefined ||
      region !== this.#options.region ||
      accountId !== this.#options.accountId ||
      (qualifier !== undefined && qualifier !== '$LATEST')
    ) {
      throw functionNotFound(invokedArn);
    }
    return { entry, invokedArn };
  }

  /** Takes a concurrency slot or throws 429; returns the release function. */
  #admit(entry: Entry): () => void {
    const reserved = entry.fn.model.reservedConcurrency;
    if (reserved !== undefined) {
      if (entry.inFlight >= reserved) {
        throw tooManyRequests('ReservedFunctionConcurrentInvocationLimitExceeded');
      }
      entry.inFlight++;
      return () => void entry.inFlight--;
    }
    if (this.#unreservedInFlight >= this.#unreservedCapacity) {
      throw tooManyRequests('ConcurrentInvocationLimitExceeded');
    }
    this.#unreservedInFlight++;
    entry.inFlight++;
    return () => {
      this.#unreservedInFlight--;
      entry.inFlight--;
    };
  }

  async #invokeSync(
    entry: Entry,
    invokedArn: string,
    request: InvokeRequest,
    requestId: string,
  ): Promise<InvokeResult> {
    const release = this.#admit(entry);
    const capture = request.logType === 'Tail' ? ([] as string[]) : undefined;
    let result;
    try {
      result = await entry.pool.invoke({
        requestId,
        payload: request.payload,
        invokedFunctionArn: invokedArn,
        version: '$LATEST',
        traceId: request.traceId ?? createTraceHeader(this.#clock.now()),
        ...(request.clientContext === undefined ? {} : { clientContext: request.clientContext }),
        ...(request.cognitoIdentity === undefined
          ? {}
          : { cognitoIdentity: request.cognitoIdentity }),
        ...(capture === undefined ? {} : { capture }),
      });
    } finally {
      release();
    }
    if (result.kind === 'invalid-event') throw invalidRequestContent(result.message);
    if (result.kind === 'shutdown')
      throw serviceException('Stratus stopped during the invocation.');
    const out: InvokeResult = {
      requestId,
      statusCode: 200,
      payload: result.payload,
      executedVersion: '$LATEST',
      durationMs: result.durationMs,
    };
    if (result.functionError) out.functionError = 'Unhandled';
    if (capture !== undefined) {
      const text = Buffer.from(capture.map((l) => l + '\n').join(''));
      out.logResult = text.subarray(Math.max(0, text.byteLength - TAIL_BYTES)).toString('base64');
    }
    return out;
  }

  #info(entry: Entry): FunctionInfo {
    return {
      model: entry.fn.model,
      lastModified: entry.fn.lastModified,
      codeSha256: entry.codeSha256,
      codeSize: entry.codeSize,
      environments: entry.pool.stats(),
    };
  }
}

function withInvokeConfig(
  model: FunctionModel,
  config: EventInvokeConfigModel | undefined,
): FunctionModel {
  const copy: FunctionModel = { ...model };
  if (config === undefined) delete copy.eventInvokeConfig;
  else copy.eventInvokeConfig = config;
  return copy;
}
