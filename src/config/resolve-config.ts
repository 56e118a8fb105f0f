/**
 * Resolves Stratus's options once — command line > config file > environment > defaults — into a
 * frozen `ResolvedConfig` that is passed down. Nothing else in Stratus reads `process.env` for its
 * own settings.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { StratusError } from '../core/errors.js';
import { DEFAULT_ACCOUNT_ID, DEFAULT_REGION } from '../core/ids.js';
import type { LogLevel } from '../core/logger.js';

/** What a user may pass (CLI flags, `startStratus()` options, `stratus.config.json`). */
export interface StratusOptions {
  /** Folder of the app; defaults to the process cwd. */
  cwd?: string;
  /** Template path, relative to `cwd`; defaults to the first of template.yaml/.yml/.json found. */
  template?: string;
  /** App HTTP port; 0 picks a free port. Default 3000. */
  port?: number;
  /** AWS endpoint port; 0 picks a free port. Default 4566. */
  awsPort?: number;
  /** Interface to listen on. Default 127.0.0.1. */
  host?: string;
  /** `PATH` of a SQLite file or a `postgres://` URL. Default `<cwd>/.stratus/store.db`. */
  store?: string;
  parameterOverrides?: Record<string, string>;
  region?: string;
  accountId?: string;
  stackName?: string;
  /** Reload on code or template change. Default true for `stratus dev`, false in tests. */
  watch?: boolean;
  logLevel?: LogLevel;
  /** Print function output and REPORT lines to the terminal. Default true. */
  printFunctionLogs?: boolean;
  /** Account-wide concurrent executions. Default 1000. */
  accountConcurrency?: number;
  /** Idle time after which an execution environment is reaped, in ms. Default 10 minutes. */
  idleTimeoutMs?: number;
  /**
   * DynamoDB TTL: `prompt` (default) deletes an expired item about a second after expiry; `aws`
   * reproduces AWS's lazy deletion (up to 48 hours later).
   */
  ttlMode?: 'prompt' | 'aws';
}

export type StoreLocation = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };

export interface ResolvedConfig {
  readonly cwd: string;
  readonly templatePath: string;
  readonly port: number;
  readonly awsPort: number;
  readonly host: string;
  readonly store: StoreLocation;
  /** `<cwd>/.stratus`: local state (SQLite store, logs). */
  readonly stateDir: string;
  readonly parameterOverrides: Readonly<Record<string, string>>;
  readonly region: string;
  readonly accountId: string;
  readonly stackName: string;
  readonly watch: boolean;
  readonly logLevel: LogLevel;
  readonly printFunctionLogs: boolean;
  readonly accountConcurrency: number;
  readonly idleTimeoutMs: number;
  readonly ttlMode: 'prompt' | 'aws';
}

export const DEFAULT_APP_PORT = 3000;
export const DEFAULT_AWS_PORT = 4566;
const TEMPLATE_CANDIDATES = ['template.yaml', 'template.yml', 'template.json'];
const CONFIG_FILE = 'stratus.config.json';
const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

/** Reads `STRATUS_*` variables from an environment into options. */
export function optionsFromEnv(env: NodeJS.ProcessEnv): StratusOptions {
  const out: StratusOptions = {};
  const str = (key: string): string | undefined => {
    const v = env[key];
    return v === undefined || v === '' ? undefined : v;
  };
  const port = str('STRATUS_PORT');
  if (port !== undefined) out.port = parsePort(port, 'STRATUS_PORT');
  const awsPort = str('STRATUS_AWS_PORT');
  if (awsPort !== undefined) out.awsPort = parsePort(awsPort, 'STRATUS_AWS_PORT');
  const assign = <K extends keyof StratusOptions>(key: K, name: string): void => {
    const v = str(name);
    if (v !== undefined) (out as Record<string, unknown>)[key] = v;
  };
  assign('host', 'STRATUS_HOST');
  assign('store', 'STRATUS_STORE');
  assign('region', 'STRATUS_REGION');
  assign('accountId', 'STRATUS_ACCOUNT_ID');
  assign('stackName', 'STRATUS_STACK_NAME');
  assign('template', 'STRATUS_TEMPLATE');
  assign('ttlMode', 'STRATUS_TTL_MODE');
  const printLogs = str('STRATUS_PRINT_FUNCTION_LOGS');
  if (printLogs !== undefined) out.printFunctionLogs = !/^(0|false|no|off)$/i.test(printLogs);
  const level = str('STRATUS_LOG_LEVEL');
  if (level !== undefined) out.logLevel = parseLogLevel(level, 'STRATUS_LOG_LEVEL');
  return out;
}

/** Reads `stratus.config.json` in `cwd`, if there is one. */
export function optionsFromFile(cwd: string): StratusOptions {
  const path = join(cwd, CONFIG_FILE);
  if (!existsSync(path)) return {};
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new Error('the file must hold a JSON object');
    }
    return parsed;
  } catch (e) {
    throw new StratusError('ERR_CONFIG_INVALID', `${path}: ${(e as Error).message}`, { cause: e });
  }
}

