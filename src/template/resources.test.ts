import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isStratusError } from '../core/errors.js';
import { loadText, SAM_HEAD } from './test-helpers.js';

const ACCOUNT = '123456789012';

test('Ref and GetAtt of every data resource, as handlers see them', async () => {
  const model = await loadText(`${SAM_HEAD}
Resources:
  Table:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: !Sub '\${AWS::StackName}-items'
      AttributeDefinitions: [{AttributeName: pk, AttributeType: S}, {AttributeName: sk, AttributeType: N}]
      KeySchema: [{AttributeName: pk, KeyType: HASH}, {AttributeName: sk, KeyType: RANGE}]
      StreamSpecification: {StreamViewType: NEW_IMAGE}
      TimeToLiveSpecification: {AttributeName: expires, Enabled: true}
  Simple:
    Type: AWS::Serverless::SimpleTable
  Queue:
    Type: AWS::SQS::Queue
    Properties: {VisibilityTimeout: 60}
  Fifo:
    Type: AWS::SQS::Queue
    Properties: {FifoQueue: true}
  Topic:
    Type: AWS::SNS::Topic
  Stream:
    Type: AWS::Kinesis::Stream
    Properties: {ShardCount: 2}
  Bucket:
    Type: AWS::S3::Bucket
  Role:
    Type: AWS::IAM::Role
  Logs:
    Type: AWS::Logs::LogGroup
  Key:
    Type: AWS::ApiGateway::ApiKey
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Environment:
        Variables:
          TABLE: !Ref Table
          TABLE_ARN: !GetAtt Table.Arn
          STREAM_ARN: !GetAtt Table.StreamArn
          SIMPLE: !Ref Simple
          QUEUE: !Ref Queue
          QUEUE_ARN: !GetAtt Queue.Arn
          QUEUE_NAME: !GetAtt Queue.QueueName
          QUEUE_URL: !GetAtt Queue.QueueUrl
          FIFO: !GetAtt Fifo.QueueName
          TOPIC: !Ref Topic
          TOPIC_NAME: !GetAtt Topic.TopicName
          STREAM: !Ref Stream
          STREAM_ARN2: !GetAtt Stream.Arn
          BUCKET: !Ref Bucket
          BUCKET_ARN: !GetAtt Bucket.Arn
          BUCKET_DOMAIN: !GetAtt Bucket.DomainName
          BUCKET_REGIONAL: !GetAtt Bucket.RegionalDomainName
          BUCKET_WEBSITE: !GetAtt Bucket.WebsiteURL
          ROLE: !Ref Role
          ROLE_ARN: !GetAtt Role.Arn
          LOGS: !Ref Logs
          FN_ARN: !GetAtt Other.Arn
          FN_NAME: !Ref Other
  Other:
    Type: AWS::Serverless::Function
    Properties: {FunctionName: other-fn}
`);
  const env = model.functions.find((f) => f.logicalId === 'Fn')!.environment;
  const tableArn = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/test-stack-items`;
  assert.equal(env['TABLE'], 'test-stack-items');
  assert.equal(env['TABLE_ARN'], tableArn);
  assert.match(
    env['STREAM_ARN']!,
    new RegExp(`^${tableArn}/stream/\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}$`),
  );
  assert.equal(env['SIMPLE'], 'Simple');
  assert.equal(env['QUEUE'], `http://127.0.0.1:4566/${ACCOUNT}/Queue`);
  assert.equal(env['QUEUE_ARN'], `arn:aws:sqs:us-east-1:${ACCOUNT}:Queue`);
  assert.equal(env['QUEUE_NAME'], 'Queue');
  assert.equal(env['QUEUE_URL'], env['QUEUE']);
  assert.equal(env['FIFO'], 'Fifo.fifo');
  assert.equal(env['TOPIC'], `arn:aws:sns:us-east-1:${ACCOUNT}:Topic`);
  assert.equal(env['TOPIC_NAME'], 'Topic');
  assert.equal(env['STREAM'], 'Stream');
  assert.equal(env['STREAM_ARN2'], `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/Stream`);
  assert.equal(env['BUCKET'], 'bucket');
  assert.equal(env['BUCKET_ARN'], 'arn:aws:s3:::bucket');
  assert.equal(env['BUCKET_DOMAIN'], 'bucket.s3.amazonaws.com');
  assert.equal(env['BUCKET_REGIONAL'], 'bucket.s3.us-east-1.amazonaws.com');
  assert.equal(env['BUCKET_WEBSITE'], 'http://bucket.s3-website-us-east-1.amazonaws.com');
  assert.equal(env['ROLE'], 'Role');
  assert.equal(env['ROLE_ARN'], `arn:aws:iam::${ACCOUNT}:role/Role`);
  assert.equal(env['LOGS'], 'Logs');
  assert.equal(env['FN_ARN'], `arn:aws:lambda:us-east-1:${ACCOUNT}:function:other-fn`);
  assert.equal(env['FN_NAME'], 'other-fn');

  const table = model.tables.find((t) => t.logicalId === 'Table')!;
  assert.equal(table.billingMode, 'PROVISIONED');
  assert.deepEqual(table.keySchema, [
    { attributeName: 'pk', keyType: 'HASH' },
    { attributeName: 'sk', keyType: 'RANGE' },
  ]);
  assert.deepEqual(table.stream, { viewType: 'NEW_IMAGE', arn: env['STREAM_ARN'] });
  assert.deepEqual(table.ttl, { attributeName: 'expires', enabled: true });
  const simple = model.tables.find((t) => t.logicalId === 'Simple')!;
  assert.equal(simple.billingMode, 'PAY_PER_REQUEST');
  assert.deepEqual(simple.attributeDefinitions, [{ attributeName: 'id', attributeType: 'S' }]);
  assert.equal(model.resources.find((r) => r.logicalId === 'Simple')!.type, 'AWS::DynamoDB::Table');
  assert.deepEqual(model.queues.find((q) => q.logicalId === 'Queue')!.attributes, {
    VisibilityTimeout: 60,
  });
  assert.equal(model.queues.find((q) => q.logicalId === 'Fifo')!.fifo, true);
  assert.equal(model.streams[0]!.shardCount, 2);
  assert.equal(model.resources.find((r) => r.logicalId === 'Key')!.ref.length, 10);
});

