#!/usr/bin/env node
// Messaging throughput, in one run:
// - SendMessage → ReceiveMessage → DeleteMessage through Stratus's SQS API (AWS SDK v3 client),
//   on the SQLite and PostgreSQL stores;
// - the same send / receive / delete on the raw store queue primitive (the ceiling);
// - the same workload on pg-boss, a PostgreSQL job queue people use (send / fetch / complete);
// - send → function invoked latency through an SQS event source mapping.
// Usage: node bench/messaging.js [--messages 2000] [--concurrency 8]
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
// The SDK warns on Node.js 20 that future releases need Node.js 22; not this benchmark's concern.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const ROOT = new URL('..', import.meta.url).pathname;
const { startStratus } = await import(join(ROOT, 'dist', 'src', 'index.js'));
const { openStore } = await import(join(ROOT, 'dist', 'src', 'store', 'index.js'));
const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '8' },
  },
});
const MESSAGES = Number(values.messages);
const CONCURRENCY = Number(values.concurrency);
const PG = process.env.STRATUS_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const tmp = mkdtempSync(join(tmpdir(), 'stratus-msg-bench-'));
const results = [];

/** Sends MESSAGES in batches, then receives and deletes them all; messages/s for the round. */
async function roundTrip(name, ops) {
  const started = performance.now();
  let sent = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (sent < MESSAGES) {
        const n = Math.min(10, MESSAGES - sent);
        sent += n;
        await ops.send(n);
      }
    }),
  );
  let done = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (done < MESSAGES) {
        const got = await ops.receiveAndDelete();
        done += got;
        if (got === 0 && done < MESSAGES) await new Promise((r) => setTimeout(r, 1));
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  results.push({ name, rate: MESSAGES / seconds });
}

function appDir() {
  const dir = join(tmp, `app${results.length}`);
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(
    join(dir, 'template.yaml'),
    `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  Triggered:
    Type: AWS::SQS::Queue
  Consumer:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      CodeUri: src/
      Handler: consumer.handler
      Events:
        Q:
          Type: SQS
          Properties: { Queue: !GetAtt Triggered.Arn, BatchSize: 1 }
`,
  );
  writeFileSync(join(dir, 'src', 'package.json'), '{"type":"commonjs"}');
  writeFileSync(
    join(dir, 'src', 'consumer.js'),
    "exports.handler = async (e) => { for (const r of e.Records) console.log('LATENCY ' + (Date.now() - Number(r.body))); };",
  );
  return dir;
}

async function stratusRun(label, store) {
  const lines = [];
  const stratus = await startStratus({
    cwd: appDir(),
    port: 0,
    awsPort: 0,
    store,
    logLevel: 'warn',
    printFunctionLogs: true,
    sink: { write: (l) => lines.push(l) },
  });
  const sqs = new SQSClient({
    endpoint: stratus.awsEndpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
  });
  try {
    const { QueueUrl } = await sqs.send(
      new CreateQueueCommand({ QueueName: `bench${Date.now()}` }),
    );
    await roundTrip(`Stratus SQS API (${label})`, {
      send: (n) =>
        sqs.send(
          new SendMessageBatchCommand({
            QueueUrl,
            Entries: Array.from({ length: n }, (_, i) => ({
              Id: String(i),
              MessageBody: 'x'.repeat(100),
            })),
          }),
        ),
      receiveAndDelete: async () => {
        const out = await sqs.send(
          new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }),
        );
        const messages = out.Messages ?? [];
        if (messages.length > 0) {
          await sqs.send(
            new DeleteMessageBatchCommand({
              QueueUrl,
              Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
            }),
          );
        }
        return messages.length;
      },
    });
    // send → function invoked, one message at a time.
    const triggered = stratus.model().queues[0].url;
    const samples = [];
    for (let i = 0; i < 30; i++) {
      const before = lines.length;
      await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: triggered,
          Entries: [{ Id: '1', MessageBody: String(Date.now()) }],
        }),
      );
      while (!lines.slice(before).some((l) => l.includes('LATENCY ')))
        await new Promise((r) => setTimeout(r, 2));
      const line = lines.slice(before).find((l) => l.includes('LATENCY '));
      samples.push(Number(/LATENCY (\d+)/.exec(line)[1]));
    }
    samples.sort((a, b) => a - b);
    results.push({
      name: `send → function invoked (${label}), p50 / p90 ms`,
      latency: `${samples[15]} / ${samples[27]}`,
    });
  } finally {
    sqs.destroy();
    await stratus.stop();
  }
}

async function rawStore(label, location) {
  const store = await openStore(location);
  const queue = `bench-raw-${Date.now()}`;
  try {
    await roundTrip(`raw store queue (${label})`, {
      send: async (n) => {
        for (let i = 0; i < n; i++) await store.queues.send(queue, { body: 'x'.repeat(100) });
      },
      receiveAndDelete: async () => {
        const got = await store.queues.receive(queue, { max: 10, visibilityTimeoutMs: 30_000 });
        for (const m of got) await store.queues.delete(queue, m.receiptHandle);
        return got.length;
      },
    });
  } finally {
    await store.close();
  }
}

async function pgBoss() {
  const require = createRequire(join(ROOT, 'bench', 'package.json'));
  const PgBoss = require('pg-boss');
  const boss = new PgBoss({ connectionString: PG, schema: `pgboss_bench_${Date.now()}` });
  boss.on('error', () => {});
  await boss.start();
  const name = 'bench';
  await boss.createQueue(name);
  try {
    await roundTrip('pg-boss (PostgreSQL)', {
      send: (n) =>
        boss.insert(Array.from({ length: n }, () => ({ name, data: { body: 'x'.repeat(100) } }))),
      receiveAndDelete: async () => {
        const jobs = await boss.fetch(name, { batchSize: 10 });
        if (jobs && jobs.length > 0)
          await boss.complete(
            name,
            jobs.map((j) => j.id),
          );
        return jobs?.length ?? 0;
      },
    });
  } finally {
    await boss.stop({ graceful: false });
  }
}

try {
  await stratusRun('SQLite', join(tmp, 'stratus.db'));
  await rawStore('SQLite', { kind: 'sqlite', path: join(tmp, 'raw.db') });
  try {
    await stratusRun('PostgreSQL', `${PG}?schema=bench_${Date.now()}`);
    await rawStore('PostgreSQL', { kind: 'postgres', url: PG, schema: `bench_raw_${Date.now()}` });
    await pgBoss();
  } catch (e) {
    console.error(`PostgreSQL runs skipped: ${e.message}`);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

console.log(`\n## Messaging (${MESSAGES} messages, batches of 10, ${CONCURRENCY} in flight)\n`);
console.log('| workload | messages/s (send + receive + delete) |');
console.log('| --- | ---: |');
for (const r of results)
  console.log(`| ${r.name} | ${r.rate === undefined ? r.latency : Math.round(r.rate)} |`);
