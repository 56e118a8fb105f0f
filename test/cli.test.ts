// The `stratus` command as a user runs it: a real child process, real signals, the AWS CLI.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { copyApp, examplePath, REPO_ROOT, tempDir, waitFor } from './helpers/stratus.js';

const BIN = join(REPO_ROOT, 'bin', 'stratus.js');
const AWS_CLI = '/usr/bin/aws';

interface Running {
  child: ChildProcess;
  output: () => string;
  url: string;
  awsEndpoint: string;
  exited: Promise<number | null>;
}

async function startDev(cwd: string, args: string[] = []): Promise<Running> {
  const child = spawn(process.execPath, [BIN, 'dev', '--port', '0', '--aws-port', '0', ...args], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  await waitFor(
    () => /stratus ready/.test(out) || child.exitCode !== null,
    15_000,
    'stratus ready',
  );
  const ready = /stratus ready in \d+ ms {2}app (\S+) {2}aws (\S+)/.exec(out);
  assert.ok(ready, `no ready line in:\n${out}`);
  return { child, output: () => out, url: ready[1]!, awsEndpoint: ready[2]!, exited };
}

describe('stratus dev', () => {
  let app: { path: string; cleanup: () => void };
  let dev: Running;

  before(async () => {
    app = copyApp(examplePath('hello'));
    dev = await startDev(app.path);
  });

  after(async () => {
    if (dev.child.exitCode === null) {
      dev.child.kill('SIGINT');
      await dev.exited;
    }
    app.cleanup();
  });

  test('lists functions and routes, then serves them', async () => {
    assert.match(dev.output(), /HelloFunction {2}nodejs20\.x {2}hello\.handler/);
    assert.match(dev.output(), /GET +http:\/\/127\.0\.0\.1:\d+\/Prod\/hello/);
    const res = await fetch(`${dev.url}/Prod/hello`);
    assert.equal(res.status, 200);
  });

  test('a handler edit is served on the next request without a restart', async () => {
    const file = join(app.path, 'src', 'hello.mjs');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace(
        '`${process.env.GREETING}, ${name}!`',
        '`Edited, ${name}!`',
      ),
    );
    await waitFor(
      async () =>
        ((await (await fetch(`${dev.url}/hello/x`)).json()) as { message: string }).message ===
        'Edited, x!',
      10_000,
      'the edited handler',
    );
  });

  test('a template edit (new route) applies without a restart', async () => {
    const file = join(app.path, 'template.yaml');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace('Path: /hello/{name}', 'Path: /greet/{name}'),
    );
    await waitFor(
      async () => (await fetch(`${dev.url}/greet/y`)).status === 200,
      10_000,
      'the new route',
    );
    assert.equal((await fetch(`${dev.url}/hello/y`)).status, 404);
  });

  test(
    'the AWS CLI invokes a function through the AWS endpoint',
    { skip: !existsSync(AWS_CLI) && 'no AWS CLI' },
    () => {
      const dir = tempDir();
      try {
        const outFile = join(dir.path, 'out.json');
        const result = spawnSync(
          AWS_CLI,
          [
            'lambda',
            'invoke',
            '--function-name',
            'HelloFunction',
            '--endpoint-url',
            dev.awsEndpoint,
            '--payload',
            '{}',
            outFile,
          ],
          {
            env: {
              ...process.env,
              AWS_ACCESS_KEY_ID: 'x',
              AWS_SECRET_ACCESS_KEY: 'y',
              AWS_DEFAULT_REGION: 'us-east-1',
              AWS_PAGER: '',
            },
            encoding: 'utf8',
          },
        );
        assert.equal(result.status, 0, result.stderr);
        assert.equal((JSON.parse(result.stdout) as { StatusCode: number }).StatusCode, 200);
        assert.equal(JSON.parse(readFileSync(outFile, 'utf8')).statusCode, 200);
      } finally {
        dir.cleanup();
      }
    },
  );

  test('stratus invoke goes through the running server; stratus logs prints the function log', () => {
    const eventFile = join(app.path, 'events', 'hello.json');
    const invoked = spawnSync(
      process.execPath,
      [BIN, 'invoke', 'HelloFunction', '--event', eventFile],
      {
        cwd: app.path,
        encoding: 'utf8',
      },
    );
    assert.equal(invoked.status, 0, invoked.stderr);
    assert.match((JSON.parse(invoked.stdout) as { body: string }).body, /cli!/);
    const logs = spawnSync(process.execPath, [BIN, 'logs', 'HelloFunction'], {
      cwd: app.path,
      encoding: 'utf8',
    });
    assert.equal(logs.status, 0);
    assert.match(logs.stdout, /START RequestId: /);
    assert.match(logs.stdout, /REPORT RequestId: /);
  });

  test('stratus outbox shows the SMS and email messages SNS captured', async () => {
    const sns = new SNSClient({
      endpoint: dev.awsEndpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
    });
    try {
      await sns.send(
        new PublishCommand({ PhoneNumber: '+15555550100', Message: 'your code is 1234' }),
      );
    } finally {
      sns.destroy();
    }
    await waitFor(
      () => {
        const out = spawnSync(process.execPath, [BIN, 'outbox'], {
          cwd: app.path,
          encoding: 'utf8',
        });
        return (
          out.status === 0 &&
          out.stdout.includes('sms:+15555550100') &&
          out.stdout.includes('your code is 1234')
        );
      },
      10_000,
      'the SMS in the outbox',
    );
    const cleared = spawnSync(process.execPath, [BIN, 'outbox', '--clear'], {
      cwd: app.path,
      encoding: 'utf8',
    });
    assert.match(cleared.stdout, /deleted 1 message/);
  });

  test('a second stratus dev on the same SQLite store says so and exits', () => {
    const second = spawnSync(process.execPath, [BIN, 'dev', '--port', '0', '--aws-port', '0'], {
      cwd: app.path,
      encoding: 'utf8',
      timeout: 15_000,
    });
    assert.equal(second.status, 1);
    assert.match(second.stderr, /ERR_STORE_LOCKED/);
  });

  test('Ctrl-C stops cleanly', async () => {
    dev.child.kill('SIGINT');
    assert.equal(await dev.exited, 0);
  });
});

