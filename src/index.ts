/**
 * Stratus's library API. `startStratus()` runs an app's template — HTTP APIs, functions and the
 * AWS services they use — and returns its endpoints and `stop()`:
 *
 *   const stratus = await startStratus({ template: 'template.yaml', cwd, port: 0, awsPort: 0 });
 *   await fetch(`${stratus.url}/Prod/hello`);
 *   await stratus.stop();
 */
import {
  optionsFromEnv,
  optionsFromFile,
  resolveConfig,
  type StratusOptions,
} from './config/resolve-config.js';
import {
  startStratusWithConfig,
  type StratusInstance,
  type StratusRuntimeOptions,
} from './cloud/stratus.js';

export type { StratusOptions, ResolvedConfig } from './config/resolve-config.js';
export type { StratusInstance } from './cloud/stratus.js';
export type { AppModel, FunctionModel } from './core/app-model.js';
export type { InvokeRequest, InvokeResult } from './functions/types.js';
export { AwsError, StratusError, STRATUS_ERROR_CODES } from './core/errors.js';
export { ManualClock, systemClock, type Clock } from './core/clock.js';
export { MemoryLogSink, type LogSink } from './core/logger.js';

export interface StartStratusOptions extends StratusOptions, StratusRuntimeOptions {}

/**
 * Starts Stratus in this process. Options win over `stratus.config.json` and `STRATUS_*`
 * variables. Defaults differ from `stratus dev` where tests want them to: no file watching.
 */
export async function startStratus(options: StartStratusOptions = {}): Promise<StratusInstance> {
  const { logger, sink, clock, ...stratusOptions } = options;
  const cwd = stratusOptions.cwd ?? process.cwd();
  const config = resolveConfig(stratusOptions, optionsFromFile(cwd), optionsFromEnv(process.env), {
    watch: false,
  });
  const runtimeOptions: StratusRuntimeOptions = {};
  if (logger) runtimeOptions.logger = logger;
  if (sink) runtimeOptions.sink = sink;
  if (clock) runtimeOptions.clock = clock;
  return startStratusWithConfig(config, runtimeOptions);
}
export { resolveConfig, optionsFromEnv, optionsFromFile } from './config/resolve-config.js';
