/**
 * The entry point of a function's worker thread: the Node.js Lambda runtime in miniature. It sets
 * up module resolution (NODE_PATH for CommonJS, a resolve hook for ES modules), patches the console,
 * defines `awslambda`, loads the handler (the init phase), then runs one invocation at a time with
 * the runtime's semantics: promises, callbacks that wait for an empty event loop, legacy
 * `context.succeed/fail/done`, first completion wins. Imports nothing of Stratus outside this folder.
 */
import { readFileSync } from 'node:fs';
import * as nodeModule from 'node:module';
import { getHeapStatistics } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import {
  CollectingResponseStream,
  defineAwsLambdaGlobal,
  isStreamingHandler,
} from './awslambda-global.js';
import { captureStream, patchConsole } from './console-patch.js';
import { createRuntimeError, toErrorDocument } from './error-document.js';
import { resolveSync, setFallbackDirs } from './esm-fallback-hooks.js';
import { loadHandler, type HandlerFunction } from './load-handler.js';
import {
  decodeInvoke,
  encodeResult,
  type InvokeMessage,
  type WorkerBootData,
  type WorkerMessage,
} from './protocol.js';

const port = parentPort!;
const boot = workerData as WorkerBootData;
const REQUEST_ID = Symbol.for('aws.lambda.runtime.requestId');
const encoder = new TextEncoder();
const MB = 1024 * 1024;

let phase: 'init' | 'ready' = 'init';
let requestId: string | undefined;
/** Set while an invocation has not yet reported its outcome. */
let activeInvocation: { id: string; fail: (error: unknown, fatal: boolean) => void } | undefined;
let maxMemoryMb = 0;

function post(message: WorkerMessage | string, transfer?: ArrayBuffer[]): void {
  port.postMessage(message, transfer);
}

function emitLine(line: string, ts: number): void {
  post({ t: 'log', ts, id: requestId, line });
}

function encodeJson(value: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(value));
}

function memoryUsedMb(): number {
  const s = getHeapStatistics();
  const mb = Math.ceil((s.total_heap_size + s.external_memory) / MB);
  if (mb > maxMemoryMb) maxMemoryMb = mb;
  return maxMemoryMb;
}

// CommonJS: NODE_PATH was given in this worker's env; make the loader read it.
(nodeModule as unknown as { Module: { _initPaths(): void } }).Module._initPaths();

let esmHooked = false;
/** The handler module is an ES module (so its bare imports may need the fallback hook). */
let handlerIsEsm = false;
function installEsmFallback(): void {
  if (esmHooked || boot.esmFallbackDirs.length === 0) return;
  esmHooked = true;
  setFallbackDirs(boot.esmFallbackDirs);
  const m = nodeModule as unknown as {
    registerHooks?: (hooks: { resolve: unknown }) => void;
  };
  if (typeof m.registerHooks === 'function') {
    m.registerHooks({ resolve: resolveSync });
  } else {
    nodeModule.register(new URL('./esm-fallback-hooks.js', import.meta.url), {
      data: { dirs: boot.esmFallbackDirs },
    });
  }
  runtimePorts = countPorts();
}

/**
 * Whether the hook goes in before the handler is imported. In-thread hooks (`registerHooks`) are
 * cheap, so always; otherwise when asked to, or when the handler file itself uses `import()`
 * (whose bare specifiers, resolved during an invocation, could not be retried later).
 */
