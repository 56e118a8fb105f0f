/**
 * The Node.js runner: one worker thread per execution environment. The worker's heap is capped at
 * the function's memory size; its environment variables are its own object. Killing it (timeout,
 * shutdown) uses `Worker.terminate()`, which stops even an endless synchronous loop.
 */
import { Worker } from 'node:worker_threads';
import type {
  Runner,
  RunnerContext,
  RunnerInitOutcome,
  RunnerOptions,
  RunnerOutcome,
} from './runner.js';
import {
  decodeResult,
  encodeInvoke,
  type WorkerBootData,
  type WorkerMessage,
} from './worker/protocol.js';

const WORKER_MAIN_URL = new URL('./worker/worker-main.js', import.meta.url);

function toBuffer(bytes: Uint8Array | string): Buffer {
  return typeof bytes === 'string'
    ? Buffer.from(bytes)
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

type Pending =
  | { kind: 'init'; resolve: (outcome: RunnerInitOutcome) => void }
  | { kind: 'invoke'; id: string; resolve: (outcome: RunnerOutcome) => void };

/** Memo key: this configuration's ES module handler needs the resolve hook from the start. */
const MEMO_EAGER_ESM_HOOK = 'worker:eager-esm-hook';

/** Runs a Node.js handler in a worker thread. */
export class WorkerRunner implements Runner {
  #worker: Worker;
  readonly #options: RunnerOptions;
  #exited: Promise<void>;
  #pending: Pending | undefined;
  #initOutcome: RunnerInitOutcome | undefined;
  #dead = false;
  #oom = false;
  readonly #watched = new WeakSet<AbortSignal>();

  constructor(options: RunnerOptions) {
    this.#options = options;
    [this.#worker, this.#exited] = this.#spawn(
      options.memo.get(MEMO_EAGER_ESM_HOOK) === true ? 'eager' : 'lazy',
    );
  }

  #spawn(esmHook: WorkerBootData['esmHook']): [Worker, Promise<void>] {
    const options = this.#options;
    const boot: WorkerBootData = {
      handler: options.handler,
      taskRoot: options.taskRoot,
      esmFallbackDirs: options.esmFallbackDirs,
      esmHook,
    };
    const worker = new Worker(WORKER_MAIN_URL, {
      workerData: boot,
      env: options.env,
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: options.memorySizeMb },
      name: `lambda:${options.env.AWS_LAMBDA_FUNCTION_NAME ?? ''}`,
    });
    // Events of a worker that has been replaced (see needs-esm-hook) are ignored.
    worker.on('message', (message: WorkerMessage | string) => {
      if (worker !== this.#worker) return;
      this.#onMessage(typeof message === 'string' ? decodeResult(message) : message);
    });
    worker.on('error', (error: Error & { code?: string }) => {
      if (worker === this.#worker && error.code === 'ERR_WORKER_OUT_OF_MEMORY') this.#oom = true;
    });
    const exited = new Promise<void>((resolve) => {
      worker.once('exit', (code) => {
        if (worker === this.#worker) this.#onExit(code);
        resolve();
      });
    });
    return [worker, exited];
  }

  init(signal: AbortSignal): Promise<RunnerInitOutcome> {
    if (this.#initOutcome !== undefined) return Promise.resolve(this.#initOutcome);
    if (this.#dead) return Promise.resolve({ ok: false, reason: 'aborted' });
    return new Promise((resolve) => {
      const onAbort = (): void => {
        this.#settleInit({ ok: false, reason: 'aborted' });
        void this.dispose();
      };
      this.#pending = {
        kind: 'init',
        resolve: (outcome) => {
          signal.removeEventListener('abort', onAbort);
          resolve(outcome);
        },
      };
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  invoke(event: Buffer, context: RunnerContext, signal: AbortSignal): Promise<RunnerOutcome> {
    if (this.#dead || signal.aborted) {
      if (signal.aborted) void this.dispose();
      return Promise.resolve(
        signal.aborted
          ? { kind: 'aborted' }
          : { kind: 'exit', errorType: 'Runtime.ExitError', exitDetail: 'exit status 1' },
      );
    }
    // Environments reuse one signal for their whole life; listen once per signal, not per call.
    if (!this.#watched.has(signal)) {
      this.#watched.add(signal);
      signal.addEventListener(
        'abort',
        () => {
          this.#settleInvoke({ kind: 'aborted' });
          this.#settleInit({ ok: false, reason: 'aborted' });
          void this.dispose();
        },
        { once: true },
      );
    }
    return new Promise((resolve) => {
      this.#pending = { kind: 'invoke', id: context.requestId, resolve };
      this.#worker.postMessage(
        encodeInvoke({
          id: context.requestId,
          event: event.toString('utf8'),
          arn: context.invokedFunctionArn,
          remainingMs: context.remainingMs,
          traceId: context.traceId,
          clientContext: context.clientContext,
          identity: context.cognitoIdentity,
        }),
      );
    });
  }

  dispose(): Promise<void> {
    if (!this.#dead) {
      this.#dead = true;
      void this.#worker.terminate();
    }
    return this.#exited;
  }

  #settleInit(outcome: RunnerInitOutcome): void {
    this.#initOutcome ??= outcome;
    const pending = this.#pending;
    if (pending?.kind !== 'init') return;
    this.#pending = undefined;
    pending.resolve(outcome);
  }

  #settleInvoke(outcome: RunnerOutcome, id?: string): void {
    const pending = this.#pending;
    if (pending?.kind !== 'invoke' || (id !== undefined && pending.id !== id)) return;
    this.#pending = undefined;
    pending.resolve(outcome);
  }

  #onMessage(message: WorkerMessage): void {
    switch (message.t) {
      case 'log':
        this.#options.onLog({
          timestamp: message.ts,
          ...(message.id === undefined ? {} : { requestId: message.id }),
          message: message.line,
        });
        return;
      case 'result':
        this.#settleInvoke(
          { kind: 'response', payload: toBuffer(message.body), maxMemoryMb: message.mem },
          message.id,
        );
        return;
      case 'error':
        if (message.fatal) this.#dead = true;
        this.#settleInvoke(
          {
            kind: 'error',
            errorType: message.errorType,
            payload: toBuffer(message.body),
            fatal: message.fatal,
            maxMemoryMb: message.mem,
          },
          message.id,
        );
        return;
      case 'bad-event':
        this.#settleInvoke({ kind: 'invalid-event', message: message.message }, message.id);
        return;
      case 'ready':
        this.#settleInit({ ok: true });
        return;
      case 'needs-esm-hook': {
        // Nothing of the handler ran yet; start over with the hook, and remember for next time.
        this.#options.memo.set(MEMO_EAGER_ESM_HOOK, true);
        const old = this.#worker;
        [this.#worker, this.#exited] = this.#spawn('eager');
        void old.terminate();
        return;
      }
      case 'init-error':
        this.#dead = true;
        this.#settleInit({
          ok: false,
          reason: 'error',
          errorType: message.errorType,
          body: toBuffer(message.body),
        });
        void this.#worker.terminate();
        return;
    }
  }

  #onExit(code: number): void {
    const wasDead = this.#dead;
    this.#dead = true;
    const errorType = this.#oom ? 'Runtime.OutOfMemory' : 'Runtime.ExitError';
    const exitDetail = this.#oom ? 'signal: killed' : `exit status ${code}`;
    const pending = this.#pending;
    if (pending?.kind === 'init') {
      this.#settleInit({ ok: false, reason: 'exit', errorType, exitDetail });
    } else if (pending?.kind === 'invoke') {
      this.#settleInvoke({ kind: 'exit', errorType, exitDetail });
    } else if (!wasDead) {
      this.#options.onExit();
    }
  }
}

/** The RunnerFactory for Node.js functions. */
export function createWorkerRunner(options: RunnerOptions): Runner {
  return new WorkerRunner(options);
}
