// SNS topics, subscriptions, attributes, tags and permissions through the real JS SDK v3 client.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  AddPermissionCommand,
  CreateTopicCommand,
  DeleteTopicCommand,
  GetSubscriptionAttributesCommand,
  GetTopicAttributesCommand,
  ListSubscriptionsByTopicCommand,
  ListSubscriptionsCommand,
  ListTagsForResourceCommand,
  ListTopicsCommand,
  PublishCommand,
  RemovePermissionCommand,
  SetSubscriptionAttributesCommand,
  SetTopicAttributesCommand,
  SNSClient,
  SubscribeCommand,
  TagResourceCommand,
  UnsubscribeCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-sns';
import { fixturePath, sdkConfig, startTestStratus, type TestStratus } from '../helpers/stratus.js';

let stratus: TestStratus;
let sns: SNSClient;
const ACCOUNT = '123456789012';

before(async () => {
  stratus = await startTestStratus(fixturePath('sns-app'));
  sns = new SNSClient(sdkConfig(stratus));
});
after(async () => {
  sns.destroy();
  await stratus.stop();
});

/** Runs `fn` and returns the error it throws (fails when it does not). */
async function failure(fn: () => Promise<unknown>): Promise<{
  name: string;
  message: string;
  status: number | undefined;
  code: string | undefined;
}> {
  try {
    await fn();
  } catch (e) {
    const err = e as {
      name: string;
      message: string;
      $metadata?: { httpStatusCode?: number };
      Code?: string;
    };
    return {
      name: err.name,
      message: err.message,
      status: err.$metadata?.httpStatusCode,
      code: err.Code,
    };
  }
  assert.fail('expected an error');
}

interface Policy {
  Statement: { Sid: string; Resource: string; Action: unknown; Principal: unknown }[];
}

const arn = (name: string): string => `arn:aws:sns:us-east-1:${ACCOUNT}:${name}`;

test('the template topic exists with its attributes, tags and template subscriptions', async () => {
  const attrs = await sns.send(new GetTopicAttributesCommand({ TopicArn: arn('orders') }));
  assert.equal(attrs.Attributes?.['DisplayName'], 'Orders');
  assert.equal(attrs.Attributes?.['Owner'], ACCOUNT);
  assert.equal(attrs.Attributes?.['SubscriptionsConfirmed'], '3');
  assert.equal(attrs.Attributes?.['SubscriptionsPending'], '0');
  const policy = JSON.parse(attrs.Attributes?.['Policy'] ?? '{}') as Policy;
  assert.equal(policy.Statement[0]!.Resource, arn('orders'));
  const tags = await sns.send(new ListTagsForResourceCommand({ ResourceArn: arn('orders') }));
  assert.deepEqual(tags.Tags, [{ Key: 'team', Value: 'shop' }]);
  const subs = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: arn('orders') }));
  const protocols = subs.Subscriptions?.map((s) => s.Protocol).sort();
  assert.deepEqual(protocols, ['lambda', 'sqs', 'sqs']);
  const lambdaSub = subs.Subscriptions!.find((s) => s.Protocol === 'lambda')!;
  assert.equal(lambdaSub.Endpoint, `arn:aws:lambda:us-east-1:${ACCOUNT}:function:ReceiverFunction`);
  const lambdaAttrs = await sns.send(
    new GetSubscriptionAttributesCommand({ SubscriptionArn: lambdaSub.SubscriptionArn }),
  );
  assert.equal(lambdaAttrs.Attributes?.['FilterPolicy'], '{"kind":["lambda"]}');
  assert.equal(lambdaAttrs.Attributes?.['FilterPolicyScope'], 'MessageAttributes');
});

