/**
 * The environment variables a function sees (lambda.md §1.7): the customer's variables, then the
 * unreserved defaults, the function's credentials and the reserved variables, later winning, so a
 * customer can never override a reserved key. Nothing of the host's environment leaks in except
 * what a process needs to run (PATH and the temp directory).
 */
import { createHash } from 'node:crypto';
import type { FunctionModel } from '../core/app-model.js';

export interface HandlerEnvironmentContext {
  region: string;
  awsEndpoint: string;
  /** Directory of the code (`LAMBDA_TASK_ROOT`). */
  taskRoot: string;
  /** Directory of the runtime's own code (`LAMBDA_RUNTIME_DIR`). */
  runtimeDir: string;
  /** `NODE_PATH` entries, in resolution order. */
  nodePath: string[];
  /** Host variables passed through (PATH, TMPDIR, …). */
  hostBasics: Record<string, string>;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/**
 * Credentials derived from the function name, so every function has its own stable identity and a
 * service can tell which function is calling from the access key alone.
 */
export function deriveFunctionCredentials(functionName: string): {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
} {
  const digest = createHash('sha256').update(`stratus-function:${functionName}`).digest();
  let id = 'ASIA';
  for (let i = 0; i < 16; i++) id += BASE32[digest[i]! % 32];
  const secret = createHash('sha256').update(digest).update('secret').digest('base64');
  const token = createHash('sha512').update(digest).update('token').digest('base64');
  return {
    accessKeyId: id,
    secretAccessKey: secret.slice(0, 40),
    sessionToken: `IQoJb3JpZ2luX2VjE${token}`,
  };
}

/** The Node.js major a `nodejsNN.x` runtime name declares, or undefined for other runtimes. */
export function nodeRuntimeMajor(runtime: string): number | undefined {
  const m = /^nodejs(\d+)\.x$/.exec(runtime);
  return m ? Number(m[1]) : undefined;
}

/** Every variable of a function's environment except the per-environment log stream name. */
export function createHandlerEnvironment(
  model: FunctionModel,
  ctx: HandlerEnvironmentContext,
): Record<string, string> {
  const creds = deriveFunctionCredentials(model.name);
  const env: Record<string, string> = {
    ...model.environment,
    LANG: 'en_US.UTF-8',
    ...ctx.hostBasics,
    NODE_PATH: ctx.nodePath.join(':'),
    AWS_XRAY_CONTEXT_MISSING: 'LOG_ERROR',
    AWS_ENDPOINT_URL: ctx.awsEndpoint,
    // The SDK Stratus provides is newer than the one Lambda's runtime ships, and would warn at
    // every cold start that it wants a newer Node.js; the runtime-provided SDK does not.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  // Customer values for unreserved keys win over the defaults above.
  for (const key of [
    'LANG',
    'PATH',
    'NODE_PATH',
    'AWS_XRAY_CONTEXT_MISSING',
    'NODE_OPTIONS',
    'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED',
  ]) {
    const v = model.environment[key];
    if (v !== undefined) env[key] = v;
  }
  if (model.logging.format === 'JSON') {
    env.AWS_LAMBDA_LOG_FORMAT = 'JSON';
    if (model.logging.applicationLogLevel !== undefined) {
      env.AWS_LAMBDA_LOG_LEVEL = model.logging.applicationLogLevel.toUpperCase();
    }
  }
  Object.assign(env, {
    AWS_ACCESS_KEY_ID: creds.accessKeyId,
    AWS_ACCESS_KEY: creds.accessKeyId,
    AWS_SECRET_ACCESS_KEY: creds.secretAccessKey,
    AWS_SESSION_TOKEN: creds.sessionToken,
    _HANDLER: model.handler,
    AWS_EXECUTION_ENV: `AWS_Lambda_${model.runtime}`,
    AWS_LAMBDA_FUNCTION_NAME: model.name,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(model.memorySize),
    AWS_LAMBDA_LOG_GROUP_NAME: model.logging.logGroup || `/aws/lambda/${model.name}`,
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_REGION: ctx.region,
    AWS_DEFAULT_REGION: ctx.region,
    LAMBDA_TASK_ROOT: ctx.taskRoot,
    LAMBDA_RUNTIME_DIR: ctx.runtimeDir,
    TZ: ':UTC',
  });
  if (model.runtime.startsWith('provided')) delete env.AWS_EXECUTION_ENV;
  // Set per invocation by the runtime; a customer value must not leak into invocations.
  delete env._X_AMZN_TRACE_ID;
  return env;
}

/** `YYYY/MM/DD/[$LATEST]<32 hex>`: one log stream per execution environment. */
export function createLogStreamName(nowMs: number, version: string, hex32: string): string {
  const d = new Date(nowMs);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/[${version}]${hex32}`;
}
