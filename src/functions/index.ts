/**
 * functions/ — the function runtime: pools of execution environments that run Lambda handlers.
 *
 * Node.js functions run in worker threads (`worker-runner.ts`, code in `worker/`), one invocation at
 * a time per environment, reused while warm, reaped after an idle period (injected Clock), thrown
 * away after a timeout, crash, out-of-memory or `process.exit`. `FunctionRuntime` resolves names,
 * ARNs and qualifiers, enforces reserved and account concurrency, and runs RequestResponse, Event
 * and DryRun invocations. Behaviour follows shared/spec/lambda.md §1.7, §2, §3 and §4.
 *
 * Parity — what AWS does that we don't yet:
 * - Only `$LATEST`: published versions and aliases answer 404 until they land here.
 * - Event invocations: durable when the runtime has a store (always under Stratus): queued per
 *   function in the store before the 202, polled by every node, retried per EventInvokeConfig,
 *   sent to Lambda destinations and, through the `deliver` hook, to SQS / SNS / EventBridge
 *   destinations and dead-letter queues (`durable-async-invocations.ts`). Gaps: per-qualifier
 *   EventInvokeConfig (one per function), the Put/Get/List/DeleteFunctionEventInvokeConfig APIs,
 *   S3 destinations. Without a store (unit tests) they run in memory (`async-invocations.ts`).
 * - Non-Node runtimes (python, provided, java) are not run yet: InvalidRuntimeException (502).
 * - Response streaming (InvokeWithResponseStream): a streaming handler loads and, invoked plainly,
 *   returns its collected bytes.
 * - Extensions, the Telemetry API, provisioned concurrency, SnapStart, scaling-rate limits.
 * - Max Memory Used reports the worker's V8 heap, not a process RSS.
 *
 * Parity — where we differ on purpose:
 * - Functions run on the host's Node.js, whatever major `Runtime` names (logged once at deploy).
 * - Workers share the Stratus process: its cwd (so `process.chdir` is unavailable and the cwd is not
 *   the code directory), its time zone (`TZ=:UTC` is set but cannot change the process's zone),
 *   and its `/tmp` (shared with the host). No freeze/thaw: timers left running after a response
 *   keep running between invocations. A handler that aborts the process (`process.abort()`, a
 *   native crash) takes Stratus down with it.
 * - One environment per function is started at deploy (prewarm) so the first request finds it
 *   initialised; its first invocation still reports Init Duration, as a cold start does.
 * - `MemorySize` caps the worker's V8 heap; exceeding it is `Runtime.OutOfMemory`.
 * - Handlers resolve the AWS SDK v3 from Stratus's own `node_modules`, which also holds Stratus's
 *   other dependencies.
 * - `AWS_ENDPOINT_URL` points every SDK client at Stratus; credentials are derived from the name.
 *
 * Client quirks handled:
 * - Handlers that `import` bare specifiers from ES modules get Lambda's NODE_PATH fallback through
 *   a resolve hook, so unbundled `@aws-sdk/*` imports work as on Lambda. On Node.js < 22.15 the
 *   hook needs its own thread (~20 ms), so it goes in only when needed: a handler whose static
 *   imports need it is restarted with it before any of its code runs (and later environments start
 *   with it); otherwise it goes in after the first response. Gap: a bare `import()` made during the
 *   first invocation by a module other than the handler file is not retried from the fallback.
 */
export { FunctionRuntime, type FunctionRuntimeOptions } from './function-runtime.js';
export type {
  Runner,
  RunnerContext,
  RunnerFactory,
  RunnerOptions,
  RunnerOutcome,
} from './runner.js';
export { createWorkerRunner, WorkerRunner } from './worker-runner.js';
export * from './types.js';
export type { DestinationMessage } from './durable-async-invocations.js';
export { InvokeConfigStore, type StoredInvokeConfig } from './invoke-config-store.js';
