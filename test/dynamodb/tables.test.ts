// DynamoDB tables end to end: CreateTable / DescribeTable / UpdateTable / DeleteTable / ListTables,
// tags, TTL, the common mistakes of the spec's catalogue with their exact texts, the wire details
// (CRC32, error namespaces), restart durability and the AWS CLI.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { crc32 } from 'node:zlib';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  GetItemCommand,
  ListTablesCommand,
  ListTagsOfResourceCommand,
  PutItemCommand,
  QueryCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateItemCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  paginateListTables,
} from '@aws-sdk/client-dynamodb';
import {
  fixturePath,
  sdkConfig,
  startTestStratus,
  tempDir,
  type TestStratus,
} from '../helpers/stratus.js';

const run = promisify(execFile);
const AWS_CLI = '/usr/bin/aws';

describe('dynamodb tables', () => {
  let stratus: TestStratus;
  let ddb: DynamoDBClient;

  before(async () => {
    stratus = await startTestStratus(fixturePath('dynamodb-app'));
    ddb = new DynamoDBClient(sdkConfig(stratus));
  });

  after(async () => {
    ddb.destroy();
    await stratus.stop();
  });

  async function raw(
    target: string,
    body: string,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    return fetch(stratus.awsEndpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': `DynamoDB_20120810.${target}`,
        authorization:
          'AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=x',
        ...headers,
      },
      body,
    });
  }

  test('CreateTable, DescribeTable, ListTables paging and DeleteTable', async () => {
    const created = await ddb.send(
      new CreateTableCommand({
        TableName: 'Made',
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        ProvisionedThroughput: { ReadCapacityUnits: 2, WriteCapacityUnits: 3 },
        Tags: [{ Key: 'a', Value: '1' }],
      }),
    );
    assert.equal(created.TableDescription?.TableStatus, 'ACTIVE');
    assert.equal(
      created.TableDescription?.TableArn,
      'arn:aws:dynamodb:us-east-1:123456789012:table/Made',
    );
    assert.equal(created.TableDescription?.ProvisionedThroughput?.WriteCapacityUnits, 3);
    await assert.rejects(
      ddb.send(
        new CreateTableCommand({
          TableName: 'Made',
          AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      ),
      { name: 'ResourceInUseException', message: 'Table already exists: Made' },
    );
    await ddb.send(
      new PutItemCommand({ TableName: 'Made', Item: { id: { S: 'x' }, v: { S: 'hello' } } }),
    );
    const described = await ddb.send(new DescribeTableCommand({ TableName: 'Made' }));
    assert.equal(described.Table?.ItemCount, 1);
    assert.equal(described.Table?.TableSizeBytes, 2 + 1 + 1 + 5);
    const names: string[] = [];
    for await (const page of paginateListTables({ client: ddb, pageSize: 1 }, {}))
      names.push(...(page.TableNames ?? []));
    assert.deepEqual(names, ['Made', 'Orders', 'Sessions']);
    const deleted = await ddb.send(new DeleteTableCommand({ TableName: 'Made' }));
    assert.equal(deleted.TableDescription?.TableStatus, 'DELETING');
    await assert.rejects(ddb.send(new DescribeTableCommand({ TableName: 'Made' })), {
      name: 'ResourceNotFoundException',
      message: 'Requested resource not found: Table: Made not found',
    });
    await assert.rejects(
      ddb.send(new GetItemCommand({ TableName: 'Made', Key: { id: { S: 'x' } } })),
      {
        name: 'ResourceNotFoundException',
        message: 'Requested resource not found',
      },
    );
    await ddb.send(
      new CreateTableCommand({
        TableName: 'Made',
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    const fresh = await ddb.send(
      new GetItemCommand({ TableName: 'Made', Key: { id: { S: 'x' } } }),
    );
    assert.equal(fresh.Item, undefined);
    await ddb.send(new DeleteTableCommand({ TableName: 'Made' }));
  });

  test('UpdateTable adds a GSI backfilled from existing items, enables a new stream, drops the GSI', async () => {
    await ddb.send(
      new CreateTableCommand({
        TableName: 'Grow',
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    await ddb.send(
      new PutItemCommand({ TableName: 'Grow', Item: { id: { S: '1' }, color: { S: 'red' } } }),
    );
    await ddb.send(
      new PutItemCommand({ TableName: 'Grow', Item: { id: { S: '2' }, color: { N: '5' } } }),
    );
    await ddb.send(new PutItemCommand({ TableName: 'Grow', Item: { id: { S: '3' } } }));
    const updated = await ddb.send(
      new UpdateTableCommand({
        TableName: 'Grow',
        AttributeDefinitions: [{ AttributeName: 'color', AttributeType: 'S' }],
        GlobalSecondaryIndexUpdates: [
          {
            Create: {
              IndexName: 'byColor',
              KeySchema: [{ AttributeName: 'color', KeyType: 'HASH' }],
              Projection: { ProjectionType: 'ALL' },
            },
          },
        ],
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' },
      }),
    );
    assert.equal(updated.TableDescription?.GlobalSecondaryIndexes?.[0]?.ItemCount, 1);
    const arn = updated.TableDescription?.LatestStreamArn;
    assert.match(arn ?? '', /table\/Grow\/stream\/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}$/);
    const q = await ddb.send(
      new QueryCommand({
        TableName: 'Grow',
        IndexName: 'byColor',
        KeyConditionExpression: 'color = :c',
        ExpressionAttributeValues: { ':c': { S: 'red' } },
      }),
    );
    assert.deepEqual(q.Items, [{ id: { S: '1' }, color: { S: 'red' } }]);
    await assert.rejects(
      ddb.send(
        new PutItemCommand({ TableName: 'Grow', Item: { id: { S: '4' }, color: { N: '1' } } }),
      ),
      {
        name: 'ValidationException',
        message:
          'One or more parameter values were invalid: Type mismatch for Index Key color Expected: S Actual: N IndexName: byColor',
      },
    );
    await assert.rejects(
      ddb.send(
        new UpdateTableCommand({
          TableName: 'Grow',
          StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' },
        }),
      ),
      { name: 'ResourceInUseException' },
    );
    await ddb.send(
      new UpdateTableCommand({ TableName: 'Grow', StreamSpecification: { StreamEnabled: false } }),
    );
    const again = await ddb.send(
      new UpdateTableCommand({
        TableName: 'Grow',
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
      }),
    );
    assert.notEqual(again.TableDescription?.LatestStreamArn, arn);
    const dropped = await ddb.send(
      new UpdateTableCommand({
        TableName: 'Grow',
        GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: 'byColor' } }],
      }),
    );
    assert.equal(dropped.TableDescription?.GlobalSecondaryIndexes, undefined);
    await assert.rejects(ddb.send(new UpdateTableCommand({ TableName: 'Grow' })), {
      name: 'ValidationException',
      message:
        'At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is required',
    });
  });

  test('tags and TTL', async () => {
    const arn = 'arn:aws:dynamodb:us-east-1:123456789012:table/Orders';
    const initial = await ddb.send(new ListTagsOfResourceCommand({ ResourceArn: arn }));
    assert.deepEqual(initial.Tags, [{ Key: 'team', Value: 'checkout' }]);
    await ddb.send(
      new TagResourceCommand({
        ResourceArn: arn,
        Tags: [
          { Key: 'env', Value: 'dev' },
          { Key: 'team', Value: 'core' },
        ],
      }),
    );
    await ddb.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ['env'] }));
    const tags = await ddb.send(new ListTagsOfResourceCommand({ ResourceArn: arn }));
    assert.deepEqual(tags.Tags, [{ Key: 'team', Value: 'core' }]);
    await assert.rejects(ddb.send(new ListTagsOfResourceCommand({ ResourceArn: 'nope' })), {
      name: 'ValidationException',
      message: 'Invalid TableArn: Invalid ResourceArn provided as input nope',
    });
    await assert.rejects(
      ddb.send(
        new ListTagsOfResourceCommand({
          ResourceArn: 'arn:aws:dynamodb:us-east-1:123456789012:table/Missing',
        }),
      ),
      { name: 'AccessDeniedException' },
    );
    const ttl = await ddb.send(new DescribeTimeToLiveCommand({ TableName: 'Orders' }));
    assert.deepEqual(ttl.TimeToLiveDescription, {
      TimeToLiveStatus: 'ENABLED',
      AttributeName: 'expiresAt',
    });
    await assert.rejects(
      ddb.send(
        new UpdateTimeToLiveCommand({
          TableName: 'Orders',
          TimeToLiveSpecification: { Enabled: true, AttributeName: 'other' },
        }),
      ),
      { name: 'ValidationException', message: 'TimeToLive is active on a different AttributeName' },
    );
    const sessions = await ddb.send(
      new UpdateTimeToLiveCommand({
        TableName: 'Sessions',
        TimeToLiveSpecification: { Enabled: true, AttributeName: 'ttl' },
      }),
    );
    assert.deepEqual(sessions.TimeToLiveSpecification, { Enabled: true, AttributeName: 'ttl' });
  });

  test('the common mistakes of §5.2 get AWS text', async () => {
    const cases: [string, string, string][] = [
      [
        'GetItem',
        '{"Key":{"id":{"S":"a"}}}',
        "1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null",
      ],
      [
        'DescribeTable',
        '{}',
        "The parameter 'TableName' is required but was not present in the request",
      ],
      [
        'GetItem',
        '{"TableName":"","Key":{"id":{"S":"a"}}}',
        "1 validation error detected: Value '' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 1",
      ],
      [
        'CreateTable',
        '{"TableName":"ab","AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}],"KeySchema":[{"AttributeName":"id","KeyType":"HASH"}]}',
        "1 validation error detected: Value 'ab' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3",
      ],
      [
        'CreateTable',
        '{"TableName":"bad table!@#","AttributeDefinitions":[],"KeySchema":[]}',
        "1 validation error detected: Value 'bad table!@#' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
      ],
      [
        'GetItem',
        '{"TableName":"Sessions","Key":{"id":{"S":"a"}},"ReturnConsumedCapacity":"Garbage"}',
        "1 validation error detected: Value 'Garbage' at 'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]",
      ],
      [
        'GetItem',
        '{"TableName":"Sessions","Key":{"nope":{"S":"a"}}}',
        'The provided key element does not match the schema',
      ],
      [
        'GetItem',
        '{"TableName":"Sessions"}',
        "1 validation error detected: Value null at 'key' failed to satisfy constraint: Member must not be null",
      ],
      [
        'PutItem',
        '{"TableName":"Orders","Item":{"pk":{"S":"a"}}}',
        'One or more parameter values were invalid: Missing the key sk in the item',
      ],
      [
        'PutItem',
        '{"TableName":"Orders","Item":{"pk":{"N":"1"},"sk":{"N":"1"}}}',
        'One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N',
      ],
      [
        'PutItem',
        '{"TableName":"Sessions","Item":{"id":{"S":""}}}',
        'One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: id',
      ],
      [
        'PutItem',
        '{"TableName":"Orders","Item":{"pk":{"S":"a"},"sk":{"N":"1"},"status":{"S":""}}}',
        'One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty string value. IndexName: byStatus, IndexKey: status',
      ],
      [
        'PutItem',
        `{"TableName":"Sessions","Item":{"id":{"S":"${'k'.repeat(2049)}"}}}`,
        'One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes',
      ],
      [
        'UpdateItem',
        '{"TableName":"Sessions","Key":{"id":{"S":"a"}},"UpdateExpression":"SET id = :v","ExpressionAttributeValues":{":v":{"S":"b"}}}',
        'One or more parameter values were invalid: Cannot update attribute id. This attribute is part of the key',
      ],
      [
        'PutItem',
        '{"TableName":"Sessions","Item":{"id":{"S":"a"},"n":{"NULL":false}}}',
        'One or more parameter values were invalid: Null attribute value types must have the value of true',
      ],
      [
        'PutItem',
        '{"TableName":"Sessions","Item":{"id":{"S":"a"},"s":{"SS":[]}}}',
        'One or more parameter values were invalid: An string set  may not be empty',
      ],
      [
        'PutItem',
        '{"TableName":"Sessions","Item":{"id":{"S":"a"},"n":{"N":"abc"}}}',
        'The parameter cannot be converted to a numeric value: abc',
      ],
      [
        'PutItem',
        '{"TableName":"Sessions","Item":{"id":{"S":"a"}},"ConditionExpression":"status = :s","ExpressionAttributeValues":{":s":{"S":"x"}}}',
        'Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: status',
      ],
      [
        'PutItem',
        '{"TableName":"Sessions","Item":{"id":{"S":"a"}},"ConditionExpression":"#a = :s","ExpressionAttributeNames":{"#a":"a","#b":"b"},"ExpressionAttributeValues":{":s":{"S":"x"}}}',
        'Value provided in ExpressionAttributeNames unused in expressions: keys: {#b}',
      ],
      [
        'PutItem',
        '{"TableName":"Sessions","Item":{"id":{"S":"a"}},"ExpressionAttributeValues":{":s":{"S":"x"}}}',
        'ExpressionAttributeValues can only be specified when using expressions: ConditionExpression is null',
      ],
      [
        'UpdateItem',
        '{"TableName":"Sessions","Key":{"id":{"S":"a"}},"UpdateExpression":"SET a = :v","AttributeUpdates":{"b":{"Action":"DELETE"}},"ExpressionAttributeValues":{":v":{"S":"b"}}}',
        'Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {AttributeUpdates} Expression parameters: {UpdateExpression}',
      ],
      [
        'UpdateItem',
        '{"TableName":"Sessions","Key":{"id":{"S":"a"}},"UpdateExpression":""}',
        'Invalid UpdateExpression: The expression can not be empty;',
      ],
      [
        'UpdateItem',
        '{"TableName":"Sessions","Key":{"id":{"S":"zz"}},"UpdateExpression":"SET x = x + :v","ExpressionAttributeValues":{":v":{"N":"1"}}}',
        'The provided expression refers to an attribute that does not exist in the item',
      ],
      [
        'CreateTable',
        '{"TableName":"Bad1","AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}],"KeySchema":[{"AttributeName":"id","KeyType":"HASH"}]}',
        'One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED',
      ],
      [
        'CreateTable',
        '{"TableName":"Bad2","AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"},{"AttributeName":"x","AttributeType":"S"}],"KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],"BillingMode":"PAY_PER_REQUEST"}',
        'One or more parameter values were invalid: Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions',
      ],
      [
        'CreateTable',
        '{"TableName":"Bad3","AttributeDefinitions":[{"AttributeName":"id","AttributeType":"SS"}],"KeySchema":[{"AttributeName":"id","KeyType":"SORT"}]}',
        "2 validation errors detected: Value 'SS' at 'attributeDefinitions.1.member.attributeType' failed to satisfy constraint: Member must satisfy enum value set: [B, N, S]; Value 'SORT' at 'keySchema.1.member.keyType' failed to satisfy constraint: Member must satisfy enum value set: [HASH, RANGE]",
      ],
      [
        'ListTables',
        '{"Limit":101}',
        "1 validation error detected: Value '101' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100",
      ],
    ];
    for (const [target, body, message] of cases) {
      const res = await raw(target, body);
      const json = (await res.json()) as Record<string, unknown>;
      assert.equal(json['message'] ?? json['Message'], message, `${target} ${body.slice(0, 120)}`);
      assert.equal(res.status, 400);
    }
  });

  test('wire details: error namespaces, Message spelling, CRC32, SerializationException, unknown operation', async () => {
    const res = await raw('GetItem', '{"TableName":"Sessions","Key":{"id":{"N":5}}}');
    const text = await res.text();
    assert.equal(
      text,
      '{"__type":"com.amazon.coral.service#SerializationException","Message":"NUMBER_VALUE cannot be converted to String"}',
    );
    assert.equal(res.headers.get('x-amz-crc32'), String(crc32(Buffer.from(text))));
    assert.ok(res.headers.get('x-amzn-requestid'));
    const validation = await raw('GetItem', '{"TableName":"Sessions","Key":{}}');
    assert.equal(
      await validation.text(),
      '{"__type":"com.amazon.coral.validate#ValidationException","message":"The provided key element does not match the schema"}',
    );
    const missing = await raw('GetItem', '{"TableName":"Nope","Key":{"id":{"S":"a"}}}');
    assert.equal(
      await missing.text(),
      '{"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException","message":"Requested resource not found"}',
    );
    const unknown = await raw('Frobnicate', '{}');
    assert.equal(
      await unknown.text(),
      '{"__type":"com.amazon.coral.service#UnknownOperationException"}',
    );
    const streams = await fetch(stratus.awsEndpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'DynamoDBStreams_20120810.Frobnicate',
        authorization:
          'AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=x',
      },
      body: '{}',
    });
    assert.equal(
      await streams.text(),
      '{"__type":"com.amazon.coral.service#UnknownOperationException"}',
    );
    const limit = await raw('Query', '{"TableName":"Sessions","Limit":"5"}');
    assert.equal(
      ((await limit.json()) as { Message: string }).Message,
      'STRING_VALUE cannot be converted to Integer',
    );
    const xml = await raw('ListTables', '{}', { 'content-type': 'text/plain' });
    assert.equal(xml.status, 404);
    assert.equal(await xml.text(), '<UnknownOperationException/>\n');
    const unsigned = await fetch(stratus.awsEndpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'DynamoDB_20120810.ListTables',
      },
      body: '{}',
    });
    assert.equal(
      await unsigned.text(),
      '{"__type":"com.amazon.coral.service#MissingAuthenticationTokenException","message":"Request is missing Authentication Token"}',
    );
    const gsiType = await raw(
      'UpdateItem',
      '{"TableName":"Orders","Key":{"pk":{"S":"a"},"sk":{"N":"1"}},"UpdateExpression":"SET #s = :n","ExpressionAttributeNames":{"#s":"status"},"ExpressionAttributeValues":{":n":{"N":"1"}}}',
    );
    assert.equal(
      ((await gsiType.json()) as { message: string }).message,
      'One or more parameter values were invalid: Type mismatch for Index Key status Expected: S Actual: N IndexName: byStatus',
    );
    const empty = await raw('ListTables', '{}');
    const emptyBody = await empty.text();
    assert.match(emptyBody, /^\{"TableNames":\[/);
    assert.equal(empty.headers.get('content-type'), 'application/x-amz-json-1.0');
  });

  test(
    'the AWS CLI works against the endpoint',
    { skip: !existsSync(AWS_CLI) && 'no AWS CLI' },
    async () => {
      const env = {
        ...process.env,
        AWS_ACCESS_KEY_ID: 'AKID',
        AWS_SECRET_ACCESS_KEY: 'secret',
        AWS_DEFAULT_REGION: 'us-east-1',
        AWS_PAGER: '',
      };
      const cli = (...args: string[]): Promise<{ stdout: string }> =>
        run(
          AWS_CLI,
          ['--endpoint-url', stratus.awsEndpoint, 'dynamodb', ...args, '--output', 'json'],
          { env },
        );
      const list = JSON.parse((await cli('list-tables')).stdout) as { TableNames: string[] };
      assert.ok(list.TableNames.includes('Orders'));
      await cli(
        'put-item',
        '--table-name',
        'Sessions',
        '--item',
        '{"id":{"S":"cli"},"n":{"N":"7"}}',
      );
      const got = JSON.parse(
        (await cli('get-item', '--table-name', 'Sessions', '--key', '{"id":{"S":"cli"}}')).stdout,
      ) as { Item: unknown };
      assert.deepEqual(got.Item, { id: { S: 'cli' }, n: { N: '7' } });
      const q = JSON.parse(
        (
          await cli(
            'query',
            '--table-name',
            'Sessions',
            '--key-condition-expression',
            'id = :i',
            '--expression-attribute-values',
            '{":i":{"S":"cli"}}',
          )
        ).stdout,
      ) as { Count: number };
      assert.equal(q.Count, 1);
      await assert.rejects(
        cli('describe-table', '--table-name', 'Nope'),
        (e: { stderr: string }) =>
          e.stderr.includes('ResourceNotFoundException') &&
          e.stderr.includes('Requested resource not found: Table: Nope not found'),
      );
    },
  );
});

