// Template deploy of DynamoDB tables: a reload that adds a GSI backfills it and keeps every item;
// the stream ARN is the template's `!GetAtt T.StreamArn`.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import {
  copyApp,
  fixturePath,
  sdkConfig,
  startTestStratus,
  type TestStratus,
} from '../helpers/stratus.js';

describe('dynamodb template deploy', () => {
  let app: { path: string; cleanup: () => void };
  let stratus: TestStratus;
  let ddb: DynamoDBClient;

  before(async () => {
    app = copyApp(fixturePath('dynamodb-app'));
    stratus = await startTestStratus(app.path, { watch: false });
    ddb = new DynamoDBClient(sdkConfig(stratus));
  });

  after(async () => {
    ddb.destroy();
    await stratus.stop();
    app.cleanup();
  });

  test('the stream ARN is the one the template resolves for !GetAtt StreamArn', async () => {
    const { Table } = await ddb.send(new DescribeTableCommand({ TableName: 'Orders' }));
    const model = stratus.model().tables.find((t) => t.name === 'Orders');
    assert.ok(model?.stream);
    assert.equal(Table?.LatestStreamArn, model.stream.arn);
    assert.equal(
      Table?.LatestStreamLabel,
      model.stream.arn.slice(model.stream.arn.lastIndexOf('/') + 1),
    );
  });

  test('a reload adding a GSI and disabling TTL keeps the items and backfills the index', async () => {
    for (let i = 0; i < 5; i++) {
      await ddb.send(
        new PutItemCommand({
          TableName: 'Orders',
          Item: {
            pk: { S: 'r' },
            sk: { N: String(i) },
            ...(i % 2 === 0 ? { note: { S: `n${i % 4}` } } : {}),
          },
        }),
      );
    }
    const templatePath = join(app.path, 'template.yaml');
    const template = readFileSync(templatePath, 'utf8')
      .replace(
        '        - AttributeName: placedAt\n          AttributeType: S\n',
        '        - AttributeName: placedAt\n          AttributeType: S\n        - AttributeName: note\n          AttributeType: S\n',
      )
      .replace(
        '      GlobalSecondaryIndexes:\n',
        '      GlobalSecondaryIndexes:\n        - IndexName: byNote\n          KeySchema:\n            - AttributeName: note\n              KeyType: HASH\n          Projection:\n            ProjectionType: ALL\n',
      )
      .replace('        Enabled: true', '        Enabled: false');
    writeFileSync(templatePath, template);
    await stratus.reload();
    const { Table } = await ddb.send(new DescribeTableCommand({ TableName: 'Orders' }));
    assert.deepEqual(Table?.GlobalSecondaryIndexes?.map((i) => i.IndexName).sort(), [
      'byNote',
      'byStatus',
    ]);
    const byNote = Table?.GlobalSecondaryIndexes?.find((i) => i.IndexName === 'byNote');
    assert.equal(byNote?.ItemCount, 3);
    const scan = await ddb.send(new ScanCommand({ TableName: 'Orders', Select: 'COUNT' }));
    assert.equal(scan.Count, 5);
    const q = await ddb.send(
      new QueryCommand({
        TableName: 'Orders',
        IndexName: 'byNote',
        KeyConditionExpression: 'note = :n',
        ExpressionAttributeValues: { ':n': { S: 'n0' } },
      }),
    );
    assert.deepEqual(q.Items?.map((i) => i['sk']?.N).sort(), ['0', '4']);
    const ttl = await ddb.send(new DescribeTimeToLiveCommand({ TableName: 'Orders' }));
    assert.equal(ttl.TimeToLiveDescription?.TimeToLiveStatus, 'DISABLED');
    // A second reload of the same template changes nothing.
    await stratus.reload();
    const again = await ddb.send(new DescribeTableCommand({ TableName: 'Orders' }));
    assert.equal(again.Table?.TableId, Table?.TableId);
    assert.equal(again.Table?.ItemCount, 5);
  });
});