test('CreateTopic is idempotent and rejects different attributes or tags', async () => {
  const first = await sns.send(
    new CreateTopicCommand({ Name: 'idem', Attributes: { DisplayName: 'x' } }),
  );
  assert.equal(first.TopicArn, arn('idem'));
  const again = await sns.send(new CreateTopicCommand({ Name: 'idem' }));
  assert.equal(again.TopicArn, arn('idem'));
  const same = await sns.send(
    new CreateTopicCommand({ Name: 'idem', Attributes: { DisplayName: 'x' } }),
  );
  assert.equal(same.TopicArn, arn('idem'));
  const diff = await failure(() =>
    sns.send(new CreateTopicCommand({ Name: 'idem', Attributes: { DisplayName: 'y' } })),
  );
  assert.equal(diff.name, 'InvalidParameterException');
  assert.equal(
    diff.message,
    'Invalid parameter: Attributes Reason: Topic already exists with different attributes',
  );
  assert.equal(diff.status, 400);
  const never = await failure(() =>
    sns.send(new CreateTopicCommand({ Name: 'idem', Attributes: { SignatureVersion: '2' } })),
  );
  assert.equal(
    never.message,
    'Invalid parameter: Attributes Reason: Topic already exists with different attributes',
  );
  const tags = await failure(() =>
    sns.send(new CreateTopicCommand({ Name: 'idem', Tags: [{ Key: 'a', Value: 'b' }] })),
  );
  assert.equal(
    tags.message,
    'Invalid parameter: Tags Reason: Topic already exists with different tags',
  );
});

test('CreateTopic validates names and the FIFO suffix', async () => {
  for (const input of [
    { Name: 'bad name' },
    { Name: 'a'.repeat(257) },
    { Name: 'test.fifo' },
    { Name: 'plain', Attributes: { FifoTopic: 'true' } },
  ]) {
    const e = await failure(() => sns.send(new CreateTopicCommand(input)));
    assert.equal(e.name, 'InvalidParameterException');
    assert.equal(e.message, 'Invalid parameter: Topic Name');
  }
  const fifo = await sns.send(
    new CreateTopicCommand({ Name: 'ok.fifo', Attributes: { FifoTopic: 'true' } }),
  );
  const attrs = await sns.send(new GetTopicAttributesCommand({ TopicArn: fifo.TopicArn }));
  assert.equal(attrs.Attributes?.['FifoTopic'], 'true');
  assert.equal(attrs.Attributes?.['ContentBasedDeduplication'], 'false');
});

test('GetTopicAttributes on a missing topic is NotFound, on a malformed ARN InvalidParameter', async () => {
  const missing = await failure(() =>
    sns.send(new GetTopicAttributesCommand({ TopicArn: arn('nope') })),
  );
  assert.equal(missing.name, 'NotFoundException');
  assert.equal(missing.message, 'Topic does not exist');
  assert.equal(missing.status, 404);
  const malformed = await failure(() =>
    sns.send(new GetTopicAttributesCommand({ TopicArn: 'nope' })),
  );
  assert.equal(malformed.name, 'InvalidParameterException');
  assert.equal(
    malformed.message,
    'Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not 1',
  );
});

test('SetTopicAttributes sets DisplayName and rejects FifoTopic and unknown names', async () => {
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'settable' }));
  await sns.send(
    new SetTopicAttributesCommand({ TopicArn, AttributeName: 'DisplayName', AttributeValue: 'Hi' }),
  );
  const attrs = await sns.send(new GetTopicAttributesCommand({ TopicArn }));
  assert.equal(attrs.Attributes?.['DisplayName'], 'Hi');
  for (const name of ['FifoTopic', 'Bogus']) {
    const e = await failure(() =>
      sns.send(
        new SetTopicAttributesCommand({ TopicArn, AttributeName: name, AttributeValue: 'true' }),
      ),
    );
    assert.equal(e.message, 'Invalid parameter: AttributeName');
  }
});

test('DeleteTopic is idempotent and removes the subscriptions', async () => {
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'doomed' }));
  await sns.send(
    new SubscribeCommand({
      TopicArn,
      Protocol: 'sqs',
      Endpoint: `arn:aws:sqs:us-east-1:${ACCOUNT}:whatever`,
    }),
  );
  await sns.send(new DeleteTopicCommand({ TopicArn }));
  await sns.send(new DeleteTopicCommand({ TopicArn }));
  const all = await sns.send(new ListSubscriptionsCommand({}));
  assert.ok(!all.Subscriptions?.some((s) => s.TopicArn === TopicArn));
  const e = await failure(() => sns.send(new ListSubscriptionsByTopicCommand({ TopicArn })));
  assert.equal(e.name, 'NotFoundException');
});