/**
 * Merges option layers (earlier wins: pass CLI, then file, then env) over the defaults and
 * validates the result.
 */
export function resolveConfig(...layers: StratusOptions[]): ResolvedConfig {
  const pick = <K extends keyof StratusOptions>(key: K): StratusOptions[K] | undefined =>
    layers.find((layer) => layer[key] !== undefined)?.[key];
  const cwd = resolve(pick('cwd') ?? process.cwd());
  const stateDir = join(cwd, '.stratus');
  const templatePath = resolveTemplatePath(cwd, pick('template'));
  const port = checkPort(pick('port') ?? DEFAULT_APP_PORT, 'port');
  const awsPort = checkPort(pick('awsPort') ?? DEFAULT_AWS_PORT, 'awsPort');
  const storeOption = pick('store');
  const store: StoreLocation =
    storeOption !== undefined && /^postgres(ql)?:\/\//.test(storeOption)
      ? { kind: 'postgres', url: storeOption }
      : { kind: 'sqlite', path: resolve(cwd, storeOption ?? join(stateDir, 'store.db')) };
  const accountId = pick('accountId') ?? DEFAULT_ACCOUNT_ID;
  if (!/^\d{12}$/.test(accountId)) {
    throw new StratusError('ERR_CONFIG_INVALID', `accountId must be 12 digits, got '${accountId}'`);
  }
  const region = pick('region') ?? DEFAULT_REGION;
  if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) {
    throw new StratusError('ERR_CONFIG_INVALID', `region '${region}' is not an AWS region name`);
  }
  const logLevel = pick('logLevel') ?? 'info';
  parseLogLevel(logLevel, 'logLevel');
  const overrides: Record<string, string> = {};
  for (const layer of [...layers].reverse()) Object.assign(overrides, layer.parameterOverrides);
  const accountConcurrency = pick('accountConcurrency') ?? 1000;
  if (!Number.isInteger(accountConcurrency) || accountConcurrency < 1) {
    throw new StratusError('ERR_CONFIG_INVALID', 'accountConcurrency must be a positive integer');
  }
  return Object.freeze({
    cwd,
    templatePath,
    port,
    awsPort,
    host: pick('host') ?? '127.0.0.1',
    store: Object.freeze(store),
    stateDir,
    parameterOverrides: Object.freeze(overrides),
    region,
    accountId,
    stackName: pick('stackName') ?? defaultStackName(cwd),
    watch: pick('watch') ?? false,
    logLevel,
    printFunctionLogs: pick('printFunctionLogs') ?? true,
    accountConcurrency,
    idleTimeoutMs: pick('idleTimeoutMs') ?? 10 * 60_000,
    ttlMode: checkTtlMode(pick('ttlMode') ?? 'prompt'),
  });
}

function resolveTemplatePath(cwd: string, template: string | undefined): string {
  if (template !== undefined) {
    const path = isAbsolute(template) ? template : resolve(cwd, template);
    if (!existsSync(path)) {
      throw new StratusError('ERR_TEMPLATE_NOT_FOUND', `template not found: ${path}`);
    }
    return path;
  }
  for (const name of TEMPLATE_CANDIDATES) {
    const path = join(cwd, name);
    if (existsSync(path)) return path;
  }
  throw new StratusError(
    'ERR_TEMPLATE_NOT_FOUND',
    `no template in ${cwd} (looked for ${TEMPLATE_CANDIDATES.join(', ')}); pass --template PATH`,
  );
}

/** A CloudFormation-valid stack name from the app folder's name. */
function defaultStackName(cwd: string): string {
  const name = basename(cwd)
    .replace(/[^A-Za-z0-9-]/g, '-')
    .replace(/^[^A-Za-z]+/, '');
  return name === '' ? 'stratus' : name.slice(0, 128);
}

function checkTtlMode(mode: string): 'prompt' | 'aws' {
  if (mode !== 'prompt' && mode !== 'aws') {
    throw new StratusError(
      'ERR_CONFIG_INVALID',
      `ttlMode must be 'prompt' or 'aws', got '${mode}'`,
    );
  }
  return mode;
}

function checkPort(port: number, name: string): number {
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new StratusError(
      'ERR_CONFIG_INVALID',
      `${name} must be an integer from 0 to 65535, got ${port}`,
    );
  }
  return port;
}

/** Parses a port number given as text. */
export function parsePort(text: string, name: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text)) {
    throw new StratusError('ERR_CONFIG_INVALID', `${name} must be a port number, got '${text}'`);
  }
  return checkPort(n, name);
}

function parseLogLevel(text: string, name: string): LogLevel {
  if (!(LOG_LEVELS as readonly string[]).includes(text)) {
    throw new StratusError('ERR_CONFIG_INVALID', `${name} must be one of ${LOG_LEVELS.join(', ')}`);
  }
  return text as LogLevel;
}
