/**
 * Messages between the function runtime (parent thread) and a function's worker thread. Bodies
 * travel as JSON text, so the parent never parses or re-serializes a payload. The two messages of
 * every invocation (the invoke and a JSON result) are single strings (see `encodeInvoke`,
 * `encodeResult`): a flat string crosses threads for a fraction of what an object costs the
 * serializer, on both sides. Everything else is an object.
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

/** Parent → worker: run one invocation. Travels as the string `encodeInvoke` makes. */
export interface InvokeMessage {
  id: string;
  /** The event as JSON text; empty means `{}`. */
  event: string;
  arn: string;
  /** Milliseconds left before the deadline, measured when the parent sent the message. */
  remainingMs: number;
  traceId: string | undefined;
  clientContext: string | undefined;
  identity: string | undefined;
}

/**
 * One line per field, then the event text, which may hold anything. Request ids, ARNs and numbers
 * never contain a line break. The trace header, client context and identity are free text: an
 * empty line means absent, a line starting with `"` is a JSON string, any other line is the value.
 */
function encodeText(v: string | undefined): string {
  if (v === undefined) return '';
  return v === '' || v.charCodeAt(0) === 34 || v.includes('\n') ? JSON.stringify(v) : v;
}

function decodeText(line: string): string | undefined {
  if (line === '') return undefined;
  return line.charCodeAt(0) === 34 ? (JSON.parse(line) as string) : line;
}

export function encodeInvoke(m: InvokeMessage): string {
  return `${m.id}\n${m.arn}\n${m.remainingMs}\n${encodeText(m.traceId)}\n${encodeText(m.clientContext)}\n${encodeText(m.identity)}\n${m.event}`;
}

export function decodeInvoke(text: string): InvokeMessage {
  const fields: string[] = [];
  let from = 0;
  for (let i = 0; i < 6; i++) {
    const end = text.indexOf('\n', from);
    fields.push(text.slice(from, end));
    from = end + 1;
  }
  return {
    id: fields[0]!,
    arn: fields[1]!,
    remainingMs: Number(fields[2]),
    traceId: decodeText(fields[3]!),
    clientContext: decodeText(fields[4]!),
    identity: decodeText(fields[5]!),
    event: text.slice(from),
  };
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

/** A successful invocation's response. JSON results travel as `encodeResult` strings. */
export interface ResultMessage {
  t: 'result';
  id: string;
  /** The response as is: JSON text, or a streaming handler's bytes. */
  body: Uint8Array | string;
  /** Max memory used so far by this environment, MB. */
  mem: number;
}

export function encodeResult(id: string, mem: number, body: string): string {
  return `${id}\n${mem}\n${body}`;
}

export function decodeResult(text: string): ResultMessage {
  const a = text.indexOf('\n');
  const b = text.indexOf('\n', a + 1);
  return {
    t: 'result',
    id: text.slice(0, a),
    mem: Number(text.slice(a + 1, b)),
    body: text.slice(b + 1),
  };
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
