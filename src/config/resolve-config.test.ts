import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { optionsFromEnv, optionsFromFile, resolveConfig } from './resolve-config.js';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'stratus-config-'));
  writeFileSync(join(dir, 'template.yml'), 'Resources: {}\n');
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('defaults: ports 3000/4566, SQLite under .stratus, account and region, template found', () => {
  const config = resolveConfig({ cwd: dir });
  assert.equal(config.port, 3000);
  assert.equal(config.awsPort, 4566);
  assert.deepEqual(config.store, { kind: 'sqlite', path: join(dir, '.stratus', 'store.db') });
  assert.equal(config.accountId, '123456789012');
  assert.equal(config.region, 'us-east-1');
  assert.equal(config.templatePath, join(dir, 'template.yml'));
  assert.ok(Object.isFrozen(config));
});

test('command line wins over the config file, which wins over the environment', () => {
  writeFileSync(
    join(dir, 'stratus.config.json'),
    JSON.stringify({ port: 4000, region: 'eu-west-1' }),
  );
  const env = optionsFromEnv({
    STRATUS_PORT: '5000',
    STRATUS_AWS_PORT: '5001',
    STRATUS_REGION: 'ap-south-1',
  });
  const config = resolveConfig({ cwd: dir, port: 0 }, optionsFromFile(dir), env);
  assert.equal(config.port, 0);
  assert.equal(config.awsPort, 5001);
  assert.equal(config.region, 'eu-west-1');
  rmSync(join(dir, 'stratus.config.json'));
});

test('a postgres URL selects the PostgreSQL store', () => {
  const config = resolveConfig({ cwd: dir, store: 'postgres://u@h:5432/db' });
  assert.deepEqual(config.store, { kind: 'postgres', url: 'postgres://u@h:5432/db' });
});

test('bad values fail with ERR_CONFIG_INVALID naming the option', () => {
  assert.throws(() => resolveConfig({ cwd: dir, port: 70000 }), {
    code: 'ERR_CONFIG_INVALID',
    message: /port/,
  });
  assert.throws(() => resolveConfig({ cwd: dir, accountId: '12' }), { code: 'ERR_CONFIG_INVALID' });
  assert.throws(() => optionsFromEnv({ STRATUS_PORT: 'abc' }), {
    code: 'ERR_CONFIG_INVALID',
    message: /STRATUS_PORT/,
  });
});

test('a missing template fails with ERR_TEMPLATE_NOT_FOUND', () => {
  assert.throws(() => resolveConfig({ cwd: dir, template: 'nope.yaml' }), {
    code: 'ERR_TEMPLATE_NOT_FOUND',
  });
  const empty = mkdtempSync(join(tmpdir(), 'stratus-empty-'));
  try {
    assert.throws(() => resolveConfig({ cwd: empty }), {
      code: 'ERR_TEMPLATE_NOT_FOUND',
      message: /--template/,
    });
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
});
