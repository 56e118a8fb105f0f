import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isStratusError } from '../core/errors.js';
import { loadText, SAM_HEAD } from './test-helpers.js';

const ARN = 'arn:aws:lambda:us-east-1:123456789012:function:Fn';

test('SAM events expand to mappings, subscriptions, notifications, rules and schedules', async () => {
  const model = await loadText(`${SAM_HEAD}
Resources:
  Queue: {Type: AWS::SQS::Queue}
  Topic: {Type: AWS::SNS::Topic}
  Stream: {Type: AWS::Kinesis::Stream}
  Bucket: {Type: AWS::S3::Bucket}
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Events:
        Sqs:
          Type: SQS
          Properties:
            Queue: !GetAtt Queue.Arn
            BatchSize: 5
            FunctionResponseTypes: [ReportBatchItemFailures]
            FilterCriteria: {Filters: [{Pattern: '{"body":{"a":[1]}}'}]}
            ScalingConfig: {MaximumConcurrency: 3}
        Kin:
          Type: Kinesis
          Properties: {Stream: !GetAtt Stream.Arn, StartingPosition: TRIM_HORIZON, BisectBatchOnFunctionError: true}
        Sns:
          Type: SNS
          Properties: {Topic: !Ref Topic, FilterPolicy: {kind: [a]}, FilterPolicyScope: MessageAttributes}
        Buffered:
          Type: SNS
          Properties: {Topic: !Ref Topic, SqsSubscription: true}
        Upload:
          Type: S3
          Properties:
            Bucket: !Ref Bucket
            Events: s3:ObjectCreated:*
            Filter: {S3Key: {Rules: [{Name: suffix, Value: .jpg}]}}
        Tick:
          Type: Schedule
          Properties: {Schedule: rate(5 minutes), Input: '{"a":1}', Enabled: false}
        OnEvent:
          Type: EventBridgeRule
          Properties: {Pattern: {source: [my.app]}, EventBusName: custom}
        Later:
          Type: ScheduleV2
          Properties: {ScheduleExpression: 'cron(0 12 * * ? *)', ScheduleExpressionTimezone: Europe/Paris}
        Iot:
          Type: IoTRule
          Properties: {Sql: SELECT 1}
`);
  const esm = (id: string) => model.eventSourceMappings.find((e) => e.logicalId === id)!;
  assert.deepEqual(esm('FnSqs'), {
    logicalId: 'FnSqs',
    // The UUID `Ref` gives the mapping, stable across loads.
    uuid: model.resources.find((r) => r.logicalId === 'FnSqs')!.ref,
    functionName: 'Fn',
    eventSourceArn: 'arn:aws:sqs:us-east-1:123456789012:Queue',
    enabled: true,
    batchSize: 5,
    functionResponseTypes: ['ReportBatchItemFailures'],
    filterPatterns: ['{"body":{"a":[1]}}'],
    maximumConcurrency: 3,
  });
  assert.equal(esm('FnKin').batchSize, 100);
  assert.equal(esm('FnKin').startingPosition, 'TRIM_HORIZON');
  assert.equal(esm('FnKin').bisectBatchOnFunctionError, true);
  const sns = model.subscriptions.find((s) => s.logicalId === 'FnSns')!;
  assert.deepEqual(sns, {
    logicalId: 'FnSns',
    topicArn: 'arn:aws:sns:us-east-1:123456789012:Topic',
    protocol: 'lambda',
    endpoint: ARN,
    rawMessageDelivery: false,
    filterPolicy: { kind: ['a'] },
    filterPolicyScope: 'MessageAttributes',
  });
  const buffered = model.subscriptions.find((s) => s.logicalId === 'FnBuffered')!;
  assert.equal(buffered.protocol, 'sqs');
  assert.equal(buffered.endpoint, 'arn:aws:sqs:us-east-1:123456789012:FnBufferedQueue');
  assert.ok(model.queues.some((q) => q.logicalId === 'FnBufferedQueue'));
  assert.equal(esm('FnBufferedEventSourceMapping').eventSourceArn, buffered.endpoint);
  assert.deepEqual(model.buckets[0]!.notifications, [
    { kind: 'lambda', targetArn: ARN, events: ['s3:ObjectCreated:*'], suffix: '.jpg' },
  ]);
  const tick = model.rules.find((r) => r.logicalId === 'FnTick')!;
  assert.equal(tick.scheduleExpression, 'rate(5 minutes)');
  assert.equal(tick.enabled, false);
  assert.deepEqual(tick.targets, [{ id: 'FnTickLambdaTarget', arn: ARN, input: '{"a":1}' }]);
  const onEvent = model.rules.find((r) => r.logicalId === 'FnOnEvent')!;
  assert.deepEqual(onEvent.eventPattern, { source: ['my.app'] });
  assert.equal(onEvent.eventBusName, 'custom');
  assert.equal(onEvent.arn, 'arn:aws:events:us-east-1:123456789012:rule/custom/FnOnEvent');
  assert.deepEqual(model.schedules[0], {
    logicalId: 'FnLater',
    name: 'FnLater',
    arn: 'arn:aws:scheduler:us-east-1:123456789012:schedule/default/FnLater',
    groupName: 'default',
    scheduleExpression: 'cron(0 12 * * ? *)',
    enabled: true,
    target: { id: 'FnLaterTarget', arn: ARN },
    timezone: 'Europe/Paris',
  });
  assert.ok(
    model.warnings.some((w) => w.logicalId === 'Fn' && w.message.includes("'Iot' of type IoTRule")),
  );
  assert.ok(
    model.permissions.some(
      (p) => p.principal === 's3.amazonaws.com' && p.sourceArn === 'arn:aws:s3:::bucket',
    ),
  );
  assert.ok(model.permissions.some((p) => p.principal === 'sns.amazonaws.com'));
});