describe('stratus command errors', () => {
  test('a folder without a template exits non-zero with a clear message', () => {
    const dir = tempDir();
    try {
      const result = spawnSync(process.execPath, [BIN, 'dev', '--port', '0'], {
        cwd: dir.path,
        encoding: 'utf8',
      });
      assert.equal(result.status, 1);
      assert.match(result.stderr, /no template in .* \(ERR_TEMPLATE_NOT_FOUND\)/);
    } finally {
      dir.cleanup();
    }
  });

  test('stratus invoke without a running server runs the function in-process', () => {
    const app = copyApp(examplePath('hello'));
    try {
      const result = spawnSync(process.execPath, [BIN, 'invoke', 'FailFunction'], {
        cwd: app.path,
        encoding: 'utf8',
      });
      assert.equal(result.status, 1);
      assert.equal((JSON.parse(result.stdout) as { errorType: string }).errorType, 'OrderNotFound');
    } finally {
      app.cleanup();
    }
  });

  test('an unreachable PostgreSQL store exits non-zero naming the URL', () => {
    const result = spawnSync(
      process.execPath,
      [
        BIN,
        'start',
        '--port',
        '0',
        '--aws-port',
        '0',
        '--store',
        'postgres://nobody@127.0.0.1:1/none',
      ],
      { cwd: examplePath('hello'), encoding: 'utf8', timeout: 20_000 },
    );
    assert.equal(result.status, 1);
    assert.match(result.stderr, /postgres:\/\/nobody@127\.0\.0\.1:1\/none.*\(ERR_STORE_OPEN\)/);
  });

  test('an unknown command exits non-zero with usage', () => {
    const result = spawnSync(process.execPath, [BIN, 'frobnicate'], { encoding: 'utf8' });
    assert.equal(result.status, 1);
    assert.match(result.stderr, /unknown command 'frobnicate'/);
  });
});
