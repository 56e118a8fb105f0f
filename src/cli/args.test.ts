import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCommandLine } from './args.js';

test('parses the dev command with flags and SAM-style parameter overrides', () => {
  const parsed = parseCommandLine([
    'dev',
    '--port',
    '0',
    '--parameter-overrides',
    'Stage=test',
    'ParameterKey=Greeting,ParameterValue=Hi there',
    '--aws-port',
    '4567',
  ]);
  assert.equal(parsed.command, 'dev');
  assert.equal(parsed.values.port, '0');
  assert.equal(parsed.values['aws-port'], '4567');
  assert.deepEqual(parsed.parameterOverrides, { Stage: 'test', Greeting: 'Hi there' });
});

test('invoke takes the function name as a positional', () => {
  const parsed = parseCommandLine(['invoke', 'HelloFunction', '--event', '-']);
  assert.deepEqual(parsed.positionals, ['HelloFunction']);
  assert.equal(parsed.values.event, '-');
});

test('usage errors are ERR_CLI_USAGE', () => {
  assert.throws(() => parseCommandLine(['dev', '--parameter-overrides']), {
    code: 'ERR_CLI_USAGE',
  });
  assert.throws(() => parseCommandLine(['dev', '--parameter-overrides', 'novalue']), {
    code: 'ERR_CLI_USAGE',
  });
  assert.throws(() => parseCommandLine(['dev', '--bogus']), { code: 'ERR_CLI_USAGE' });
});
