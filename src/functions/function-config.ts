/**
 * A deployed function's configuration, resolved once at deploy: where its code is, its complete
 * environment (minus the per-environment log stream), module resolution paths, limits. Pools and
 * environments read only this.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FunctionModel } from '../core/app-model.js';
import { StratusError } from '../core/errors.js';
import { createHandlerEnvironment, nodeRuntimeMajor } from './handler-environment.js';
import { findStratusNodeModules } from './stratus-node-modules.js';

export interface ResolvedFunction {
  model: FunctionModel;
  /** Directory the handler is resolved from (`CodeUri`, or a temp dir holding `InlineCode`). */
  taskRoot: string;
  /** Set when `taskRoot` is a temp dir Stratus made for inline code (removed on undeploy). */
  inlineDir?: string;
  env: Record<string, string>;
  esmFallbackDirs: string[];
  /** What runners learned about this configuration's code (see RunnerOptions.memo). */
  runnerMemo: Map<string, unknown>;
  timeoutMs: number;
  /** Node.js functions run in worker threads; others are not supported yet. */
  isNode: boolean;
  /** Changes whenever anything that shapes an environment changes. */
  configKey: string;
  /** ISO time of this deployment. */
  lastModified: string;
}

export interface ResolveFunctionContext {
  region: string;
  awsEndpoint: string;
  nowMs: number;
  /** The host environment to take PATH-like basics from. */
  hostEnvironment: Record<string, string | undefined>;
}

const RUNTIME_DIR = fileURLToPath(new URL('./worker/', import.meta.url));

/** Layer module directories in resolution order: a later layer overrides an earlier one. */
function layerModuleDirs(model: FunctionModel, major: number): string[] {
  const layers = [...model.layerDirs].reverse();
  return [
    ...layers.map((dir) => path.join(dir, 'nodejs', `node${major}`, 'node_modules')),
    ...layers.map((dir) => path.join(dir, 'nodejs', 'node_modules')),
  ];
}

/** Host variables a function may inherit: what a process needs to run, nothing else. */
export const HOST_BASIC_VARIABLES = ['PATH', 'TMPDIR', 'TEMP', 'TMP', 'SYSTEMROOT'] as const;

function hostBasics(host: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of HOST_BASIC_VARIABLES) {
    const v = host[key];
    if (v !== undefined) out[key] = v;
  }
  return out;
}

function writeInlineCode(model: FunctionModel, code: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'stratus-inline-'));
  const base = path.basename(model.handler);
  const moduleName = base.includes('.') ? base.slice(0, base.indexOf('.')) : 'index';
  try {
    writeFileSync(path.join(dir, `${moduleName}.js`), code);
  } catch (e) {
    throw new StratusError('ERR_FUNCTION_CODE', `Cannot write the inline code of ${model.name}`, {
      cause: e,
    });
  }
  return dir;
}

/** Resolves a function model for deployment. */
export function resolveFunction(
  model: FunctionModel,
  ctx: ResolveFunctionContext,
): ResolvedFunction {
  const major = nodeRuntimeMajor(model.runtime);
  const isNode = major !== undefined;
  const inlineDir =
    model.inlineCode !== undefined && isNode ? writeInlineCode(model, model.inlineCode) : undefined;
  const taskRoot = inlineDir ?? model.codeDir;
  const stratusModules = findStratusNodeModules();
  const layerDirs = layerModuleDirs(model, major ?? 20);
  const fallback = stratusModules === undefined ? layerDirs : [...layerDirs, stratusModules];
  const env = createHandlerEnvironment(model, {
    region: ctx.region,
    awsEndpoint: ctx.awsEndpoint,
    taskRoot,
    runtimeDir: RUNTIME_DIR,
    nodePath: [...fallback, taskRoot],
    hostBasics: hostBasics(ctx.hostEnvironment),
  });
  return {
    model,
    taskRoot,
    ...(inlineDir === undefined ? {} : { inlineDir }),
    env,
    esmFallbackDirs: fallback,
    runnerMemo: new Map(),
    timeoutMs: model.timeout * 1000,
    isNode,
    configKey: JSON.stringify(model),
    lastModified: new Date(ctx.nowMs).toISOString(),
  };
}
