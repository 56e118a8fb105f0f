/**
 * Opens a store from what the operator gave: a file path (SQLite, the default) or a
 * `postgres://` URL (`?schema=` picks the schema, so several stores can share one database).
 */

import { resolve } from 'node:path';
import { StratusError } from '../core/errors.js';
import { openPostgresStore } from './postgres/postgres-store.js';
import { openSqliteStore } from './sqlite/sqlite-store.js';
import type { Store, StoreLocation, StoreOptions } from './types.js';

/** True when `location` names a PostgreSQL database rather than a SQLite file. */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/** Opens (creating or migrating as needed) the store at `location`. */
export async function openStore(
  location: StoreLocation,
  options: StoreOptions = {},
): Promise<Store> {
  if (typeof location === 'string') {
    if (location.trim() === '')
      throw new StratusError('ERR_STORE_OPEN', 'The store location is empty.');
    if (isPostgresUrl(location)) return openPostgresStore(location, options);
    return openSqliteStore(resolve(location), options);
  }
  if (location.kind === 'postgres') {
    return openPostgresStore(
      location.url,
      location.schema === undefined ? options : { ...options, schema: location.schema },
    );
  }
  return openSqliteStore(resolve(location.path), options);
}
