/**
 * Handler string → function, exactly as the Node.js runtime resolves it (AWS's runtime interface
 * client, `UserFunction.js`): `..` is refused, the module part is everything before the first dot
 * of the last path segment, and the module is tried as an extension-less file or directory, then
 * `.js` (CommonJS unless the nearest package.json says `"type":"module"`), `.mjs`, `.cjs`, and
 * finally through `require.resolve` from the task root.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRuntimeError } from './error-document.js';

const require = createRequire(import.meta.url);

export type HandlerFunction = (event: unknown, context: unknown, callback: unknown) => unknown;

export interface LoadHooks {
  /** Called before an ES module handler file is imported, so resolution hooks can go in first. */
  beforeImport(file: string): void;
  /** Logs a warning line as the runtime would (unreadable package.json). */
  warn(message: string, error: unknown): void;
}

function splitModuleRoot(fullHandler: string): [moduleRoot: string, moduleAndHandler: string] {
  const base = path.basename(fullHandler);
  return [fullHandler.substring(0, fullHandler.indexOf(base)), base];
}

function hasTypeModule(folder: string, hooks: LoadHooks): boolean {
  for (let dir = folder; ; dir = path.resolve(dir, '..')) {
    if (dir.endsWith(`${path.sep}node_modules`)) return false;
    const pj = path.join(dir, 'package.json');
    if (existsSync(pj)) {
      try {
        const pkg = JSON.parse(readFileSync(pj, 'utf8')) as { type?: unknown } | null;
        if (pkg) return pkg.type === 'module';
      } catch (e) {
        hooks.warn(`${pj} cannot be read, it will be ignored for ES module detection purposes.`, e);
        return false;
      }
    }
    if (dir === path.parse(dir).root) return false;
  }
}

function tryRequire(file: string): unknown {
  return existsSync(file) ? require(file) : undefined;
}

async function tryImport(file: string, hooks: LoadHooks): Promise<unknown> {
  if (!existsSync(file)) return undefined;
  hooks.beforeImport(file);
  return import(pathToFileURL(file).href);
}

async function loadModule(
  appRoot: string,
  moduleRoot: string,
  moduleName: string,
  hooks: LoadHooks,
): Promise<unknown> {
  const lambdaPath = path.resolve(appRoot, moduleRoot, moduleName);
  const extensionless = tryRequire(lambdaPath);
  if (extensionless) return extensionless;
  const typeModule = hasTypeModule(path.dirname(lambdaPath), hooks);
  if (!typeModule) {
    const cjs = tryRequire(lambdaPath + '.js');
    if (cjs) return cjs;
  }
  const loaded =
    (typeModule && (await tryImport(lambdaPath + '.js', hooks))) ||
    (await tryImport(lambdaPath + '.mjs', hooks)) ||
    tryRequire(lambdaPath + '.cjs');
  if (loaded) return loaded;
  // require() resolves relative to this file, not the task root, hence the explicit paths.
  return require(require.resolve(moduleName, { paths: [appRoot, moduleRoot] }));
}

/** Loads the user's module and returns the handler function, or throws a `Runtime.*` error. */
export async function loadHandler(
  appRoot: string,
  fullHandler: string,
  hooks: LoadHooks,
): Promise<HandlerFunction> {
  if (fullHandler.includes('..')) {
    throw createRuntimeError(
      'Runtime.MalformedHandlerName',
      `'${fullHandler}' is not a valid handler name. Use absolute paths when specifying root directories in handler names.`,
    );
  }
  const [moduleRoot, moduleAndHandler] = splitModuleRoot(fullHandler);
  const match = /^([^.]*)\.(.*)$/.exec(moduleAndHandler);
  if (!match) throw createRuntimeError('Runtime.MalformedHandlerName', 'Bad handler');
  const moduleName = match[1]!;
  const handlerPath = match[2]!;

  let userModule: unknown;
  try {
    userModule = await loadModule(appRoot, moduleRoot, moduleName, hooks);
  } catch (e) {
    if (e instanceof SyntaxError)
      throw createRuntimeError('Runtime.UserCodeSyntaxError', String(e));
    if ((e as { code?: unknown } | null)?.code === 'MODULE_NOT_FOUND') {
      throw createRuntimeError('Runtime.ImportModuleError', String(e));
    }
    throw e;
  }

  const handler = handlerPath
    .split('.')
    .reduce<unknown>(
      (nested, key) => (nested ? (nested as Record<string, unknown>)[key] : nested),
      userModule,
    );
  if (!handler) {
    throw createRuntimeError(
      'Runtime.HandlerNotFound',
      `${fullHandler} is undefined or not exported`,
    );
  }
  if (typeof handler !== 'function') {
    throw createRuntimeError('Runtime.HandlerNotFound', `${fullHandler} is not a function`);
  }
  return handler as HandlerFunction;
}
