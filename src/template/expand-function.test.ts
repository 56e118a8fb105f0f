import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { isStratusError } from '../core/errors.js';
import { loadTemplate } from './load-template.js';
import { loadText, SAM_HEAD, writeTemplate } from './test-helpers.js';

test('function defaults and environment stringification', async () => {
  const model = await loadText(`${SAM_HEAD}
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Environment:
        Variables: {FLAG: true, DISABLED: false, NUM: 42, FLOAT: 1.5, TEXT: hi}
`);
  const fn = model.functions[0]!;
  assert.equal(fn.name, 'Fn');
  assert.equal(fn.memorySize, 128);
  assert.equal(fn.timeout, 3);
  assert.deepEqual(fn.architectures, ['x86_64']);
  assert.equal(fn.ephemeralStorageMb, 512);
  assert.deepEqual(fn.logging, { format: 'Text', logGroup: '/aws/lambda/Fn' });
  assert.ok(fn.codeDir.endsWith('/src'));
  assert.equal(fn.codeDir, join(model.baseDir, 'src'));
  assert.deepEqual(fn.environment, {
    FLAG: 'true',
    DISABLED: 'false',
    NUM: '42',
    FLOAT: '1.5',
    TEXT: 'hi',
  });
  assert.equal(fn.role, 'arn:aws:iam::123456789012:role/FnRole');
});

test('function properties: names, alias, DLQ, EventInvokeConfig with a generated queue, logging, tags', async () => {
  const model = await loadText(`${SAM_HEAD}
Resources:
  Dlq: {Type: AWS::SQS::Queue}
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: my-fn
      Runtime: python3.12
      MemorySize: 1024
      Timeout: 30
      Architectures: [arm64]
      EphemeralStorage: {Size: 1024}
      ReservedConcurrentExecutions: 2
      Tracing: Active
      Description: does things
      AutoPublishAlias: live
      DeadLetterQueue: {Type: SQS, TargetArn: !GetAtt Dlq.Arn}
      EventInvokeConfig:
        MaximumRetryAttempts: 1
        MaximumEventAgeInSeconds: 120
        DestinationConfig: {OnFailure: {Type: SQS}}
      LoggingConfig: {LogFormat: JSON, ApplicationLogLevel: DEBUG}
      Tags: {team: a}
Outputs:
  Alias: {Value: !Ref Fn.Alias}
  FailQueue: {Value: !Ref Fn.DestinationQueue}
`);
  const fn = model.functions[0]!;
  assert.equal(fn.name, 'my-fn');
  assert.equal(fn.runtime, 'python3.12');
  assert.equal(fn.memorySize, 1024);
  assert.equal(fn.timeout, 30);
  assert.deepEqual(fn.architectures, ['arm64']);
  assert.equal(fn.ephemeralStorageMb, 1024);
  assert.equal(fn.reservedConcurrency, 2);
  assert.equal(fn.tracing, 'Active');
  assert.equal(fn.description, 'does things');
  assert.equal(fn.autoPublishAlias, 'live');
  assert.equal(fn.deadLetterTargetArn, 'arn:aws:sqs:us-east-1:123456789012:Dlq');
  assert.deepEqual(fn.eventInvokeConfig, {
    qualifier: 'live',
    maximumRetryAttempts: 1,
    maximumEventAgeInSeconds: 120,
    onFailure: 'arn:aws:sqs:us-east-1:123456789012:FnEventInvokeConfigOnFailureQueue',
  });
  assert.deepEqual(fn.logging, {
    format: 'JSON',
    logGroup: '/aws/lambda/my-fn',
    applicationLogLevel: 'DEBUG',
  });
  assert.deepEqual(fn.tags, { team: 'a' });
  assert.equal(model.outputs['Alias'], 'arn:aws:lambda:us-east-1:123456789012:function:my-fn:live');
  assert.equal(
    model.outputs['FailQueue'],
    'http://127.0.0.1:4566/123456789012/FnEventInvokeConfigOnFailureQueue',
  );
});

test('InlineCode is kept; CodeUri in S3 is a clear error', async () => {
  const inline = await loadText(
    `${SAM_HEAD}\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties: {InlineCode: 'exports.handler = 1'}\n`,
  );
  assert.equal(inline.functions[0]!.inlineCode, 'exports.handler = 1');
  await assert.rejects(
    loadText(
      `${SAM_HEAD}\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties: {CodeUri: 's3://bucket/code.zip'}\n`,
    ),
    (e) =>
      isStratusError(e, 'ERR_TEMPLATE_UNSUPPORTED') &&
      e.message.includes('Resources.Fn.Properties.CodeUri') &&
      e.message.includes('local folder'),
  );
});

test('a function without Runtime is an error naming the property; non-Node runtimes are kept', async () => {
  await assert.rejects(
    loadText(
      'Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties: {Handler: a.b}\n',
    ),
    (e) =>
      isStratusError(e, 'ERR_TEMPLATE_INVALID') &&
      e.message.includes('Resources.Fn.Properties.Runtime: is required'),
  );
  const model = await loadText(
    `${SAM_HEAD}\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties: {Runtime: provided.al2023}\n`,
  );
  assert.equal(model.functions[0]!.runtime, 'provided.al2023');
});

test('a missing template file is ERR_TEMPLATE_NOT_FOUND naming it', async () => {
  const missing = join(writeTemplate('Resources: {}'), '..', 'nope.yaml');
  await assert.rejects(
    loadTemplate({
      templatePath: missing,
      region: 'us-east-1',
      accountId: '123456789012',
      stackName: 's',
      awsEndpoint: 'http://x',
    }),
    (e) => isStratusError(e, 'ERR_TEMPLATE_NOT_FOUND') && e.message.includes(missing),
  );
});

test('a JSON template loads like a YAML one', async () => {
  const file = writeTemplate(
    JSON.stringify({
      Resources: {
        Q: {
          Type: 'AWS::SQS::Queue',
          Properties: { QueueName: { 'Fn::Sub': '${AWS::StackName}-q' } },
        },
      },
    }),
    'template.json',
  );
  const model = await loadTemplate({
    templatePath: file,
    region: 'us-east-1',
    accountId: '123456789012',
    stackName: 's',
    awsEndpoint: 'http://127.0.0.1:4566/',
  });
  assert.equal(model.queues[0]!.url, 'http://127.0.0.1:4566/123456789012/s-q');
});
