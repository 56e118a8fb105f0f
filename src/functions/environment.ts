/**
 * One execution environment: a runner plus its lifecycle (lambda.md §2). It runs the init phase
 * once (bounded by the init timeout; a failed or timed-out init is retried inside the first
 * invocation, bounded by the function timeout — AWS's "suppressed init"), then one invocation at
 * a time, each bounded by the function timeout. It writes the platform lines (INIT_START,
 * INIT_REPORT, START, END, REPORT, timeouts, runtime exits) and reports whether it must be thrown
 * away (timeout, crash, out of memory, process.exit).
 */
import type { Clock } from '../core/clock.js';
import { randomHex } from '../core/ids.js';
import type { ResolvedFunction } from './function-config.js';
import { createLogStreamName } from './handler-environment.js';
import {
  formatEnd,
  formatInitReport,
  formatInitStart,
  formatReport,
  formatStart,
  formatTimeout,
  type ReportFields,
} from './platform-lines.js';
import type { Runner, RunnerFactory, RunnerInitOutcome, RunnerLogLine } from './runner.js';
import type { FunctionLogLine } from './types.js';

export type EnvironmentState = 'initializing' | 'idle' | 'busy' | 'disposed';

/** RIE's `interop.MaxPayloadSize`: 6 MiB + 100 bytes. */
export const MAX_RESPONSE_PAYLOAD_BYTES = 6 * 1024 * 1024 + 100;

export interface EnvironmentDeps {
  fn: ResolvedFunction;
  generation: number;
  clock: Clock;
  region: string;
  initTimeoutMs: number;
  createRunner: RunnerFactory;
  emit(line: FunctionLogLine): void;
  /** The runtime died between invocations; the environment is gone. */
  onLost(env: Environment): void;
}

export interface EnvironmentInvocation {
  requestId: string;
  payload: Buffer;
  invokedFunctionArn: string;
  /** `$LATEST` or a version number. */
  version: string;
  traceId: string;
  clientContext?: string;
  cognitoIdentity?: string;
  /** When set, every line of this invocation is appended (for `LogType: Tail`). */
  capture?: string[];
}

export type EnvironmentResult =
  | {
      kind: 'done';
      payload: Buffer;
      functionError: boolean;
      durationMs: number;
      /** The environment can't be reused. */
      reset: boolean;
    }
  | { kind: 'invalid-event'; message: string }
  | { kind: 'shutdown' };

interface InitResult {
  outcome: RunnerInitOutcome;
  durationMs: number;
  timedOut: boolean;
}

/** How an invocation ended, for END / REPORT and the result. */
interface InvocationEnd {
  payload: Buffer;
  functionError: boolean;
  /** The environment can't be reused. */
  reset: boolean;
  status: ReportFields['status'];
  /** Set on the first invocation of an environment. */
  initDurationMs?: number | undefined;
  /** Shown in REPORT when the environment is reset. */
  errorType?: string;
}

interface Current {
  inv: EnvironmentInvocation;
  startLogged: boolean;
  abort: AbortController;
  shutdown: boolean;
  /**
   * Clock time the invocation started. START is written when the invocation's first output
   * arrives (carrying this time): the worker, not the parent, parses the event, and an event that
   * isn't JSON must leave no trace in the function's log.
   */
  startedAt: number;
}

function errorBody(errorType: string, errorMessage: string): Buffer {
  return Buffer.from(JSON.stringify({ errorType, errorMessage }));
}

function exitMessage(requestId: string, exitDetail: string): string {
  return exitDetail === 'exit status 0'
    ? `RequestId: ${requestId} Error: Runtime exited without providing a reason`
    : `RequestId: ${requestId} Error: Runtime exited with error: ${exitDetail}`;
}

/** An execution environment of one function configuration (one generation). */
export class Environment {
  state: EnvironmentState = 'initializing';
  readonly generation: number;
  readonly logStreamName: string;
  /** Clock time the environment last finished an invocation (or was created). */
  lastUsedAt: number;
  readonly #deps: EnvironmentDeps;
  #runner: Runner;
  #init: Promise<InitResult>;
  /** The next invocation is the environment's first: its REPORT shows Init Duration. */
  #cold = true;
  #current: Current | undefined;
  #maxMemoryMb = 0;
  /**
   * Kills the runtime of the invocation in flight. One per environment: an abort (timeout,
   * shutdown) always ends the environment, so it never needs a fresh one.
   */
  readonly #abort = new AbortController();