function esmHookMode(handlerFile: string): 'eager' | 'lazy' {
  if (boot.esmHook === 'eager') return 'eager';
  if (typeof (nodeModule as { registerHooks?: unknown }).registerHooks === 'function')
    return 'eager';
  try {
    return /\bimport\s*\(/.test(readFileSync(handlerFile, 'utf8')) ? 'eager' : 'lazy';
  } catch {
    return 'eager';
  }
}

function isBarePackageNotFound(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  return (
    e?.code === 'ERR_MODULE_NOT_FOUND' &&
    typeof e.message === 'string' &&
    e.message.startsWith('Cannot find package')
  );
}

const stdout = captureStream(process.stdout, emitLine);
const stderr = captureStream(process.stderr, emitLine);
const logError = patchConsole({
  format: process.env.AWS_LAMBDA_LOG_FORMAT?.toUpperCase() === 'JSON' ? 'JSON' : 'TEXT',
  level: process.env.AWS_LAMBDA_LOG_LEVEL,
  requestId: () => requestId,
  emit: emitLine,
});
if (process.env.NODE_OPTIONS?.includes('--enable-source-maps')) process.setSourceMapsEnabled(true);
defineAwsLambdaGlobal();

function fatal(error: unknown, exitCode: number): void {
  if (phase === 'init') {
    const doc = toErrorDocument(error);
    post({ t: 'init-error', errorType: doc.errorType, body: encodeJson(doc) });
  } else {
    activeInvocation?.fail(error, true);
  }
  stdout.flush();
  stderr.flush();
  process.exit(exitCode);
}

process.on('uncaughtException', (error) => {
  logError('Uncaught Exception', error);
  fatal(error, 129);
});
process.on('unhandledRejection', (reason) => {
  const error = createRuntimeError('Runtime.UnhandledPromiseRejection', String(reason));
  logError('Unhandled Promise Rejection', error);
  fatal(error, 128);
});

/**
 * Message ports that belong to the runtime itself (the parent port, the ESM hooks channel); any
 * other active resource (a ref'd timer, socket, pending fs request, …) is pending user work.
 */
let runtimePorts = 0;
function countPorts(): number {
  let n = 0;
  for (const r of process.getActiveResourcesInfo()) if (r === 'MessagePort') n++;
  return n;
}
function eventLoopDrained(): boolean {
  const active = process.getActiveResourcesInfo();
  let ports = 0;
  for (const r of active) {
    if (r !== 'MessagePort') return false;
    ports++;
  }
  return ports <= runtimePorts;
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

function parseOptionalJson(text: string | undefined, name: string): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`Cannot parse ${name} as json: ${String(e)}`);
  }
}

function runInvocation(handler: HandlerFunction, isAsync: boolean, msg: InvokeMessage): void {
  const id = msg.id;
  let event: unknown;
  try {
    event = msg.event.length === 0 ? {} : JSON.parse(msg.event);
  } catch (e) {
    post({ t: 'bad-event', id, message: (e as Error).message });
    return;
  }
  requestId = id;
  (globalThis as Record<symbol, unknown>)[REQUEST_ID] = id;
  if (msg.traceId === undefined) delete process.env._X_AMZN_TRACE_ID;
  else process.env._X_AMZN_TRACE_ID = msg.traceId;
  const deadline = Date.now() + msg.remainingMs;

  let reported = false;
  let called = false;
  let waits = true;
  let drainAction: (() => void) | undefined;
  let pollTimer: NodeJS.Timeout | undefined;

  const finish = (): void => {
    reported = true;
    // Lazy mode: the hook goes in once the first response is out, for later dynamic imports.
    if (handlerIsEsm && !esmHooked) setImmediate(installEsmFallback);
    if (pollTimer !== undefined) clearTimeout(pollTimer);
    if (activeInvocation?.id === id) activeInvocation = undefined;
    stdout.flush();
    stderr.flush();
  };
  const sendError = (error: unknown, isFatal: boolean): void => {
    if (reported) return;
    finish();
    const doc = toErrorDocument(error);
    const body = encodeJson(doc);
    post({ t: 'error', id, errorType: doc.errorType, body, fatal: isFatal, mem: memoryUsedMb() }, [
      body.buffer as ArrayBuffer,
    ]);
  };
  const sendBody = (body: Uint8Array | string): void => {
    finish();
    if (typeof body === 'string') post(encodeResult(id, memoryUsedMb(), body));
    else post({ t: 'result', id, body, mem: memoryUsedMb() }, [body.buffer as ArrayBuffer]);
  };
  const complete = (result: unknown): void => {
    if (reported) {
      console.error(
        'Invocation has already been reported as done. Cannot call complete more than once per invocation.',
      );
      return;
    }
    let text: string | undefined;
    try {
      text = JSON.stringify(result === undefined ? null : result);
    } catch {
      throw new Error('Unable to stringify response body');
    }
    sendBody(text ?? '');
  };
  const postError = (error: unknown): void => {
    logError('Invoke Error', error);
    sendError(error, false);
  };
  activeInvocation = { id, fail: sendError };

  const poll = (delay: number): void => {
    if (pollTimer !== undefined) clearTimeout(pollTimer);
    // Unref'd, so the poll timer itself never counts as pending work.
    pollTimer = setTimeout(() => {
      pollTimer = undefined;
      if (reported || drainAction === undefined) return;
      if (eventLoopDrained()) {
        const action = drainAction;
        drainAction = undefined;
        action();
      } else {
        poll(Math.min(Math.max(delay * 2, 1), 50));
      }
    }, delay);
    pollTimer.unref();
  };

  // First call wins among callback / succeed / fail / done; a call that throws does not count.
  const once =
    <A extends unknown[]>(fn: (...args: A) => void) =>
    (...args: A): void => {
      if (called) return;
      fn(...args);
      called = true;
    };
  const done = (error: unknown, result: unknown): void => {
    drainAction = undefined;
    if (error !== undefined && error !== null) postError(error);
    else complete(result);
  };
  const callback = once((error: unknown, result?: unknown) => {
    drainAction = undefined;
    if (error !== undefined && error !== null) postError(error);
    else if (!waits) complete(result);
    else {
      drainAction = () => complete(result);
      poll(0);
    }
  });
  const succeed = once((result: unknown) => done(null, result));
  const fail = once((error?: unknown) =>
    done(error === undefined || error === null ? 'handled' : error, null),
  );
  const doneOnce = once(done);

  // What happens if the event loop drains before anyone reported (RIC's beforeExit listener).
  drainAction = () => {
    called = true;
    if (isAsync) {
      const error = createRuntimeError(
        'Runtime.NodeJsExit',
        'The Lambda runtime client detected an unexpected Node.js exit code. This is most commonly caused by a Promise that was never settled. For more information, see https://nodejs.org/docs/latest/api/process.html#exit-codes',
      );
      postError(error);
    } else {
      complete(null);
    }
  };

  try {
    const env = process.env;
    const context = {
      get callbackWaitsForEmptyEventLoop() {
        return waits;
      },
      set callbackWaitsForEmptyEventLoop(value: boolean) {
        waits = value;
      },
      succeed,
      fail,
      done: doneOnce,
      functionVersion: env.AWS_LAMBDA_FUNCTION_VERSION,
      functionName: env.AWS_LAMBDA_FUNCTION_NAME,
      memoryLimitInMB: env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
      logGroupName: env.AWS_LAMBDA_LOG_GROUP_NAME,
      logStreamName: env.AWS_LAMBDA_LOG_STREAM_NAME,
      clientContext: parseOptionalJson(msg.clientContext, 'clientContext'),
      identity: parseOptionalJson(msg.identity, 'cognitoIdentity'),
      invokedFunctionArn: msg.arn,
      awsRequestId: id,
      getRemainingTimeInMillis: () => deadline - Date.now(),
    };
    if (isStreamingHandler(handler)) {
      runStreaming(handler, event, context, (bytes) => !reported && sendBody(bytes), postError);
      return;
    }
    const result = handler(event, context, callback);
    if (isPromiseLike(result)) {
      Promise.resolve(result).then(succeed, fail).catch(fail);
      poll(50);
    } else {
      poll(0);
    }
  } catch (error) {
    callback(error);
  }
}

