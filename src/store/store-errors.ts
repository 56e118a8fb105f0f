/**
 * Errors shared by both engines: a lost condition, an unreachable store, and the guard that
 * keeps a service from waiting forever on a closed store.
 */

import { StratusError, isStratusError } from '../core/errors.js';

/** The error a failed condition (ifAbsent, ifVersion, stale lease) throws. */
export function conflictError(message: string): StratusError {
  return new StratusError('ERR_STORE_CONFLICT', message);
}

/** True when `e` is a lost conditional write or a stale lease. */
export function isStoreConflict(e: unknown): e is StratusError {
  return isStratusError(e, 'ERR_STORE_CONFLICT');
}

/** True when `e` says the store is temporarily unreachable and the operation may be retried. */
export function isStoreUnavailable(e: unknown): e is StratusError {
  return isStratusError(e, 'ERR_STORE_UNAVAILABLE');
}

/** The error every operation on a closed store throws. */
export function closedError(location: string): StratusError {
  return new StratusError(
    'ERR_STORE_UNAVAILABLE',
    `The store at ${location} is closed; open it again to use it.`,
  );
}
