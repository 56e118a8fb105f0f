/**
 * A Runner is how one execution environment runs code: the worker-thread runner for Node.js
 * (worker-runner.ts) now, a Lambda Runtime API child-process runner for other runtimes later. The
 * interface is runtime-neutral: bytes in, bytes out, log lines through a callback, an AbortSignal
 * to kill it. Environments, pools and the runtime only ever see this interface.
 */
import type { FunctionLogLine } from './types.js';

/** What the runtime inside an environment learns about one invocation. */
export interface RunnerContext {
  requestId: string;
  /** The ARN as invoked (qualified when invoked with a qualifier). */
  invokedFunctionArn: string;
  /** Milliseconds left before the function's deadline. */
  remainingMs: number;
  traceId?: string;
  /** JSON text. */
  clientContext?: string;
  /** JSON text. */
  cognitoIdentity?: string;
}

/** How init ended. `exitDetail` is set when the runtime died (`exit status 1`, `signal: killed`). */
export type RunnerInitOutcome =
  | { ok: true }
  | { ok: false; reason: 'error'; errorType: string; body: Buffer }
  | { ok: false; reason: 'exit'; errorType: string; exitDetail: string }
  | { ok: false; reason: 'aborted' };

export type RunnerOutcome =
  /** The function's response bytes. */
  | { kind: 'response'; payload: Buffer; maxMemoryMb: number }
  /** A function error; `fatal` means the runtime is gone afterwards. */
  | { kind: 'error'; errorType: string; payload: Buffer; fatal: boolean; maxMemoryMb: number }
  /** The runtime died during the invocation (process.exit, out of memory). */
  | { kind: 'exit'; errorType: 'Runtime.ExitError' | 'Runtime.OutOfMemory'; exitDetail: string }
  /** The signal fired; the runtime has been killed. */
  | { kind: 'aborted' }
  /** The event is not JSON; nothing ran. */
  | { kind: 'invalid-event'; message: string };

/** A line the runtime printed; the environment adds the function name. */
export type RunnerLogLine = Omit<FunctionLogLine, 'functionName'>;

export interface Runner {
  /** Resolves when the handler is loaded (or failed to load). Aborting kills the runtime. */
  init(signal: AbortSignal): Promise<RunnerInitOutcome>;
  /** Runs one invocation. Aborting kills the runtime and resolves `{ kind: 'aborted' }`. */
  invoke(event: Buffer, context: RunnerContext, signal: AbortSignal): Promise<RunnerOutcome>;
  /** Kills the runtime; resolves once it is gone. Harmless to call twice. */
  dispose(): Promise<void>;
}

export interface RunnerOptions {
  handler: string;
  /** Directory of the code (`LAMBDA_TASK_ROOT`). */
  taskRoot: string;
  memorySizeMb: number;
  /** The complete environment of the runtime (nothing else is inherited). */
  env: Record<string, string>;
  /** Bare ES module specifiers the code cannot resolve are retried from these directories. */
  esmFallbackDirs: string[];
  /**
   * Shared by every runner of one function configuration, so a runner can remember what it
   * learned about the code (e.g. that it needs a resolve hook from the start).
   */
  memo: Map<string, unknown>;
  onLog(line: RunnerLogLine): void;
  /** The runtime died outside an invocation (a background crash); the environment is lost. */
  onExit(): void;
}

/** Creates a runner; the runtime starts initializing right away. */
export type RunnerFactory = (options: RunnerOptions) => Runner;
