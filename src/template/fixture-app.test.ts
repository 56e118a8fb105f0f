import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createStableId } from '../core/ids.js';
import { loadTemplate } from './load-template.js';

/** The fixtures folder in the source tree, found from wherever the compiled test runs. */
function fixturesDir(): string {
  for (
    let dir = dirname(fileURLToPath(import.meta.url));
    dir !== dirname(dir);
    dir = dirname(dir)
  ) {
    const candidate = join(dir, 'src', 'template', 'fixtures');
    if (existsSync(candidate)) return candidate;
  }
  throw new Error('src/template/fixtures not found');
}

test('the heartbeat monitor fixture loads end to end', async () => {
  const templatePath = join(fixturesDir(), 'heartbeat', 'template.yaml');
  const model = await loadTemplate({
    templatePath,
    region: 'us-east-1',
    accountId: '123456789012',
    stackName: 'hb',
    awsEndpoint: 'http://127.0.0.1:4566',
  });
  assert.deepEqual(model.warnings, []);
  assert.deepEqual(model.functions.map((f) => f.name).sort(), [
    'AlertFunction',
    'ExpiryFunction',
    'HeartbeatFunction',
  ]);
  const heartbeat = model.functions.find((f) => f.name === 'HeartbeatFunction')!;
  assert.deepEqual(heartbeat.environment, {
    TABLE_NAME: 'hb-heartbeats',
    STAGE: 'dev',
    TTL_SECONDS: '60',
  });
  assert.deepEqual(heartbeat.layerDirs, [join(dirname(templatePath), 'layer')]);
  assert.equal(
    model.functions.find((f) => f.name === 'ExpiryFunction')!.environment['EMAIL'],
    undefined,
  );

  const api = model.restApis[0]!;
  assert.equal(api.id, createStableId('hb/Api'));
  assert.equal(api.stageName, 'dev');
  const post = api.routes.find((r) => r.method === 'POST')!;
  assert.equal(post.path, '/devices/{deviceId}/heartbeat');
  assert.equal(post.apiKeyRequired, true);
  const options = api.routes.find((r) => r.method === 'OPTIONS')!;
  assert.equal(
    options.apiKeyRequired,
    true,
    'SAM adds ApiKeyRequired to CORS preflights by default',
  );
  assert.deepEqual(
    model.resources
      .filter(
        (r) => r.type.startsWith('AWS::ApiGateway::Usage') || r.type === 'AWS::ApiGateway::ApiKey',
      )
      .map((r) => r.logicalId),
    ['ApiUsagePlan', 'ApiApiKey', 'ApiUsagePlanKey'],
  );
  assert.ok(model.resources.some((r) => r.logicalId === 'ApidevStage' && r.ref === 'dev'));

  const table = model.tables[0]!;
  assert.deepEqual(table.ttl, { attributeName: 'expiresAt', enabled: true });
  const streamEsm = model.eventSourceMappings.find((e) => e.functionName === 'ExpiryFunction')!;
  assert.equal(streamEsm.eventSourceArn, table.stream!.arn);
  assert.deepEqual(streamEsm.filterPatterns, ['{"eventName": ["REMOVE"]}']);
  assert.equal(streamEsm.batchSize, 10);
  assert.deepEqual(model.subscriptions[0]!.rawMessageDelivery, true);
  const alertQueue = model.queues.find((q) => q.logicalId === 'AlertQueue')!;
  assert.deepEqual(alertQueue.attributes['RedrivePolicy'], {
    deadLetterTargetArn: 'arn:aws:sqs:us-east-1:123456789012:AlertDlq',
    maxReceiveCount: 3,
  });
  assert.equal(
    model.outputs['ApiUrl'],
    `https://${api.id}.execute-api.us-east-1.amazonaws.com/dev/`,
  );
  assert.equal(model.outputs['TableName'], 'hb-heartbeats');

  const prod = await loadTemplate({
    templatePath,
    region: 'us-east-1',
    accountId: '123456789012',
    stackName: 'hb',
    awsEndpoint: 'http://x',
    parameterOverrides: { Stage: 'prod' },
  });
  assert.equal(
    prod.functions.find((f) => f.name === 'ExpiryFunction')!.environment['EMAIL'],
    'ops@example.com',
  );
  assert.equal(
    prod.functions.find((f) => f.name === 'HeartbeatFunction')!.environment['TTL_SECONDS'],
    '300',
  );
});