describe('dynamodb durability', () => {
  test('items, tables and indexes survive a restart on the same store file', async () => {
    const dir = tempDir('stratus-ddb-restart-');
    const store = join(dir.path, 'store.db');
    try {
      const first = await startTestStratus(fixturePath('dynamodb-app'), { store });
      const client1 = new DynamoDBClient(sdkConfig(first));
      await client1.send(
        new PutItemCommand({
          TableName: 'Orders',
          Item: { pk: { S: 'keep' }, sk: { N: '1' }, status: { S: 'open' }, placedAt: { S: 'x' } },
        }),
      );
      await client1.send(
        new UpdateItemCommand({
          TableName: 'Sessions',
          Key: { id: { S: 'keep' } },
          UpdateExpression: 'SET v = :v',
          ExpressionAttributeValues: { ':v': { N: '1' } },
        }),
      );
      client1.destroy();
      await first.stop();
      const second = await startTestStratus(fixturePath('dynamodb-app'), { store });
      const client2 = new DynamoDBClient(sdkConfig(second));
      try {
        const { Item } = await client2.send(
          new GetItemCommand({ TableName: 'Sessions', Key: { id: { S: 'keep' } } }),
        );
        assert.deepEqual(Item, { id: { S: 'keep' }, v: { N: '1' } });
        const q = await client2.send(
          new QueryCommand({
            TableName: 'Orders',
            IndexName: 'byStatus',
            KeyConditionExpression: '#s = :o',
            ExpressionAttributeNames: { '#s': 'status' },
            ExpressionAttributeValues: { ':o': { S: 'open' } },
          }),
        );
        assert.equal(q.Count, 1);
        const tables = await client2.send(new ListTablesCommand({}));
        assert.deepEqual(tables.TableNames, ['Orders', 'Sessions']);
      } finally {
        client2.destroy();
        await second.stop();
      }
    } finally {
      dir.cleanup();
    }
  });
});
