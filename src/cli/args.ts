/** Command-line parsing for `stratus`: flags shared by the commands, SAM-style parameter overrides. */
import { parseArgs } from 'node:util';
import { StratusError } from '../core/errors.js';

export interface ParsedCommand {
  command: string;
  positionals: string[];
  values: {
    template?: string;
    port?: string;
    'aws-port'?: string;
    host?: string;
    store?: string;
    region?: string;
    'log-level'?: string;
    'ttl-mode'?: string;
    event?: string;
    follow?: boolean;
    clear?: boolean;
    'no-watch'?: boolean;
    help?: boolean;
    version?: boolean;
  };
  parameterOverrides: Record<string, string>;
}

/**
 * Parses argv (without node and script). `--parameter-overrides` takes every following `K=V`
 * (or SAM's `ParameterKey=K,ParameterValue=V`) until the next flag, as `sam` does.
 */
export function parseCommandLine(argv: string[]): ParsedCommand {
  const rest: string[] = [];
  const parameterOverrides: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg !== '--parameter-overrides') {
      rest.push(arg);
      continue;
    }
    let taken = 0;
    while (i + 1 < argv.length && !argv[i + 1]!.startsWith('--')) {
      const [key, value] = parseOverride(argv[++i]!);
      parameterOverrides[key] = value;
      taken++;
    }
    if (taken === 0)
      throw new StratusError('ERR_CLI_USAGE', '--parameter-overrides needs at least one KEY=VALUE');
  }
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        template: { type: 'string', short: 't' },
        port: { type: 'string', short: 'p' },
        'aws-port': { type: 'string' },
        host: { type: 'string' },
        store: { type: 'string' },
        region: { type: 'string' },
        'log-level': { type: 'string' },
        'ttl-mode': { type: 'string' },
        event: { type: 'string', short: 'e' },
        follow: { type: 'boolean', short: 'f' },
        clear: { type: 'boolean' },
        'no-watch': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
    const [command = 'help', ...others] = positionals;
    return {
      command,
      positionals: others,
      values,
      parameterOverrides,
    };
  } catch (e) {
    throw new StratusError('ERR_CLI_USAGE', (e as Error).message);
  }
}

function parseOverride(text: string): [string, string] {
  const sam = /^ParameterKey=([^,]+),ParameterValue=(.*)$/.exec(text);
  if (sam) return [sam[1]!, sam[2]!];
  const eq = text.indexOf('=');
  if (eq <= 0)
    throw new StratusError('ERR_CLI_USAGE', `parameter override '${text}' is not KEY=VALUE`);
  return [text.slice(0, eq), text.slice(eq + 1)];
}
