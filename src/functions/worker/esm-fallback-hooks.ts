/**
 * ES module resolve hook: a bare specifier the importing module cannot resolve is retried from
 * each fallback directory (layers' `nodejs/node_modules`, then the AWS SDK v3 that Stratus ships),
 * the way the Lambda Node.js runtime lets `import … from '@aws-sdk/client-s3'` work without
 * bundling the SDK. The handler's own `node_modules` always wins because it is tried first.
 * Loaded with `module.registerHooks` where available, else `module.register` (its own thread).
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';

interface ResolveContext {
  parentURL?: string | undefined;
  conditions?: string[];
  importAttributes?: Record<string, string>;
}
interface ResolveResult {
  url: string;
  format?: string | null;
  shortCircuit?: boolean;
}
type NextResolve<R> = (specifier: string, context?: ResolveContext) => R;

let parents: string[] = [];

function isBare(specifier: string): boolean {
  return !(
    specifier.startsWith('./') ||
    specifier.startsWith('../') ||
    specifier.startsWith('/') ||
    specifier === '.' ||
    specifier === '..' ||
    /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(specifier)
  );
}

function isNotFound(e: unknown): boolean {
  return (e as { code?: unknown } | null)?.code === 'ERR_MODULE_NOT_FOUND';
}

/** Receives the fallback directories from `module.register(…, { data })`. */
export function initialize(data: { dirs: string[] }): void {
  setFallbackDirs(data.dirs);
}

/** Sets the fallback directories (for in-thread registration). */
export function setFallbackDirs(dirs: string[]): void {
  // A synthetic importer inside each directory makes Node look in that directory for packages.
  parents = dirs.map((dir) => pathToFileURL(path.join(dir, '__stratus_fallback__.mjs')).href);
}

/** Asynchronous resolve hook (`module.register`). */
export async function resolve(
  specifier: string,
  context: ResolveContext,
  next: NextResolve<Promise<ResolveResult>>,
): Promise<ResolveResult> {
  try {
    return await next(specifier, context);
  } catch (e) {
    if (!isBare(specifier) || !isNotFound(e)) throw e;
    for (const parentURL of parents) {
      try {
        return await next(specifier, { ...context, parentURL });
      } catch (inner) {
        if (!isNotFound(inner)) throw inner;
      }
    }
    throw e;
  }
}

/** Synchronous resolve hook (`module.registerHooks`). */
export function resolveSync(
  specifier: string,
  context: ResolveContext,
  next: NextResolve<ResolveResult>,
): ResolveResult {
  try {
    return next(specifier, context);
  } catch (e) {
    if (!isBare(specifier) || !isNotFound(e)) throw e;
    for (const parentURL of parents) {
      try {
        return next(specifier, { ...context, parentURL });
      } catch (inner) {
        if (!isNotFound(inner)) throw inner;
      }
    }
    throw e;
  }
}
