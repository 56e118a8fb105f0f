#!/usr/bin/env node
// DynamoDB data-plane throughput: the same AWS SDK v3 client against Stratus (SQLite store, and
// PostgreSQL when reachable) and dynalite, each server in its own process, in one run.
// Workloads: PutItem, GetItem, Query returning 10 items, BatchWriteItem of 25 items. A server
// that answers without doing any work shows how far the client itself lets any server go.
// Usage: node bench/dynamodb.js [--seconds 5] [--concurrency 8]
import { spawnSync } from 'node:child_process';
import { startProcess, stop, stratusStartArgs, WRK } from './processes.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
} from '@aws-sdk/client-dynamodb';
// The SDK warns on Node.js 20 that future releases need Node.js 22; not this benchmark's concern.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const ROOT = new URL('..', import.meta.url).pathname;
const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '8' },
  },
});
const SECONDS = Number(values.seconds);
const tmp = mkdtempSync(join(tmpdir(), 'stratus-ddb-bench-'));
const CONCURRENCY = Number(values.concurrency);

/** Starts a server and resolves with its AWS endpoint once it prints it. */
async function serve(command, args, pattern, cwd = ROOT) {
  const { child, match } = await startProcess(command, args, cwd, pattern);
  return { child, endpoint: match[1] };
}

const AUTH =
  'AWS4-HMAC-SHA256 Credential=bench/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=0000';

/** Server capacity without the SDK's client-side cost: wrk replays one prepared request. */
function raw(endpoint, table, op, body) {
  if (WRK === undefined) return undefined;
  const script = join(tmp, `${op}.lua`);
  writeFileSync(
    script,
    `wrk.method = "POST"\nwrk.body = ${JSON.stringify(JSON.stringify(body))}\n` +
      `wrk.headers["Content-Type"] = "application/x-amz-json-1.0"\n` +
      `wrk.headers["X-Amz-Target"] = "DynamoDB_20120810.${op}"\n` +
      `wrk.headers["X-Amz-Date"] = "20260101T000000Z"\n` +
      `wrk.headers["Authorization"] = "${AUTH}"\n`,
  );
  const r = spawnSync(WRK, ['-t1', `-c${CONCURRENCY}`, `-d${SECONDS}s`, '-s', script, endpoint], {
    encoding: 'utf8',
  });
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(r.stdout)?.[1] ?? 0);
  if (non2xx > 0) return NaN;
  return Number(/Requests\/sec:\s+([\d.]+)/.exec(r.stdout)?.[1] ?? NaN);
}

async function run(endpoint) {
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    maxAttempts: 1,
  });
  const table = `bench${Date.now()}`;
  await client.send(
    new CreateTableCommand({
      TableName: table,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'N' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
    }),
  );
  await new Promise((r) => setTimeout(r, 200));
  const item = (pk, sk) => ({
    pk: { S: pk },
    sk: { N: String(sk) },
    name: { S: `item ${sk}` },
    n: { N: '42' },
  });
  for (let i = 0; i < 10; i++)
    await client.send(new PutItemCommand({ TableName: table, Item: item('q', i) }));
  let counter = 0;
  const workloads = {
    PutItem: () =>
      client.send(new PutItemCommand({ TableName: table, Item: item(`p${counter++ % 1000}`, 1) })),
    GetItem: () =>
      client.send(
        new GetItemCommand({ TableName: table, Key: { pk: { S: 'q' }, sk: { N: '3' } } }),
      ),
    'Query (10 items)': () =>
      client.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': { S: 'q' } },
        }),
      ),
    'BatchWriteItem (25)': () => {
      const base = counter++ * 25;
      return client.send(
        new BatchWriteItemCommand({
          RequestItems: {
            [table]: Array.from({ length: 25 }, (_, i) => ({
              PutRequest: { Item: item(`b${base + i}`, i) },
            })),
          },
        }),
      );
    },
  };
  const results = {};
  for (const [name, op] of Object.entries(workloads)) {
    for (let i = 0; i < 50; i++) await op(); // warm-up
    let done = 0;
    const deadline = performance.now() + SECONDS * 1000;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (performance.now() < deadline) {
          await op();
          done++;
        }
      }),
    );
    results[name] = done / ((performance.now() - started) / 1000);
  }
  const rawBodies = {
    PutItem: { TableName: table, Item: item('raw', 1) },
    GetItem: { TableName: table, Key: { pk: { S: 'q' }, sk: { N: '3' } } },
    Query: {
      TableName: table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': { S: 'q' } },
    },
  };
  for (const [op, body] of Object.entries(rawBodies)) {
    const rps = raw(endpoint, table, op, body);
    if (rps !== undefined) results[`${op} (raw HTTP)`] = rps;
  }
  client.destroy();
  return results;
}

