// Stream mappings and TTL survive a restart: the checkpoint lives in the store, so records are
// not delivered again, and an item that expires while Stratus is down is swept when it is back.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import {
  fixturePath,
  sdkConfig,
  startTestStratus,
  tempDir,
  waitFor,
  type TestStratus,
} from '../helpers/stratus.js';

const state = tempDir('stratus-streams-restart-');
after(() => state.cleanup());

async function start(): Promise<{ stratus: TestStratus; ddb: DynamoDBClient }> {
  const stratus = await startTestStratus(fixturePath('ddb-streams-app'), {
    store: join(state.path, 'store.db'),
  });
  return { stratus, ddb: new DynamoDBClient(sdkConfig(stratus)) };
}

test('after a restart the trigger resumes from its checkpoint and TTL sweeps what expired meanwhile', async () => {
  const first = await start();
  await first.ddb.send(new PutItemCommand({ TableName: 'Orders', Item: { id: { S: 'r1' } } }));
  await waitFor(
    () => first.stratus.logs.lines.some((l) => l.includes('ORDERS INSERT:r1')),
    5000,
    'the first record',
  );
  const expiresAt = Math.ceil(Date.now() / 1000) + 1;
  await first.ddb.send(
    new PutItemCommand({
      TableName: 'Heartbeats',
      Item: { deviceId: { S: 'while-down' }, expiresAt: { N: String(expiresAt) } },
    }),
  );
  first.ddb.destroy();
  await first.stratus.stop();
  await new Promise((r) => setTimeout(r, Math.max(0, expiresAt * 1000 - Date.now() + 100)));

  const second = await start();
  try {
    await second.ddb.send(new PutItemCommand({ TableName: 'Orders', Item: { id: { S: 'r2' } } }));
    await waitFor(
      () => second.stratus.logs.lines.some((l) => l.includes('ORDERS INSERT:r2')),
      5000,
      'the record written after the restart',
    );
    await waitFor(
      () => second.stratus.logs.lines.some((l) => l.includes('OFFLINE while-down')),
      5000,
      'the item that expired while Stratus was down',
    );
    assert.ok(!second.stratus.logs.lines.some((l) => l.includes('ORDERS INSERT:r1')));
  } finally {
    second.ddb.destroy();
    await second.stratus.stop();
  }
});