test('an S3 event needs a !Ref to a bucket in the template', async () => {
  await assert.rejects(
    loadText(`${SAM_HEAD}
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Events:
        Up: {Type: S3, Properties: {Bucket: some-bucket, Events: 's3:ObjectCreated:*'}}
`),
    (e) =>
      isStratusError(e, 'ERR_TEMPLATE_INVALID') &&
      e.message.includes('Resources.Fn.Properties.Events.Up.Properties.Bucket'),
  );
});

test('stream events need a StartingPosition', async () => {
  await assert.rejects(
    loadText(`${SAM_HEAD}
Resources:
  S: {Type: AWS::Kinesis::Stream}
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Events:
        K: {Type: Kinesis, Properties: {Stream: !GetAtt S.Arn}}
`),
    (e) =>
      isStratusError(e, 'ERR_TEMPLATE_INVALID') &&
      e.message.includes('Resources.Fn.Properties.Events.K.Properties.StartingPosition'),
  );
});

test('CloudFormation forms: EventSourceMapping, Permission, Subscription, topic Subscription, Rule, Schedule', async () => {
  const model = await loadText(`${SAM_HEAD}
Resources:
  Queue: {Type: AWS::SQS::Queue}
  Topic:
    Type: AWS::SNS::Topic
    Properties:
      Subscription: [{Protocol: sqs, Endpoint: !GetAtt Queue.Arn}]
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      Code: {ZipFile: 'exports.handler = async () => 1;'}
  Mapping:
    Type: AWS::Lambda::EventSourceMapping
    Properties: {FunctionName: !GetAtt Fn.Arn, EventSourceArn: !GetAtt Queue.Arn}
  Perm:
    Type: AWS::Lambda::Permission
    Properties: {FunctionName: !Ref Fn, Action: 'lambda:InvokeFunction', Principal: sns.amazonaws.com, SourceArn: !Ref Topic}
  Sub:
    Type: AWS::SNS::Subscription
    Properties: {TopicArn: !Ref Topic, Protocol: LAMBDA, Endpoint: !GetAtt Fn.Arn, RawMessageDelivery: 'true'}
  Rule:
    Type: AWS::Events::Rule
    Properties:
      ScheduleExpression: rate(1 minute)
      Targets: [{Id: t1, Arn: !GetAtt Fn.Arn, InputTransformer: {InputPathsMap: {s: $.source}, InputTemplate: '"<s>"'}}]
  Sched:
    Type: AWS::Scheduler::Schedule
    Properties:
      ScheduleExpression: at(2030-01-01T00:00:00)
      State: DISABLED
      FlexibleTimeWindow: {Mode: 'OFF'}
      Target: {Arn: !GetAtt Fn.Arn, RoleArn: arn:aws:iam::123456789012:role/r, RetryPolicy: {MaximumRetryAttempts: 2}}
  Eic:
    Type: AWS::Lambda::EventInvokeConfig
    Properties: {FunctionName: !Ref Fn, Qualifier: $LATEST, MaximumRetryAttempts: 0, DestinationConfig: {OnFailure: {Destination: !GetAtt Queue.Arn}}}
`);
  const fn = model.functions[0]!;
  assert.equal(fn.inlineCode, 'exports.handler = async () => 1;');
  assert.deepEqual(fn.eventInvokeConfig, {
    qualifier: '$LATEST',
    maximumRetryAttempts: 0,
    onFailure: 'arn:aws:sqs:us-east-1:123456789012:Queue',
  });
  assert.equal(model.eventSourceMappings[0]!.functionName, 'Fn');
  assert.equal(model.eventSourceMappings[0]!.batchSize, 10);
  assert.deepEqual(model.permissions[0], {
    logicalId: 'Perm',
    functionName: 'Fn',
    action: 'lambda:InvokeFunction',
    principal: 'sns.amazonaws.com',
    sourceArn: 'arn:aws:sns:us-east-1:123456789012:Topic',
  });
  assert.deepEqual(
    model.subscriptions.map((s) => [s.logicalId, s.protocol, s.rawMessageDelivery]),
    [
      ['TopicSubscription0', 'sqs', false],
      ['Sub', 'lambda', true],
    ],
  );
  assert.deepEqual(model.rules[0]!.targets[0], {
    id: 't1',
    arn: fn.arn,
    inputTransformer: { inputTemplate: '"<s>"', inputPathsMap: { s: '$.source' } },
  });
  assert.equal(model.schedules[0]!.enabled, false);
  assert.deepEqual(model.schedules[0]!.target.retryPolicy, { maximumRetryAttempts: 2 });
});