const peers = {};
const empty = join(tmp, 'app');
await import('node:fs').then((fs) => {
  fs.mkdirSync(empty);
  fs.writeFileSync(
    join(empty, 'template.yaml'),
    "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Unused:\n    Type: AWS::SQS::Queue\n",
  );
});
try {
  const template = ['--template', join(empty, 'template.yaml')];
  const stratus = await serve(
    process.execPath,
    stratusStartArgs(join(tmp, 'store.db'), template),
    /aws (http:\/\/\S+)/,
  );
  peers['stratus (sqlite)'] = await run(stratus.endpoint);
  await stop(stratus.child);

  const pgUrl = process.env.STRATUS_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  try {
    const pg = await serve(
      process.execPath,
      stratusStartArgs(`${pgUrl}?schema=bench_${Date.now()}`, template),
      /aws (http:\/\/\S+)/,
    );
    peers['stratus (postgres)'] = await run(pg.endpoint);
    await stop(pg.child);
  } catch (e) {
    console.error(`PostgreSQL engine skipped: ${e.message.split('\n')[0]}`);
  }

  const dynalite = await serve(
    process.execPath,
    [
      '-e',
      "const s=require('dynalite')({createTableMs:0,deleteTableMs:0,updateTableMs:0});s.listen(0,'127.0.0.1',()=>console.log('aws http://127.0.0.1:'+s.address().port))",
    ],
    /aws (http:\/\/\S+)/,
    join(ROOT, 'bench'),
  );
  peers['dynalite'] = await run(dynalite.endpoint);
  await stop(dynalite.child);

  const canned = await serve(
    process.execPath,
    [join(ROOT, 'bench', 'peers', 'canned-dynamodb.js')],
    /aws (http:\/\/\S+)/,
  );
  peers['canned answers'] = await run(canned.endpoint);
  await stop(canned.child);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

const names = Object.keys(peers);
const ops = Object.keys(peers[names[0]]);
console.log(
  `\n## DynamoDB (${CONCURRENCY} requests in flight, ${SECONDS} s each; SDK rows use one AWS SDK v3 client, raw rows replay a prepared request with wrk)\n`,
);
console.log(
  `| operation | ${names.map((n) => `${n} ops/s`).join(' | ')} | stratus (sqlite) / dynalite | canned answers / dynalite |`,
);
console.log(`| --- | ${names.map(() => '---:').join(' | ')} | ---: | ---: |`);
for (const op of ops) {
  const row = names.map((n) => Math.round(peers[n][op]));
  const ratio = (name) => `${(peers[name][op] / peers['dynalite'][op]).toFixed(2)}×`;
  console.log(
    `| ${op} | ${row.join(' | ')} | ${ratio('stratus (sqlite)')} | ${ratio('canned answers')} |`,
  );
}
console.log(
  '\n"canned answers" is a server that does no work (peers/canned-dynamodb.js): the most any server can reach with this client on this machine, so its ratio to dynalite is the highest ratio any server could show here.',
);
