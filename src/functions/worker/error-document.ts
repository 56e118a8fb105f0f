/**
 * How the Node.js runtime turns thrown values into the error document the caller receives and
 * into the `Invoke Error` log line (AWS's runtime interface client, `Errors.js`).
 */
import { types } from 'node:util';

export interface ErrorDocument {
  errorType: string;
  errorMessage: string;
  trace?: string[];
}

/** An Error whose `name` is a runtime error type such as `Runtime.HandlerNotFound`. */
export function createRuntimeError(type: string, message: string): Error {
  const error = new Error(message);
  // The type goes on the instance so `String(error)` and the stack read `Runtime.X: …` as on AWS.
  Object.defineProperty(error, 'name', { value: type, configurable: true, writable: true });
  error.stack = `${type}: ${message}\n${(error.stack ?? '').split('\n').slice(1).join('\n')}`;
  return error;
}

function isErrorLike(value: unknown): value is { name: string; message: string; stack: string } {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.name === 'string' &&
    v.name !== '' &&
    typeof v.message === 'string' &&
    v.message !== '' &&
    typeof v.stack === 'string' &&
    v.stack !== ''
  );
}

/** `{errorType, errorMessage, trace}` for any thrown value, as the runtime reports it. */
export function toErrorDocument(value: unknown): ErrorDocument {
  try {
    if (types.isNativeError(value) || isErrorLike(value)) {
      const e = value as Error;
      return {
        errorType: e.name,
        errorMessage: e.message,
        trace: typeof e.stack === 'string' ? e.stack.replace(/\x7F/g, '%7F').split('\n') : [],
      };
    }
    return { errorType: typeof value, errorMessage: String(value), trace: [] };
  } catch {
    return {
      errorType: 'handled',
      errorMessage:
        'callback called with Error argument, but there was a problem while retrieving one or more of its message, name, and stack',
    };
  }
}

function withEnumerableProperties(_key: string, value: unknown): unknown {
  if (value instanceof Error) {
    const out: Record<string, unknown> = {
      errorType: value.name,
      errorMessage: value.message,
      code: (value as { code?: unknown }).code,
      ...value,
    };
    if (typeof value.stack === 'string') out.stack = value.stack.split('\n');
    return out;
  }
  return value;
}

/** The tab-prefixed JSON the runtime logs after `Invoke Error` (includes extra properties). */
export function formatErrorForLog(value: unknown): string {
  const error = value instanceof Error ? value : new Error(String(value));
  try {
    return '\t' + JSON.stringify(error, withEnumerableProperties);
  } catch {
    return '\t' + JSON.stringify(toErrorDocument(error));
  }
}
