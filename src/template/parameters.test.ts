import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isStratusError } from '../core/errors.js';
import { loadText, SAM_HEAD } from './test-helpers.js';

const withParams = (params: string): string => {
  const join = params.includes('List') ? '!Join [",", !Ref P]' : '!Join [",", [!Ref P]]';
  return `${SAM_HEAD}
Parameters:
${params}
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Environment:
        Variables:
          P: ${join}
`;
};

const value = async (
  params: string,
  overrides?: Record<string, string>,
): Promise<string | undefined> =>
  (
    await loadText(
      withParams(params),
      overrides === undefined ? {} : { parameterOverrides: overrides },
    )
  ).functions[0]!.environment['P'];

const rejectsWith = (
  params: string,
  overrides: Record<string, string>,
  text: string,
): Promise<void> =>
  assert.rejects(
    loadText(withParams(params), { parameterOverrides: overrides }),
    (e) =>
      isStratusError(e, 'ERR_TEMPLATE_INVALID') &&
      e.message.includes('Parameters.P') &&
      e.message.includes(text),
  );

test('Default applies, and an override wins over it', async () => {
  assert.equal(await value('  P: {Type: String, Default: a}'), 'a');
  assert.equal(await value('  P: {Type: String, Default: a}', { P: 'b' }), 'b');
});

test('CommaDelimitedList and List<Number> Ref to lists', async () => {
  assert.equal(await value('  P: {Type: CommaDelimitedList, Default: "x, y,z"}'), 'x,y,z');
  assert.equal(await value('  P: {Type: List<Number>}', { P: '1,2' }), '1,2');
  await rejectsWith('  P: {Type: List<Number>}', { P: '1,b' }, "must be a number, got 'b'");
});

test('a parameter without default or override is an error naming it', async () => {
  await rejectsWith('  P: {Type: String}', {}, "parameter 'P' has no value");
});

test('AllowedValues, AllowedPattern, MinLength/MaxLength, MinValue/MaxValue are enforced', async () => {
  await rejectsWith(
    '  P: {Type: String, AllowedValues: [dev, prod]}',
    { P: 'qa' },
    "value 'qa' is not one of the AllowedValues [dev, prod]",
  );
  await rejectsWith(
    '  P: {Type: String, AllowedPattern: "[a-z]+"}',
    { P: 'abc1' },
    'does not match AllowedPattern',
  );
  await rejectsWith('  P: {Type: String, MinLength: 3}', { P: 'ab' }, 'at least 3 characters');
  await rejectsWith('  P: {Type: String, MaxLength: 2}', { P: 'abc' }, 'at most 2 characters');
  await rejectsWith('  P: {Type: Number, MinValue: 5}', { P: '4' }, 'at least 5');
  await rejectsWith('  P: {Type: Number, MaxValue: 5}', { P: '6' }, 'at most 5');
  await rejectsWith('  P: {Type: Number}', { P: 'ten' }, 'must be a number');
  assert.equal(await value('  P: {Type: Number, MinValue: 1, MaxValue: 9, Default: 5}'), '5');
  assert.equal(await value('  P: {Type: String, AllowedPattern: "[a-z]+", Default: abc}'), 'abc');
});

test('AWS-specific parameter types are plain strings', async () => {
  assert.equal(await value('  P: {Type: "AWS::EC2::VPC::Id", Default: vpc-123}'), 'vpc-123');
});

test('an override for an undeclared parameter is a warning', async () => {
  const model = await loadText(withParams('  P: {Type: String, Default: a}'), {
    parameterOverrides: { Nope: 'x' },
  });
  assert.ok(model.warnings.some((w) => w.message.includes("'Nope'")));
});

test('pseudo parameters resolve from the load options', async () => {
  const model = await loadText(
    `${SAM_HEAD}
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Environment:
        Variables:
          ID: !Ref AWS::StackId
          N: !Join [',', !Ref AWS::NotificationARNs]
`,
    { region: 'eu-west-1', accountId: '111122223333', stackName: 'shop' },
  );
  assert.match(
    model.functions[0]!.environment['ID']!,
    /^arn:aws:cloudformation:eu-west-1:111122223333:stack\/shop\/[0-9a-f-]{36}$/,
  );
  assert.equal(model.functions[0]!.environment['N'], '');
  assert.equal(model.functions[0]!.arn, 'arn:aws:lambda:eu-west-1:111122223333:function:Fn');
});
