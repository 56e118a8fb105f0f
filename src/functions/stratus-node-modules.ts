/**
 * Where Stratus's own dependencies live. Handlers that don't bundle the AWS SDK v3 resolve it from
 * here, as Lambda's Node.js runtime provides it in `/var/runtime/node_modules`. Found by resolving
 * one of our dependencies, so it works both in this repository and when Stratus is installed as a
 * package (where dependencies may be hoisted into the app's `node_modules`).
 */
import { createRequire } from 'node:module';
import path from 'node:path';

let cached: string | undefined;

/** The `node_modules` directory that holds `@aws-sdk/*` for Stratus, or undefined if none. */
export function findStratusNodeModules(): string | undefined {
  if (cached !== undefined) return cached || undefined;
  try {
    const entry = createRequire(import.meta.url).resolve('@aws-sdk/client-dynamodb');
    const at = entry.lastIndexOf(`${path.sep}node_modules${path.sep}@aws-sdk${path.sep}`);
    cached = at === -1 ? '' : entry.slice(0, at + `${path.sep}node_modules`.length);
  } catch {
    cached = '';
  }
  return cached || undefined;
}
