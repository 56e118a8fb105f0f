/**
 * Where function log lines go: `onLog` listeners, an in-memory ring per function, an append-only
 * file per function (`<logDir>/<name>.log`, written asynchronously in batches: one write per
 * function every FILE_FLUSH_MS at most, not one per line), and the terminal through the operator
 * logger, prefixed with the function name.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../core/logger.js';
import type { FunctionLogLine } from './types.js';

export const DEFAULT_RING_SIZE = 1000;
/** How long a line may wait in memory before it is appended to its file. */
const FILE_FLUSH_MS = 50;
/** A function's pending file text is written at once past this size. */
const FILE_FLUSH_BYTES = 64 * 1024;

export interface FunctionLogsOptions {
  logger: Logger;
  printLogs: boolean;
  /** Must exist already (created at startup, not on the invoke path). */
  logDir?: string;
  ringSize?: number;
}

class Ring {
  readonly #lines: FunctionLogLine[] = [];
  #start = 0;
  constructor(readonly size: number) {}

  push(line: FunctionLogLine): void {
    if (this.#lines.length < this.size) this.#lines.push(line);
    else {
      this.#lines[this.#start] = line;
      this.#start = (this.#start + 1) % this.size;
    }
  }

  last(limit: number): FunctionLogLine[] {
    const ordered = [...this.#lines.slice(this.#start), ...this.#lines.slice(0, this.#start)];
    return ordered.slice(Math.max(0, ordered.length - limit));
  }
}

/** Fans function log lines out to listeners, rings, files and the terminal. */
export class FunctionLogs {
  readonly #options: FunctionLogsOptions;
  readonly #listeners = new Set<(line: FunctionLogLine) => void>();
  readonly #rings = new Map<string, Ring>();
  readonly #files = new Map<string, WriteStream>();
  /** Text not yet handed to each function's file stream. */
  readonly #pending = new Map<string, string>();
  #flushTimer: NodeJS.Timeout | undefined;

  constructor(options: FunctionLogsOptions) {
    this.#options = options;
  }

  /** Sends one line everywhere. */
  emit(line: FunctionLogLine): void {
    const name = line.functionName;
    let ring = this.#rings.get(name);
    if (ring === undefined) {
      ring = new Ring(this.#options.ringSize ?? DEFAULT_RING_SIZE);
      this.#rings.set(name, ring);
    }
    ring.push(line);
    if (this.#options.logDir !== undefined) this.#append(name, line.message);
    if (this.#options.printLogs) this.#options.logger.raw(`[${name}] ${line.message}`);
    for (const listener of this.#listeners) {
      try {
        listener(line);
      } catch (e) {
        this.#options.logger.error('A function log listener threw', e);
      }
    }
  }

  /** Subscribes to every line; returns the unsubscribe function. */
  onLog(listener: (line: FunctionLogLine) => void): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  /** The last `limit` lines of a function, oldest first. */
  recent(name: string, limit: number): FunctionLogLine[] {
    return this.#rings.get(name)?.last(limit) ?? [];
  }

  /** Flushes and closes the log files. */
  async close(): Promise<void> {
    this.#flush();
    const files = [...this.#files.values()];
    this.#files.clear();
    await Promise.all(
      files.map((stream) => new Promise<void>((resolve) => stream.end(() => resolve()))),
    );
  }

  #append(name: string, message: string): void {
    const text = (this.#pending.get(name) ?? '') + message + '\n';
    if (text.length >= FILE_FLUSH_BYTES) {
      this.#pending.delete(name);
      this.#file(name).write(text);
      return;
    }
    this.#pending.set(name, text);
    if (this.#flushTimer === undefined) {
      this.#flushTimer = setTimeout(() => this.#flush(), FILE_FLUSH_MS);
      this.#flushTimer.unref();
    }
  }

  #flush(): void {
    if (this.#flushTimer !== undefined) clearTimeout(this.#flushTimer);
    this.#flushTimer = undefined;
    for (const [name, text] of this.#pending) this.#file(name).write(text);
    this.#pending.clear();
  }

  #file(name: string): WriteStream {
    let stream = this.#files.get(name);
    if (stream === undefined) {
      stream = createWriteStream(path.join(this.#options.logDir!, `${name}.log`), { flags: 'a' });
      stream.on('error', (e) => this.#options.logger.error(`Cannot write the log of ${name}`, e));
      this.#files.set(name, stream);
    }
    return stream;
  }
}
