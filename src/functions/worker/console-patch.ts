/**
 * The function's console, as the Node.js runtime patches it (`LogPatch.js`): one log line per call,
 * `<ISO time>\t<requestId>\t<LEVEL>\t<message>` (or a JSON object when the log format is JSON),
 * newlines inside a message turned into `\r` so a multi-line message stays one log event. Direct
 * writes to process.stdout / process.stderr are captured line by line.
 */
import { format } from 'node:util';
import { formatErrorForLog } from './error-document.js';

export type EmitLine = (line: string, timestamp: number) => void;

const LEVELS = { TRACE: 1, DEBUG: 2, INFO: 3, WARN: 4, ERROR: 5, FATAL: 6 } as const;
type Level = keyof typeof LEVELS;

function jsonErrorReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) {
    return {
      errorType: value.constructor?.name ?? 'UnknownError',
      errorMessage: value.message,
      stackTrace: typeof value.stack === 'string' ? value.stack.split('\n') : value.stack,
      ...value,
    };
  }
  return value;
}

function formatJson(requestId: string | undefined, time: string, level: Level, args: unknown[]) {
  const record: Record<string, unknown> = { timestamp: time, level, requestId };
  if (args.length === 1) {
    record.message = args[0];
    try {
      return JSON.stringify(record, jsonErrorReplacer);
    } catch {
      record.message = format(args[0]);
      return JSON.stringify(record);
    }
  }
  record.message = format(...args);
  for (const arg of args) {
    if (arg instanceof Error) {
      record.errorType = arg.constructor?.name ?? 'UnknownError';
      record.errorMessage = arg.message;
      record.stackTrace = typeof arg.stack === 'string' ? arg.stack.split('\n') : [];
      break;
    }
  }
  return JSON.stringify(record);
}

export interface ConsolePatchOptions {
  format: 'TEXT' | 'JSON';
  /** `AWS_LAMBDA_LOG_LEVEL`; lower levels become no-ops. */
  level: string | undefined;
  requestId: () => string | undefined;
  emit: EmitLine;
}

/** Replaces the console methods; returns the runtime's own error logger (`Invoke Error`, …). */
export function patchConsole(
  options: ConsolePatchOptions,
): (label: string, error: unknown) => void {
  const json = options.format === 'JSON';
  const { emit, requestId } = options;
  const log = (level: Level, args: unknown[]): void => {
    const now = Date.now();
    const time = new Date(now).toISOString();
    const line = json
      ? formatJson(requestId(), time, level, args)
      : `${time}\t${requestId()}\t${level}\t${format(...args)}`;
    emit(line.replace(/\n/g, '\r'), now);
  };
  const min = LEVELS[(options.level?.toUpperCase() ?? '') as Level] ?? LEVELS.TRACE;
  const nop = (): void => {};
  const method = (level: Level) =>
    LEVELS[level] >= min ? (...args: unknown[]) => log(level, args) : nop;
  const c = console as unknown as Record<string, unknown>;
  c.trace = method('TRACE');
  c.debug = method('DEBUG');
  c.info = method('INFO');
  c.log = c.info;
  c.warn = method('WARN');
  c.error = method('ERROR');
  c.fatal = (...args: unknown[]) => log('FATAL', args);
  return json
    ? (_label, error) => (console.error as (...a: unknown[]) => void)(toError(error))
    : (label, error) => console.error(label, formatErrorForLog(error));
}

function toError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}

/** Captures direct writes to a stream, line by line; `flush()` emits a trailing partial line. */
export function captureStream(stream: NodeJS.WriteStream, emit: EmitLine): { flush: () => void } {
  let pending = '';
  const write = (chunk: unknown, encoding?: unknown, callback?: unknown): boolean => {
    const text =
      typeof chunk === 'string'
        ? chunk
        : Buffer.from(chunk as Uint8Array).toString(
            typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8',
          );
    pending += text;
    let nl = pending.indexOf('\n');
    while (nl !== -1) {
      emit(pending.slice(0, nl), Date.now());
      pending = pending.slice(nl + 1);
      nl = pending.indexOf('\n');
    }
    const cb = typeof encoding === 'function' ? encoding : callback;
    if (typeof cb === 'function') queueMicrotask(cb as () => void);
    return true;
  };
  (stream as unknown as { write: typeof write }).write = write;
  return {
    flush() {
      if (pending === '') return;
      const line = pending;
      pending = '';
      emit(line, Date.now());
    },
  };
}