test('ListTopics pages by 100 with NextToken', async () => {
  for (let i = 0; i < 105; i++) {
    await sns.send(new CreateTopicCommand({ Name: `page-${String(i).padStart(3, '0')}` }));
  }
  const first = await sns.send(new ListTopicsCommand({}));
  assert.equal(first.Topics?.length, 100);
  assert.ok(first.NextToken);
  const second = await sns.send(new ListTopicsCommand({ NextToken: first.NextToken }));
  assert.ok((second.Topics?.length ?? 0) >= 5);
  assert.equal(second.NextToken, undefined);
  const all = [...first.Topics, ...second.Topics!].map((t) => t.TopicArn);
  assert.equal(new Set(all).size, all.length);
  assert.ok(all.includes(arn('page-104')));
});

test('ListSubscriptions and ListSubscriptionsByTopic page by 100 with NextToken', async () => {
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'many-subs' }));
  for (let i = 0; i < 101; i++) {
    await sns.send(
      new SubscribeCommand({
        TopicArn,
        Protocol: 'sqs',
        Endpoint: `arn:aws:sqs:us-east-1:${ACCOUNT}:many-${i}`,
      }),
    );
  }
  const first = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn }));
  assert.equal(first.Subscriptions?.length, 100);
  assert.ok(first.NextToken);
  const second = await sns.send(
    new ListSubscriptionsByTopicCommand({ TopicArn, NextToken: first.NextToken }),
  );
  assert.equal(second.Subscriptions?.length, 1);
  assert.equal(second.NextToken, undefined);
  const all: string[] = [];
  let token: string | undefined;
  do {
    const page = await sns.send(new ListSubscriptionsCommand(token ? { NextToken: token } : {}));
    all.push(...(page.Subscriptions ?? []).map((s) => s.SubscriptionArn!));
    token = page.NextToken;
  } while (token);
  assert.ok(all.length >= 101);
  assert.equal(new Set(all).size, all.length);
  const bad = await failure(() =>
    sns.send(new ListSubscriptionsCommand({ NextToken: 'garbage!' })),
  );
  assert.equal(bad.message, 'Invalid parameter: NextToken');
});

test('Subscribe validates protocols and endpoints with AWS texts', async () => {
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'subs' }));
  const cases: [string, string, string][] = [
    ['smtp', 'x', 'Invalid parameter: Amazon SNS does not support this protocol string: smtp'],
    ['sqs', 'https://sqs.us-east-1.amazonaws.com/1/q', 'Invalid parameter: SQS endpoint ARN'],
    [
      'sqs',
      `arn:aws:sqs:us-east-1:${ACCOUNT}:q.fifo`,
      'Invalid parameter: Invalid parameter: Endpoint Reason: FIFO SQS Queues can not be subscribed to standard SNS topics',
    ],
    ['sms', 'not-a-number', 'Invalid SMS endpoint: not-a-number'],
  ];
  for (const [Protocol, Endpoint, message] of cases) {
    const e = await failure(() => sns.send(new SubscribeCommand({ TopicArn, Protocol, Endpoint })));
    assert.equal(e.name, 'InvalidParameterException');
    assert.equal(e.message, message);
  }
  const missing = await failure(() =>
    sns.send(
      new SubscribeCommand({
        TopicArn: arn('ghost'),
        Protocol: 'sqs',
        Endpoint: `arn:aws:sqs:us-east-1:${ACCOUNT}:q`,
      }),
    ),
  );
  assert.equal(missing.name, 'NotFoundException');
  const raw = await failure(() =>
    sns.send(
      new SubscribeCommand({
        TopicArn,
        Protocol: 'sqs',
        Endpoint: `arn:aws:sqs:us-east-1:${ACCOUNT}:q`,
        Attributes: { RawMessageDelivery: 'wrongvalue' },
      }),
    ),
  );
  assert.equal(
    raw.message,
    'Invalid parameter: Attributes Reason: RawMessageDelivery: Invalid value [wrongvalue]. Must be true or false.',
  );
});