test('a stream ARN is the same on every load', async () => {
  const t = `${SAM_HEAD}
Resources:
  T:
    Type: AWS::DynamoDB::Table
    Properties:
      AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
      KeySchema: [{AttributeName: id, KeyType: HASH}]
      StreamSpecification: {StreamViewType: KEYS_ONLY}
`;
  assert.equal(
    (await loadText(t)).tables[0]!.stream!.arn,
    (await loadText(t)).tables[0]!.stream!.arn,
  );
});

test('SimpleTable with a Number key and ProvisionedThroughput', async () => {
  const model = await loadText(`${SAM_HEAD}
Resources:
  T:
    Type: AWS::Serverless::SimpleTable
    Properties:
      TableName: things
      PrimaryKey: {Name: n, Type: Number}
      ProvisionedThroughput: {ReadCapacityUnits: 1, WriteCapacityUnits: 1}
`);
  assert.deepEqual(model.tables[0]!.attributeDefinitions, [
    { attributeName: 'n', attributeType: 'N' },
  ]);
  assert.equal(model.tables[0]!.billingMode, 'PROVISIONED');
  assert.equal(model.tables[0]!.name, 'things');
});

test('a FIFO queue whose name lacks .fifo is an error naming the property', async () => {
  await assert.rejects(
    loadText(
      `${SAM_HEAD}\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties: {FifoQueue: true, QueueName: orders}\n`,
    ),
    (e) =>
      isStratusError(e, 'ERR_TEMPLATE_INVALID') &&
      e.message.includes('Resources.Q.Properties.QueueName') &&
      e.message.includes('.fifo'),
  );
});

test('an unknown resource type is a warning naming its logical id, never a crash', async () => {
  const model = await loadText(`${SAM_HEAD}
Resources:
  Machine:
    Type: AWS::StepFunctions::StateMachine
    Properties: {Definition: {StartAt: A}}
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Environment: {Variables: {M: !Ref Machine, ARN: !GetAtt Machine.Arn}}
`);
  assert.ok(
    model.warnings.some(
      (w) => w.logicalId === 'Machine' && w.message.includes('AWS::StepFunctions::StateMachine'),
    ),
  );
  assert.equal(model.functions[0]!.environment['M'], 'Machine');
  assert.equal(
    model.resources.find((r) => r.logicalId === 'Machine')!.type,
    'AWS::StepFunctions::StateMachine',
  );
});

test('bucket NotificationConfiguration with S3Key filter rules', async () => {
  const model = await loadText(`${SAM_HEAD}
Resources:
  Q:
    Type: AWS::SQS::Queue
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: uploads
      VersioningConfiguration: {Status: Enabled}
      NotificationConfiguration:
        QueueConfigurations:
          - Event: s3:ObjectCreated:*
            Queue: !GetAtt Q.Arn
            Filter: {S3Key: {Rules: [{Name: prefix, Value: in/}, {Name: suffix, Value: .csv}]}}
`);
  const bucket = model.buckets[0]!;
  assert.equal(bucket.name, 'uploads');
  assert.equal(bucket.versioning, true);
  assert.deepEqual(bucket.notifications, [
    {
      kind: 'queue',
      targetArn: `arn:aws:sqs:us-east-1:${ACCOUNT}:Q`,
      events: ['s3:ObjectCreated:*'],
      prefix: 'in/',
      suffix: '.csv',
    },
  ]);
});
