/**
 * The integration step: invoke the function and give up after the integration timeout.
 * Giving up does not cancel the invocation — on AWS the function keeps running to its own
 * timeout and its result is discarded (apigateway.md §8.1); here too.
 */
import type { Clock } from '../core/clock.js';
import type { FunctionInvoker, InvokeRequest, InvokeResult } from '../functions/types.js';

export type InvokeOutcome =
  | { type: 'result'; result: InvokeResult }
  | { type: 'error'; error: unknown }
  | { type: 'timeout' };

const TIMEOUT: InvokeOutcome = { type: 'timeout' };

/** Invokes, resolving (never rejecting) with the result, the invoker's error, or a timeout. */
export function invokeWithTimeout(
  invoker: FunctionInvoker,
  request: InvokeRequest,
  timeoutMs: number,
  clock: Clock,
): Promise<InvokeOutcome> {
  return new Promise<InvokeOutcome>((resolve) => {
    let done = false;
    const timer = clock.setTimeout(() => {
      if (done) return;
      done = true;
      resolve(TIMEOUT);
    }, timeoutMs);
    let pending: Promise<InvokeResult>;
    try {
      pending = invoker.invoke(request);
    } catch (error) {
      // An invoker that throws synchronously is still just a failed integration.
      done = true;
      timer.cancel();
      resolve({ type: 'error', error });
      return;
    }
    pending.then(
      (result) => {
        if (done) return;
        done = true;
        timer.cancel();
        resolve({ type: 'result', result });
      },
      (error: unknown) => {
        if (done) return;
        done = true;
        timer.cancel();
        resolve({ type: 'error', error });
      },
    );
  });
}