test('Subscribe is idempotent; different attributes are rejected', async () => {
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'idem-subs' }));
  const Endpoint = `arn:aws:sqs:us-east-1:${ACCOUNT}:idem-q`;
  const a = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint }));
  const b = await sns.send(
    new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint, Attributes: {} }),
  );
  assert.equal(a.SubscriptionArn, b.SubscriptionArn);
  assert.match(a.SubscriptionArn ?? '', new RegExp(`^${TopicArn}:[0-9a-f-]{36}$`));
  const e = await failure(() =>
    sns.send(
      new SubscribeCommand({
        TopicArn,
        Protocol: 'sqs',
        Endpoint,
        Attributes: { RawMessageDelivery: 'true' },
      }),
    ),
  );
  assert.equal(
    e.message,
    'Invalid parameter: Attributes Reason: Subscription already exists with different attributes',
  );
});

test('subscription attributes: filter policy validation, scope shown only with a policy, removal', async () => {
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'sub-attrs' }));
  const { SubscriptionArn } = await sns.send(
    new SubscribeCommand({
      TopicArn,
      Protocol: 'sqs',
      Endpoint: `arn:aws:sqs:us-east-1:${ACCOUNT}:attrs-q`,
    }),
  );
  const get = async (): Promise<Record<string, string>> =>
    (await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn }))).Attributes ?? {};
  let attrs = await get();
  assert.equal(attrs['PendingConfirmation'], 'false');
  assert.equal(attrs['RawMessageDelivery'], 'false');
  assert.equal(attrs['Protocol'], 'sqs');
  await sns.send(
    new SetSubscriptionAttributesCommand({
      SubscriptionArn,
      AttributeName: 'FilterPolicyScope',
      AttributeValue: 'MessageBody',
    }),
  );
  attrs = await get();
  assert.equal(attrs['FilterPolicyScope'], undefined);
  await sns.send(
    new SetSubscriptionAttributesCommand({
      SubscriptionArn,
      AttributeName: 'FilterPolicy',
      AttributeValue: '{"a":{"b":["c"]}}',
    }),
  );
  attrs = await get();
  assert.equal(attrs['FilterPolicyScope'], 'MessageBody');
  assert.equal(attrs['FilterPolicy'], '{"a":{"b":["c"]}}');
  const bad = await failure(() =>
    sns.send(
      new SetSubscriptionAttributesCommand({
        SubscriptionArn,
        AttributeName: 'FilterPolicy',
        AttributeValue: '{"key":[]}',
      }),
    ),
  );
  assert.match(bad.message, /^Invalid parameter: FilterPolicy: Empty arrays are not allowed/);
  const scope = await failure(() =>
    sns.send(
      new SetSubscriptionAttributesCommand({
        SubscriptionArn,
        AttributeName: 'FilterPolicyScope',
        AttributeValue: 'Nope',
      }),
    ),
  );
  assert.equal(
    scope.message,
    'Invalid parameter: FilterPolicyScope: Invalid value [Nope]. Please use either MessageBody or MessageAttributes',
  );
  const name = await failure(() =>
    sns.send(
      new SetSubscriptionAttributesCommand({
        SubscriptionArn,
        AttributeName: 'Bogus',
        AttributeValue: 'x',
      }),
    ),
  );
  assert.equal(name.message, 'Invalid parameter: AttributeName');
  const redrive = await failure(() =>
    sns.send(
      new SetSubscriptionAttributesCommand({
        SubscriptionArn,
        AttributeName: 'RedrivePolicy',
        AttributeValue: '{"deadLetterTargetArn":"nope"}',
      }),
    ),
  );
  assert.equal(
    redrive.message,
    'Invalid parameter: RedrivePolicy: deadLetterTargetArn is an invalid arn',
  );
  await sns.send(
    new SetSubscriptionAttributesCommand({
      SubscriptionArn,
      AttributeName: 'FilterPolicy',
      AttributeValue: '',
    }),
  );
  attrs = await get();
  assert.equal(attrs['FilterPolicy'], undefined);
  assert.equal(attrs['FilterPolicyScope'], undefined);
});

