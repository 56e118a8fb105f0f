/**
 * The operator's log. Writes go to a stream without waiting (never `console.log` on a hot path);
 * tests pass a `MemoryLogSink` to read what was logged.
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const LEVEL_ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface LogSink {
  write(line: string): void;
}

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
  /** Writes a line as is, with no level or prefix (used for function output and REPORT lines). */
  raw(line: string): void;
  /** A logger whose lines are prefixed with `[scope]`. */
  child(scope: string): Logger;
}

export interface LoggerOptions {
  level?: LogLevel;
  sink?: LogSink;
  color?: boolean;
}

/** Pending text is written at once past this size. */
const SINK_FLUSH_BYTES = 64 * 1024;

/**
 * A sink writing to a Node stream (stderr by default). Lines written in the same turn of the event
 * loop go out in one write after it (a request's START, output, END and REPORT lines cost one
 * syscall, not four); whatever is pending is written when the process exits.
 */
export function streamSink(stream: NodeJS.WritableStream = process.stderr): LogSink {
  let pending = '';
  let scheduled = false;
  const flush = (): void => {
    scheduled = false;
    if (pending === '') return;
    const text = pending;
    pending = '';
    stream.write(text);
  };
  process.once('exit', flush);
  return {
    write: (line) => {
      pending += line + '\n';
      if (pending.length >= SINK_FLUSH_BYTES) flush();
      else if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
  };
}

/** A sink that keeps lines in memory; for tests. */
export class MemoryLogSink implements LogSink {
  readonly lines: string[] = [];
  write(line: string): void {
    this.lines.push(line);
  }
}

const COLORS: Record<LogLevel, string> = {
  debug: '\x1b[90m',
  info: '',
  warn: '\x1b[33m',
  error: '\x1b[31m',
};

/** Creates the operator's logger. */
export function createLogger(options: LoggerOptions = {}, scope?: string): Logger {
  const sink = options.sink ?? streamSink();
  const min = LEVEL_ORDER[options.level ?? 'info'];
  const color = options.color ?? false;
  const prefix = scope === undefined ? '' : `[${scope}] `;
  const emit = (level: LogLevel, message: string): void => {
    if (LEVEL_ORDER[level] < min) return;
    const text = `${prefix}${level === 'info' ? '' : level + ': '}${message}`;
    sink.write(color && COLORS[level] ? `${COLORS[level]}${text}\x1b[0m` : text);
  };
  return {
    debug: (m) => emit('debug', m),
    info: (m) => emit('info', m),
    warn: (m) => emit('warn', m),
    error: (m, e) => emit('error', e === undefined ? m : `${m}: ${describeError(e)}`),
    raw: (line) => sink.write(line),
    // Children share this logger's sink, so their lines stay in order with the parent's.
    child: (s) => createLogger({ ...options, sink }, scope === undefined ? s : `${scope}:${s}`),
  };
}

/** One-line description of an unknown thrown value. */
export function describeError(e: unknown): string {
  if (e instanceof Error) return e.stack ?? `${e.name}: ${e.message}`;
  return String(e);
}

/** A logger that drops everything. */
export const silentLogger: Logger = createLogger({ sink: { write: () => {} } });
