/**
 * Messages between the function runtime (parent thread) and a function's worker thread. Bodies
 * travel as bytes (JSON text) so the parent never parses or re-serializes a payload; the worker
 * transfers the buffers it creates instead of copying them.
 */

/** What a worker is started with (`workerData`). */
export interface WorkerBootData {
  /** The handler string, e.g. `src/app.handler`. */
  handler: string;
  /** Directory of the function code (`LAMBDA_TASK_ROOT`). */
  taskRoot: string;
  /** Directories tried, in order, for bare ESM specifiers the handler's own resolution misses. */
  esmFallbackDirs: string[];
  /**
   * When the ESM resolve hook goes in. `eager`: before the handler is imported. `lazy`: only after
   * the first invocation — registering it costs a thread on Node < 22.15, so a handler that needs
   * no fallback starts faster; one that does is restarted eagerly (`needs-esm-hook`).
   */
  esmHook: 'eager' | 'lazy';
}

/** Parent → worker: run one invocation. */
export interface InvokeMessage {
  t: 'invoke';
  id: string;
  /** The event as JSON bytes; empty means `{}`. */
  event: Uint8Array;
  arn: string;
  /** Milliseconds left before the deadline, measured when the parent sent the message. */
  remainingMs: number;
  traceId: string | undefined;
  clientContext: string | undefined;
  identity: string | undefined;
}

export interface ReadyMessage {
  t: 'ready';
}

/** The handler's ES module graph imports a bare specifier only the fallback can resolve. */
export interface NeedsEsmHookMessage {
  t: 'needs-esm-hook';
}

export interface InitErrorMessage {
  t: 'init-error';
  errorType: string;
  /** The error document, JSON bytes. */
  body: Uint8Array;
}

export interface LogMessage {
  t: 'log';
  /** Epoch ms. */
  ts: number;
  id: string | undefined;
  line: string;
}

export interface ResultMessage {
  t: 'result';
  id: string;
  body: Uint8Array;
  /** Max memory used so far by this environment, MB. */
  mem: number;
}

export interface ErrorMessage {
  t: 'error';
  id: string;
  errorType: string;
  body: Uint8Array;
  /** The worker exits right after this message (uncaught exception, unhandled rejection). */
  fatal: boolean;
  mem: number;
}

export interface BadEventMessage {
  t: 'bad-event';
  id: string;
  message: string;
}

export type WorkerMessage =
  | ReadyMessage
  | NeedsEsmHookMessage
  | InitErrorMessage
  | LogMessage
  | ResultMessage
  | ErrorMessage
  | BadEventMessage;