test('Unsubscribe is idempotent and reports AWS texts for malformed ARNs', async () => {
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'unsub' }));
  const { SubscriptionArn } = await sns.send(
    new SubscribeCommand({
      TopicArn,
      Protocol: 'sqs',
      Endpoint: `arn:aws:sqs:us-east-1:${ACCOUNT}:unsub-q`,
    }),
  );
  await sns.send(new UnsubscribeCommand({ SubscriptionArn }));
  await sns.send(new UnsubscribeCommand({ SubscriptionArn }));
  const attrs = await sns.send(new GetTopicAttributesCommand({ TopicArn }));
  assert.equal(attrs.Attributes?.['SubscriptionsDeleted'], '1');
  const gone = await failure(() =>
    sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn })),
  );
  assert.equal(gone.name, 'NotFoundException');
  assert.equal(gone.message, 'Subscription does not exist');
  const cases: [string, string][] = [
    [
      'randomstring',
      'Invalid parameter: SubscriptionArn Reason: An ARN must have at least 6 elements, not 1',
    ],
    [
      'arn:aws:sns:us-east-1:111',
      'Invalid parameter: SubscriptionArn Reason: An ARN must have at least 6 elements, not 5',
    ],
    ['arn:aws:sns:us-east-1:111111111111:random', 'Invalid parameter: SubscriptionId'],
  ];
  for (const [value, message] of cases) {
    const e = await failure(() => sns.send(new UnsubscribeCommand({ SubscriptionArn: value })));
    assert.equal(e.message, message);
  }
});

test('tags: add, overwrite, duplicate keys rejected, untag, missing topic', async () => {
  const { TopicArn } = await sns.send(
    new CreateTopicCommand({ Name: 'tagged', Tags: [{ Key: 'a', Value: '1' }] }),
  );
  await sns.send(
    new TagResourceCommand({
      ResourceArn: TopicArn,
      Tags: [
        { Key: 'b', Value: '2' },
        { Key: 'a', Value: '3' },
      ],
    }),
  );
  let tags = await sns.send(new ListTagsForResourceCommand({ ResourceArn: TopicArn }));
  assert.deepEqual(tags.Tags, [
    { Key: 'a', Value: '3' },
    { Key: 'b', Value: '2' },
  ]);
  const dup = await failure(() =>
    sns.send(
      new TagResourceCommand({
        ResourceArn: TopicArn,
        Tags: [
          { Key: 'c', Value: '1' },
          { Key: 'c', Value: '2' },
        ],
      }),
    ),
  );
  assert.equal(dup.message, 'Invalid parameter: Duplicated keys are not allowed.');
  await sns.send(new UntagResourceCommand({ ResourceArn: TopicArn, TagKeys: ['a'] }));
  tags = await sns.send(new ListTagsForResourceCommand({ ResourceArn: TopicArn }));
  assert.deepEqual(tags.Tags, [{ Key: 'b', Value: '2' }]);
  const missing = await failure(() =>
    sns.send(new ListTagsForResourceCommand({ ResourceArn: arn('untagged-ghost') })),
  );
  assert.equal(missing.name, 'ResourceNotFoundException');
  assert.equal(missing.status, 404);
});

test('AddPermission appends a statement; duplicates and foreign actions are rejected; RemovePermission', async () => {
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'perms' }));
  await sns.send(
    new AddPermissionCommand({
      TopicArn,
      Label: 'p1',
      AWSAccountId: ['111122223333'],
      ActionName: ['Publish'],
    }),
  );
  let policy = JSON.parse(
    (await sns.send(new GetTopicAttributesCommand({ TopicArn }))).Attributes?.['Policy'] ?? '{}',
  ) as Policy;
  const added = policy.Statement.find((s) => s.Sid === 'p1')!;
  assert.deepEqual(added.Action, 'SNS:Publish');
  assert.deepEqual(added.Principal, { AWS: 'arn:aws:iam::111122223333:root' });
  const dup = await failure(() =>
    sns.send(
      new AddPermissionCommand({
        TopicArn,
        Label: 'p1',
        AWSAccountId: ['111122223333'],
        ActionName: ['Publish'],
      }),
    ),
  );
  assert.equal(dup.message, 'Invalid parameter: Statement already exists');
  const scope = await failure(() =>
    sns.send(
      new AddPermissionCommand({
        TopicArn,
        Label: 'p2',
        AWSAccountId: ['111122223333'],
        ActionName: ['SendMessage'],
      }),
    ),
  );
  assert.equal(scope.message, 'Invalid parameter: Policy statement action out of service scope!');
  await sns.send(new RemovePermissionCommand({ TopicArn, Label: 'p1' }));
  policy = JSON.parse(
    (await sns.send(new GetTopicAttributesCommand({ TopicArn }))).Attributes?.['Policy'] ?? '{}',
  ) as Policy;
  assert.ok(!policy.Statement.some((s) => s.Sid === 'p1'));
});

