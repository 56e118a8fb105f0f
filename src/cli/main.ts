/**
 * The `stratus` command: thin over the library API in `../index.ts`.
 *
 *   stratus dev [--template PATH] [--port 3000] [--aws-port 4566] [--store PATH|postgres://URL]
 *               [--parameter-overrides K=V ...]
 *   stratus start …same flags…      one node of a cluster: no file watching
 *   stratus invoke FUNCTION [--event FILE|-]
 *   stratus logs FUNCTION [--follow]
 */
import {
  createReadStream,
  existsSync,
  readFileSync,
  rmSync,
  statSync,
  watchFile,
  unwatchFile,
  writeFileSync,
  mkdirSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import {
  optionsFromEnv,
  optionsFromFile,
  resolveConfig,
  startStratus,
  StratusError,
  type StratusInstance,
  type StratusOptions,
} from '../index.js';
import { parseCommandLine, type ParsedCommand } from './args.js';

const USAGE = `Usage: stratus <command> [options]

Commands:
  dev [--template PATH]        run the app in this folder; reload on code or template change
  start [--template PATH]      run one node (no reloading); use --store postgres://… for a cluster
  invoke FUNCTION [--event FILE|-]
                               invoke a function once (through a running 'stratus dev' if any)
  logs FUNCTION [--follow]     print a function's log lines
  outbox [--clear]             the email / SMS messages SNS captured (from a running server)

Options:
  -t, --template PATH          template file (default: template.yaml|yml|json in this folder)
  -p, --port N                 app HTTP port (default 3000; 0 picks a free one)
      --aws-port N             AWS endpoint port (default 4566; 0 picks a free one)
      --host ADDR              interface to listen on (default 127.0.0.1)
      --store PATH|URL         SQLite file or postgres:// URL (default .stratus/store.db)
      --region NAME            AWS region (default us-east-1)
      --parameter-overrides K=V ...
                               template parameter values
      --log-level LEVEL        debug | info | warn | error
      --ttl-mode prompt|aws    DynamoDB TTL: delete about a second after expiry (default), or
                               as lazily as AWS does (up to 48 hours)
`;

/** Runs the CLI; resolves to the process exit code. */
export async function main(argv: string[]): Promise<number> {
  let parsed: ParsedCommand;
  try {
    parsed = parseCommandLine(argv);
  } catch (e) {
    return fail(e);
  }
  if (parsed.values.version) {
    process.stdout.write(`${packageVersion()}\n`);
    return 0;
  }
  if (parsed.values.help || parsed.command === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  try {
    switch (parsed.command) {
      case 'dev':
        return await serve(parsed, true);
      case 'start':
        return await serve(parsed, false);
      case 'invoke':
        return await invokeCommand(parsed);
      case 'logs':
        return await logsCommand(parsed);
      case 'outbox':
        return await outboxCommand(parsed);
      default:
        throw new StratusError('ERR_CLI_USAGE', `unknown command '${parsed.command}'\n\n${USAGE}`);
    }
  } catch (e) {
    return fail(e);
  }
}

function cliOptions(parsed: ParsedCommand): StratusOptions {
  const v = parsed.values;
  const options: StratusOptions = {};
  if (v.template !== undefined) options.template = v.template;
  if (v.port !== undefined) options.port = toPort(v.port, '--port');
  if (v['aws-port'] !== undefined) options.awsPort = toPort(v['aws-port'], '--aws-port');
  if (v.host !== undefined) options.host = v.host;
  if (v.store !== undefined) options.store = v.store;
  if (v.region !== undefined) options.region = v.region;
  if (v['ttl-mode'] !== undefined) options.ttlMode = v['ttl-mode'] as 'prompt' | 'aws';
  if (v['log-level'] !== undefined)
    options.logLevel = v['log-level'] as StratusOptions['logLevel'] & string;
  if (Object.keys(parsed.parameterOverrides).length > 0)
    options.parameterOverrides = parsed.parameterOverrides;
  return options;
}

function toPort(text: string, flag: string): number {
  if (!/^\d+$/.test(text) || Number(text) > 65535) {
    throw new StratusError('ERR_CLI_USAGE', `${flag} must be a port number, got '${text}'`);
  }
  return Number(text);
}

/** `stratus dev` / `stratus start`: serve until Ctrl-C. */
async function serve(parsed: ParsedCommand, dev: boolean): Promise<number> {
  const options = cliOptions(parsed);
  options.watch = dev && !parsed.values['no-watch'];
  const started = performance.now();
  const stratus = await startStratus(options);
  const markerPath = writeServerMarker(stratus);
  printSummary(stratus);
  process.stdout.write(
    `stratus ready in ${Math.round(performance.now() - started)} ms  app ${stratus.url}  aws ${stratus.awsEndpoint}\n`,
  );
  await waitForSignal();
  process.stderr.write('stratus: stopping\n');
  const force = setTimeout(() => process.exit(1), 5000);
  force.unref();
  await stratus.stop();
  rmSync(markerPath, { force: true });
  return 0;
}

function printSummary(stratus: StratusInstance): void {
  const model = stratus.model();
  const lines: string[] = [];
  lines.push(`template  ${model.templatePath}`);
  if (model.functions.length > 0) {
    lines.push('functions');
    for (const f of model.functions) lines.push(`  ${f.name}  ${f.runtime}  ${f.handler}`);
  }
  const routes = stratus.routes();
  if (routes.length > 0) {
    lines.push('routes');
    for (const r of routes) {
      lines.push(
        `  ${r.method.padEnd(7)} ${r.url}${r.functionName ? `  → ${r.functionName}` : ''}`,
      );
    }
  }
  process.stdout.write(lines.join('\n') + '\n');
}

function waitForSignal(): Promise<void> {
  return new Promise((resolveSignal) => {
    const onSignal = (): void => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      // A second Ctrl-C while stopping exits at once.
      process.once('SIGINT', () => process.exit(130));
      resolveSignal();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

interface ServerMarker {
  pid: number;
  awsEndpoint: string;
  url: string;
}

/** Records a running server in `.stratus/server.json` so `stratus invoke` can use it. */
function writeServerMarker(stratus: StratusInstance): string {
  mkdirSync(stratus.config.stateDir, { recursive: true });
  const path = join(stratus.config.stateDir, 'server.json');
  const marker: ServerMarker = {
    pid: process.pid,
    awsEndpoint: stratus.awsEndpoint,
    url: stratus.url,
  };
  writeFileSync(path, JSON.stringify(marker) + '\n');
  return path;
}

function readServerMarker(stateDir: string): ServerMarker | undefined {
  const path = join(stateDir, 'server.json');
  if (!existsSync(path)) return undefined;
  try {
    const marker = JSON.parse(readFileSync(path, 'utf8')) as ServerMarker;
    process.kill(marker.pid, 0);
    return marker;
  } catch {
    return undefined;
  }
}

/** `stratus invoke FUNCTION [--event FILE|-]`: prints the response; exit 1 on a function error. */
async function invokeCommand(parsed: ParsedCommand): Promise<number> {
  const name = parsed.positionals[0];
  if (name === undefined)
    throw new StratusError('ERR_CLI_USAGE', 'usage: stratus invoke FUNCTION [--event FILE|-]');
  const payload = readEvent(parsed.values.event);
  const options = cliOptions(parsed);
  const config = resolveConfig(
    options,
    optionsFromFile(process.cwd()),
    optionsFromEnv(process.env),
  );
  const running = readServerMarker(config.stateDir);
  if (running !== undefined) {
    const res = await fetch(
      `${running.awsEndpoint}/2015-03-31/functions/${encodeURIComponent(name)}/invocations`,
      {
        method: 'POST',
        headers: { 'x-amz-log-type': 'Tail' },
        body: payload,
      },
    );
    const body = Buffer.from(await res.arrayBuffer());
    const log = res.headers.get('x-amz-log-result');
    if (log) process.stderr.write(Buffer.from(log, 'base64').toString('utf8'));
    process.stdout.write(body.toString('utf8') + '\n');
    return res.status === 200 && !res.headers.get('x-amz-function-error') ? 0 : 1;
  }
  const stratus = await startStratus({
    ...options,
    port: 0,
    awsPort: 0,
    watch: false,
    printFunctionLogs: true,
    logLevel: 'warn',
  });
  try {
    const result = await stratus.invoke({ functionName: name, payload });
    process.stdout.write(result.payload.toString('utf8') + '\n');
    return result.functionError ? 1 : 0;
  } finally {
    await stratus.stop();
  }
}

function readEvent(source: string | undefined): Buffer {
  try {
    const data =
      source === undefined
        ? Buffer.from('{}')
        : source === '-'
          ? readFileSync(0)
          : readFileSync(resolve(source));
    JSON.parse(data.toString('utf8') || '{}');
    return data;
  } catch (e) {
    throw new StratusError(
      'ERR_INVOKE_EVENT',
      `cannot use event ${source ?? ''}: ${(e as Error).message}`,
    );
  }
}

/** `stratus logs FUNCTION [--follow]`: prints `.stratus/logs/<function>.log`. */
async function logsCommand(parsed: ParsedCommand): Promise<number> {
  const name = parsed.positionals[0];
  if (name === undefined)
    throw new StratusError('ERR_CLI_USAGE', 'usage: stratus logs FUNCTION [--follow]');
  const stateDir = join(resolve(process.cwd()), '.stratus');
  const path = join(stateDir, 'logs', `${name}.log`);
  let offset = 0;
  const printFrom = async (): Promise<void> => {
    if (!existsSync(path)) return;
    const size = statSync(path).size;
    if (size < offset) offset = 0;
    if (size === offset) return;
    await new Promise<void>((done, reject) => {
      const stream = createReadStream(path, { start: offset, end: size - 1 });
      stream.on('data', (chunk) => process.stdout.write(chunk));
      stream.on('end', done);
      stream.on('error', reject);
    });
    offset = size;
  };
  if (!existsSync(path) && !parsed.values.follow) {
    process.stderr.write(`stratus: no logs yet for ${name} (looked in ${path})\n`);
    return 0;
  }
  await printFrom();
  if (!parsed.values.follow) return 0;
  await new Promise<void>((done) => {
    let busy = Promise.resolve();
    watchFile(path, { interval: 200 }, () => {
      busy = busy.then(printFrom).catch(() => {});
    });
    const stop = (): void => {
      unwatchFile(path);
      done();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}

/** `stratus outbox [--clear]`: what SNS delivered to email, email-json and sms subscribers. */
async function outboxCommand(parsed: ParsedCommand): Promise<number> {
  const config = resolveConfig(
    cliOptions(parsed),
    optionsFromFile(process.cwd()),
    optionsFromEnv(process.env),
  );
  const running = readServerMarker(config.stateDir);
  if (running === undefined) {
    throw new StratusError(
      'ERR_CLI_USAGE',
      'no running stratus dev / start in this folder; start one first',
    );
  }
  const url = `${running.awsEndpoint}/_stratus/api/outbox`;
  if (parsed.values.clear) {
    const res = await fetch(url, { method: 'DELETE' });
    const { deleted } = (await res.json()) as { deleted: number };
    process.stdout.write(`deleted ${deleted} message(s)\n`);
    return 0;
  }
  const { messages } = (await (await fetch(url)).json()) as {
    messages: {
      timestamp: number;
      protocol: string;
      endpoint: string;
      subject?: string;
      body: string;
    }[];
  };
  for (const m of messages) {
    const subject = m.subject === undefined ? '' : `  "${m.subject}"`;
    process.stdout.write(
      `${new Date(m.timestamp).toISOString()}  ${m.protocol}:${m.endpoint}${subject}\n  ${m.body}\n`,
    );
  }
  if (messages.length === 0) process.stdout.write('the outbox is empty\n');
  return 0;
}

function fail(e: unknown): number {
  if (e instanceof StratusError) {
    process.stderr.write(`stratus: ${e.message} (${e.code})\n`);
  } else {
    process.stderr.write(
      `stratus: unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
    );
  }
  return 1;
}

function packageVersion(): string {
  const pkg = JSON.parse(
    readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'),
  ) as { version: string };
  return pkg.version;
}