  constructor(deps: EnvironmentDeps) {
    this.#deps = deps;
    this.generation = deps.generation;
    this.lastUsedAt = deps.clock.now();
    this.logStreamName = createLogStreamName(deps.clock.now(), '$LATEST', randomHex(16));
    this.#runner = this.#createRunner();
    this.#init = this.#runInit(undefined, deps.initTimeoutMs).then((result) => {
      if (!result.outcome.ok) this.#reportFailedInit(result, 'init');
      if (this.state === 'initializing') this.state = 'idle';
      return result;
    });
  }

  /** Resolves once the init phase is over (whatever its outcome). */
  async ready(): Promise<void> {
    await this.#init;
  }

  /** Runs one invocation. The caller marks the environment busy/idle around it. */
  async invoke(inv: EnvironmentInvocation): Promise<EnvironmentResult> {
    const { clock, fn } = this.#deps;
    let init = await this.#init;
    if (this.state === 'disposed') return { kind: 'shutdown' };
    const current: Current = {
      inv,
      startLogged: false,
      abort: this.#abort,
      shutdown: false,
      startedAt: clock.now(),
    };
    this.#current = current;
    const t0 = clock.monotonic();
    let timedOut = false;
    const timer = clock.setTimeout(() => {
      timedOut = true;
      current.abort.abort();
    }, fn.timeoutMs);
    try {
      let initDurationMs: number | undefined;
      if (!init.outcome.ok) {
        // Suppressed init: a fresh runtime, initialised inside this invocation's time budget.
        this.#ensureStart(current);
        void this.#runner.dispose();
        this.#runner = this.#createRunner();
        init = await this.#runInit(current.abort.signal, undefined);
        this.#init = Promise.resolve(init);
        if (!init.outcome.ok) {
          if (current.shutdown) return { kind: 'shutdown' };
          if (timedOut) {
            this.#reportFailedInit({ ...init, timedOut: true }, 'invoke');
            return this.#timedOut(current, t0);
          }
          const outcome = init.outcome;
          const errorType = outcome.reason === 'aborted' ? 'Runtime.Unknown' : outcome.errorType;
          this.#emitPlatform(
            formatInitReport(
              fn.model.logging.format,
              { durationMs: init.durationMs, phase: 'invoke', status: 'error', errorType },
              clock.now(),
            ),
          );
          let body: Buffer;
          if (outcome.reason === 'error') body = outcome.body;
          else if (outcome.reason === 'exit') {
            body = errorBody(outcome.errorType, exitMessage(inv.requestId, outcome.exitDetail));
          } else body = errorBody(errorType, `RequestId: ${inv.requestId} Error: init failed`);
          return this.#finish(current, t0, {
            payload: body,
            functionError: true,
            reset: true,
            status: 'error',
            errorType,
          });
        }
        this.#cold = false;
      } else if (this.#cold) {
        initDurationMs = init.durationMs;
      }

      const outcome = await this.#runner.invoke(
        inv.payload,
        {
          requestId: inv.requestId,
          invokedFunctionArn: inv.invokedFunctionArn,
          remainingMs: Math.max(0, fn.timeoutMs - (clock.monotonic() - t0)),
          traceId: inv.traceId,
          ...(inv.clientContext === undefined ? {} : { clientContext: inv.clientContext }),
          ...(inv.cognitoIdentity === undefined ? {} : { cognitoIdentity: inv.cognitoIdentity }),
        },
        current.abort.signal,
      );
      switch (outcome.kind) {
        case 'invalid-event':
          return outcome;
        case 'aborted':
          if (current.shutdown) return { kind: 'shutdown' };
          return this.#timedOut(current, t0);
        case 'response': {
          this.#cold = false;
          this.#noteMemory(outcome.maxMemoryMb);
          const size = outcome.payload.byteLength;
          if (size > MAX_RESPONSE_PAYLOAD_BYTES) {
            const body = errorBody(
              'Function.ResponseSizeTooLarge',
              `Response payload size (${size} bytes) exceeded maximum allowed payload size (${MAX_RESPONSE_PAYLOAD_BYTES} bytes).`,
            );
            return this.#finish(current, t0, {
              initDurationMs,
              payload: body,
              functionError: true,
              reset: false,
              status: 'error',
            });
          }
          return this.#finish(current, t0, {
            initDurationMs,
            payload: outcome.payload,
            functionError: false,
            reset: false,
            status: 'success',
          });
        }
        case 'error':
          this.#cold = false;
          this.#noteMemory(outcome.maxMemoryMb);
          return this.#finish(current, t0, {
            initDurationMs,
            payload: outcome.payload,
            functionError: true,
            reset: outcome.fatal,
            status: 'error',
            ...(outcome.fatal ? { errorType: outcome.errorType } : {}),
          });
        case 'exit': {
          if (current.shutdown) return { kind: 'shutdown' };
          this.#ensureStart(current);
          const message = exitMessage(inv.requestId, outcome.exitDetail);
          this.#emitPlatform(message, inv.requestId);
          this.#emitPlatform(outcome.errorType, inv.requestId);
          const body = errorBody(outcome.errorType, message);
          return this.#finish(current, t0, {
            initDurationMs,
            payload: body,
            functionError: true,
            reset: true,
            status: 'error',
            errorType: outcome.errorType,
          });
        }
      }
    } finally {
      timer.cancel();
      this.#current = undefined;
      this.lastUsedAt = clock.now();
    }
  }

  /** Kills the runtime; an invocation in flight ends as `shutdown`. */
  dispose(): Promise<void> {
    this.state = 'disposed';
    const current = this.#current;
    if (current !== undefined) {
      current.shutdown = true;
      current.abort.abort();
    }
    return this.#runner.dispose();
  }

  #createRunner(): Runner {
    const { fn } = this.#deps;
    return this.#deps.createRunner({
      handler: fn.model.handler,
      taskRoot: fn.taskRoot,
      memorySizeMb: fn.model.memorySize,
      env: { ...fn.env, AWS_LAMBDA_LOG_STREAM_NAME: this.logStreamName },
      esmFallbackDirs: fn.esmFallbackDirs,
      memo: fn.runnerMemo,
      onLog: (line) => this.#onRunnerLog(line),
      onExit: () => {
        if (this.state === 'disposed') return;
        this.state = 'disposed';
        this.#deps.onLost(this);
      },
    });
  }

  async #runInit(
    outer: AbortSignal | undefined,
    budgetMs: number | undefined,
  ): Promise<InitResult> {
    const { clock, fn, region } = this.#deps;
    this.#emitPlatform(formatInitStart(fn.model.logging.format, region, clock.now()));
    const abort = new AbortController();
    let timedOut = false;
    const timer =
      budgetMs === undefined
        ? undefined
        : clock.setTimeout(() => {
            timedOut = true;
            abort.abort();
          }, budgetMs);
    const onOuter = (): void => abort.abort();
    outer?.addEventListener('abort', onOuter, { once: true });
    const start = clock.monotonic();
    const outcome = await this.#runner.init(abort.signal);
    timer?.cancel();
    outer?.removeEventListener('abort', onOuter);
    return { outcome, durationMs: clock.monotonic() - start, timedOut };
  }

  #reportFailedInit(result: InitResult, phase: 'init' | 'invoke'): void {
    const { outcome } = result;
    if (outcome.ok) return;
    const errorType = outcome.reason === 'aborted' ? undefined : outcome.errorType;
    this.#emitPlatform(
      formatInitReport(
        this.#deps.fn.model.logging.format,
        {
          durationMs: result.durationMs,
          phase,
          status: result.timedOut ? 'timeout' : 'error',
          ...(errorType === undefined ? {} : { errorType }),
        },
        this.#deps.clock.now(),
      ),
    );
  }

  #noteMemory(mb: number): void {
    if (mb > this.#maxMemoryMb) this.#maxMemoryMb = mb;
  }

  #timedOut(current: Current, t0: number): EnvironmentResult {
    const { clock } = this.#deps;
    const elapsed = clock.monotonic() - t0;
    const id = current.inv.requestId;
    this.#ensureStart(current);
    this.#emitPlatform(formatTimeout(id, elapsed, clock.now()), id);
    const seconds = (elapsed / 1000).toFixed(2);
    const body = errorBody(
      'Sandbox.Timedout',
      `RequestId: ${id} Error: Task timed out after ${seconds} seconds`,
    );
    return this.#finish(current, t0, {
      payload: body,
      functionError: true,
      reset: true,
      status: 'timeout',
    });
  }

  /** Writes END and REPORT and builds the result. */
  #finish(current: Current, t0: number, end: InvocationEnd): EnvironmentResult {
    const { payload, functionError, reset, status, initDurationMs, errorType } = end;
    const { clock, fn } = this.#deps;
    const durationMs = clock.monotonic() - t0;
    const id = current.inv.requestId;
    const format = fn.model.logging.format;
    this.#ensureStart(current);
    const now = clock.now();
    this.#emitPlatform(formatEnd(format, id, status, now), id);
    this.#emitPlatform(
      formatReport(
        format,
        {
          requestId: id,
          durationMs,
          initDurationMs,
          memorySizeMb: fn.model.memorySize,
          maxMemoryUsedMb: this.#maxMemoryMb,
          status,
          ...(errorType === undefined ? {} : { errorType }),
        },
        now,
      ),
      id,
    );
    return { kind: 'done', payload, functionError, durationMs, reset };
  }

  #ensureStart(current: Current): void {
    if (current.startLogged) return;
    current.startLogged = true;
    const { fn } = this.#deps;
    const id = current.inv.requestId;
    const line = formatStart(fn.model.logging.format, id, current.inv.version, current.startedAt);
    this.#emitPlatform(line, id, current.startedAt);
  }

  #onRunnerLog(line: RunnerLogLine): void {
    const current = this.#current;
    if (current !== undefined && line.requestId === current.inv.requestId) {
      this.#ensureStart(current);
      current.inv.capture?.push(line.message);
    }
    this.#deps.emit({ functionName: this.#deps.fn.model.name, ...line });
  }

  #emitPlatform(message: string, requestId?: string, timestamp?: number): void {
    const current = this.#current;
    if (requestId !== undefined && current?.inv.requestId === requestId) {
      current.inv.capture?.push(message);
    }
    this.#deps.emit({
      functionName: this.#deps.fn.model.name,
      timestamp: timestamp ?? this.#deps.clock.now(),
      ...(requestId === undefined ? {} : { requestId }),
      message,
    });
  }
}