test('Publish validation errors carry AWS texts', async () => {
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'pubval' }));
  const cases: [ConstructorParameters<typeof PublishCommand>[0], string, string][] = [
    [{ TopicArn, Message: '' }, 'InvalidParameterException', 'Invalid parameter: Empty message'],
    [
      { TopicArn, Message: 'x', Subject: '' },
      'InvalidParameterException',
      'Invalid parameter: Subject',
    ],
    [
      { TopicArn, Message: 'x'.repeat(262_145) },
      'InvalidParameterException',
      'Invalid parameter: Message too long',
    ],
    [
      { TopicArn, Message: 'not json', MessageStructure: 'json' },
      'InvalidParameterException',
      'Invalid parameter: Message Structure - JSON message body failed to parse',
    ],
    [
      { TopicArn, Message: '{"sqs":"x"}', MessageStructure: 'json' },
      'InvalidParameterException',
      'Invalid parameter: Message Structure - No default entry in JSON message body',
    ],
    [
      { TopicArn, Message: 'x', MessageDeduplicationId: 'd' },
      'InvalidParameterException',
      'Invalid parameter: MessageDeduplicationId Reason: The request includes MessageDeduplicationId parameter that is not valid for this topic type',
    ],
    [
      {
        TopicArn,
        Message: 'x',
        MessageAttributes: { 'a^b': { DataType: 'String', StringValue: 'v' } },
      },
      'InvalidParameterValueException',
      "Invalid non-alphanumeric character '#x5E' was found in the message attribute name. Can only include alphanumeric characters, hyphens, underscores, or dots.",
    ],
    [
      {
        TopicArn,
        Message: 'x',
        MessageAttributes: { n: { DataType: 'Stringprefixed', StringValue: 'v' } },
      },
      'InvalidParameterValueException',
      "The message attribute 'n' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.",
    ],
    [
      {
        TopicArn,
        Message: 'x',
        MessageAttributes: { n: { DataType: 'Number', BinaryValue: new Uint8Array([1]) } },
      },
      'InvalidParameterValueException',
      "The message attribute 'n' with type 'Number' must use field 'String'.",
    ],
    [
      { TopicArn, Message: 'x', MessageAttributes: { n: { DataType: 'String', StringValue: '' } } },
      'InvalidParameterValueException',
      "The message attribute 'n' must contain non-empty message attribute value for message attribute type 'String'.",
    ],
    [{ TopicArn: arn('nowhere'), Message: 'x' }, 'NotFoundException', 'Topic does not exist'],
    [
      { PhoneNumber: '12', Message: 'x' },
      'InvalidParameterException',
      'Invalid parameter: PhoneNumber Reason: 12 is not valid to publish to',
    ],
  ];
  for (const [input, name, message] of cases) {
    const e = await failure(() => sns.send(new PublishCommand(input)));
    assert.equal(e.name, name, message);
    assert.equal(e.message, message);
  }
});

test('an unknown Action is InvalidAction', async () => {
  const res = await fetch(`${stratus.awsEndpoint}/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization:
        'AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/sns/aws4_request, SignedHeaders=host, Signature=00',
    },
    body: 'Action=Bogus&Version=2010-03-31',
  });
  assert.equal(res.status, 400);
  const text = await res.text();
  assert.match(text, /<Code>InvalidAction<\/Code>/);
  assert.match(text, /<Type>Sender<\/Type>/);
  assert.match(text, /xmlns="http:\/\/sns.amazonaws.com\/doc\/2010-03-31\/"/);
});
