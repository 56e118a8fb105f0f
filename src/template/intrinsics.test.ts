import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isStratusError } from '../core/errors.js';
import { loadText, SAM_HEAD } from './test-helpers.js';

test('Fn::Sub: string form with resources, attributes, pseudo parameters and ${!Literal}', async () => {
  const model = await loadText(`${SAM_HEAD}
Resources:
  Q:
    Type: AWS::SQS::Queue
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Environment:
        Variables:
          A: !Sub '\${Q}|\${Q.Arn}|\${AWS::Region}|\${AWS::AccountId}|\${AWS::StackName}|\${!Literal}|\${AWS::Partition}|\${AWS::URLSuffix}'
          B: !Sub
            - '\${Name}-\${Other}'
            - Name: !GetAtt Q.QueueName
              Other: plain
`);
  const env = model.functions[0]!.environment;
  assert.equal(
    env['A'],
    'http://127.0.0.1:4566/123456789012/Q|arn:aws:sqs:us-east-1:123456789012:Q|us-east-1|123456789012|test-stack|${Literal}|aws|amazonaws.com',
  );
  assert.equal(env['B'], 'Q-plain');
});

test('Join, Select, Split, Base64, GetAZs, Cidr, FindInMap', async () => {
  const model = await loadText(`${SAM_HEAD}
Mappings:
  Sizes:
    dev: {Memory: 256}
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      MemorySize: !FindInMap [Sizes, dev, Memory]
      Environment:
        Variables:
          JOIN: !Join ['-', [a, !Ref AWS::Region, 3]]
          SELECT: !Select [1, !Split [',', 'x,y,z']]
          B64: !Base64 hello
          AZ: !Select [0, !GetAZs '']
          CIDR: !Join [' ', !Cidr [10.0.0.0/16, 3, 8]]
          DEFAULTED: !FindInMap [Sizes, prod, Memory, {DefaultValue: fallback}]
`);
  const fn = model.functions[0]!;
  assert.equal(fn.memorySize, 256);
  assert.deepEqual(fn.environment, {
    JOIN: 'a-us-east-1-3',
    SELECT: 'y',
    B64: Buffer.from('hello').toString('base64'),
    AZ: 'us-east-1a',
    CIDR: '10.0.0.0/24 10.0.1.0/24 10.0.2.0/24',
    DEFAULTED: 'fallback',
  });
});

test('Conditions, Fn::If anywhere, resource Condition and AWS::NoValue', async () => {
  const template = `${SAM_HEAD}
Parameters:
  Env: {Type: String, Default: dev}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Not [!Condition IsProd]
  Both: !And [!Condition IsDev, !Equals [a, a]]
  Either: !Or [!Condition IsProd, !Condition Both]
Resources:
  ProdQueue:
    Type: AWS::SQS::Queue
    Condition: IsProd
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Timeout: !If [IsProd, 30, !Ref AWS::NoValue]
      Environment:
        Variables:
          MODE: !If [Either, either, neither]
          EXTRA: !If [IsProd, x, !Ref AWS::NoValue]
      Layers:
        - !If [IsProd, arn:aws:lambda:us-east-1:123456789012:layer:x:1, !Ref AWS::NoValue]
Outputs:
  OnlyProd:
    Condition: IsProd
    Value: !Ref ProdQueue
  Always:
    Value: !If [IsDev, dev-out, prod-out]
`;
  const dev = await loadText(template);
  assert.equal(dev.queues.length, 0);
  assert.equal(dev.functions[0]!.timeout, 3);
  assert.deepEqual(dev.functions[0]!.environment, { MODE: 'either' });
  assert.deepEqual(dev.functions[0]!.layers, []);
  assert.deepEqual(dev.outputs, { Always: 'dev-out' });
  const prod = await loadText(template, { parameterOverrides: { Env: 'prod' } });
  assert.equal(prod.queues.length, 1);
  assert.equal(prod.functions[0]!.timeout, 30);
  assert.equal(prod.functions[0]!.environment['EXTRA'], 'x');
  assert.equal(prod.outputs['OnlyProd'], 'http://127.0.0.1:4566/123456789012/ProdQueue');
});

test('Ref to a resource whose condition is false names the condition', async () => {
  await assert.rejects(
    loadText(`${SAM_HEAD}
Conditions:
  Never: !Equals [a, b]
Resources:
  Q:
    Type: AWS::SQS::Queue
    Condition: Never
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Environment: {Variables: {Q: !Ref Q}}
`),
    (e) =>
      isStratusError(e, 'ERR_TEMPLATE_INVALID') &&
      e.message.includes("Resources.Fn.Properties.Environment.Variables.Q: Ref to resource 'Q'") &&
      e.message.includes("'Never' is false"),
  );
});

test('Ref to an unknown resource names file, resource and property path', async () => {
  await assert.rejects(
    loadText(`${SAM_HEAD}
Resources:
  HelloFunction:
    Type: AWS::Serverless::Function
    Properties:
      Environment:
        Variables:
          TABLE: !Ref Tabel
`),
    (e) =>
      isStratusError(e, 'ERR_TEMPLATE_INVALID') &&
      /template\.yaml: Resources\.HelloFunction\.Properties\.Environment\.Variables\.TABLE: Ref to unknown resource 'Tabel'$/.test(
        e.message,
      ),
  );
});

test('a reference cycle is an error naming the resources', async () => {
  await assert.rejects(
    loadText(`${SAM_HEAD}
Resources:
  A:
    Type: AWS::SQS::Queue
    Properties:
      RedrivePolicy: {deadLetterTargetArn: !GetAtt B.Arn, maxReceiveCount: 3}
  B:
    Type: AWS::SQS::Queue
    Properties:
      RedrivePolicy: {deadLetterTargetArn: !GetAtt A.Arn, maxReceiveCount: 3}
`),
    (e) =>
      isStratusError(e, 'ERR_TEMPLATE_INVALID') &&
      e.message.includes('circular dependency between resources: A → B → A') &&
      e.message.includes('Resources.B.Properties.RedrivePolicy.deadLetterTargetArn'),
  );
});

test('Fn::ImportValue is ERR_TEMPLATE_UNSUPPORTED naming where it is used', async () => {
  await assert.rejects(
    loadText(`${SAM_HEAD}
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Environment: {Variables: {X: !ImportValue SharedThing}}
`),
    (e) =>
      isStratusError(e, 'ERR_TEMPLATE_UNSUPPORTED') &&
      e.message.includes('Resources.Fn.Properties.Environment.Variables.X: Fn::ImportValue'),
  );
});

test('GetAtt of an attribute a resource lacks is an error listing what it has', async () => {
  await assert.rejects(
    loadText(`${SAM_HEAD}
Resources:
  T:
    Type: AWS::DynamoDB::Table
    Properties:
      AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
      KeySchema: [{AttributeName: id, KeyType: HASH}]
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Events:
        S: {Type: DynamoDB, Properties: {Stream: !GetAtt T.StreamArn, StartingPosition: LATEST}}
`),
    (e) =>
      isStratusError(e, 'ERR_TEMPLATE_INVALID') &&
      e.message.includes(
        "Resources.Fn.Properties.Events.S.Properties.Stream: Fn::GetAtt: AWS::DynamoDB::Table 'T' has no attribute 'StreamArn'; table 'T' has no StreamSpecification",
      ),
  );
});