function runStreaming(
  handler: HandlerFunction,
  event: unknown,
  context: unknown,
  completeRaw: (bytes: Uint8Array) => void,
  postError: (error: unknown) => void,
): void {
  const stream = new CollectingResponseStream();
  const result = handler(event, stream, context);
  if (!isPromiseLike(result)) {
    postError('Streaming does not support non-async handlers.');
    return;
  }
  Promise.resolve(result).then(() => {
    if (!stream.writableFinished) postError('Response stream is not finished.');
    // The collected bytes are the response as is, not JSON-encoded.
    else completeRaw(new Uint8Array(stream.body()));
  }, postError);
}

let onInvoke: ((msg: InvokeMessage) => void) | undefined;
// Listening first keeps the port ref'd, so the baseline below counts it.
port.on('message', (text: string) => onInvoke?.(decodeInvoke(text)));

async function main(): Promise<void> {
  runtimePorts = countPorts();
  let handler: HandlerFunction;
  try {
    handler = await loadHandler(boot.taskRoot, boot.handler, {
      beforeImport: (file) => {
        handlerIsEsm = true;
        if (esmHookMode(file) === 'eager') installEsmFallback();
      },
      warn: (message, error) => console.warn(message, error),
    });
  } catch (error) {
    if (!esmHooked && handlerIsEsm && isBarePackageNotFound(error)) {
      // Linking failed before any user code ran: a fresh worker with the hook is equivalent.
      post({ t: 'needs-esm-hook' });
      return;
    }
    logError('Uncaught Exception', error);
    fatal(error, 129);
    return;
  }
  const isAsync = handler.constructor?.name === 'AsyncFunction';
  phase = 'ready';
  onInvoke = (msg) => runInvocation(handler, isAsync, msg);
  post({ t: 'ready' });
}

void main();
