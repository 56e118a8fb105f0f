import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { StratusError } from '../core/errors.js';
import { parseTemplateText } from './parse-template.js';
import { loadText, SAM_HEAD } from './test-helpers.js';

// Bad input must give an operator error, never a crash (DESIGN.md, "Reliability").
const onlyStratusErrors = (fn: () => unknown): void => {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof StratusError, `expected a StratusError, got ${String(e)}`);
  }
};

test('parsing arbitrary text yields data or ERR_TEMPLATE_PARSE, never another error', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 200 }), (text) =>
      onlyStratusErrors(() => parseTemplateText(text, 't.yaml')),
    ),
    { numRuns: 300 },
  );
  fc.assert(
    fc.property(
      fc.array(
        fc.constantFrom(
          '!Ref ',
          '!GetAtt ',
          '!Sub ',
          '!If ',
          '[',
          ']',
          '{',
          '}',
          ':',
          '\n',
          '  ',
          '- ',
          'a',
          '.',
          ',',
          "'",
          '"',
          '!Reff ',
        ),
        { maxLength: 40 },
      ),
      (parts) => onlyStratusErrors(() => parseTemplateText(parts.join(''), 't.yaml')),
    ),
    { numRuns: 300 },
  );
});

const intrinsic = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string({ maxLength: 8 }),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('a', 'b', 'Ref', 'Fn::Sub', 'Fn::Join'), tie('value'), {
      maxKeys: 2,
    }),
    tie('call'),
  ),
  call: fc
    .tuple(
      fc.constantFrom(
        'Ref',
        'Fn::GetAtt',
        'Fn::Sub',
        'Fn::Join',
        'Fn::Select',
        'Fn::Split',
        'Fn::FindInMap',
        'Fn::Base64',
        'Fn::If',
        'Fn::Equals',
        'Fn::Cidr',
        'Fn::GetAZs',
        'Fn::Nope',
      ),
      fc.oneof(fc.constantFrom('Q', 'Q.Arn', 'AWS::Region', 'Missing', 'C', '${Q}'), tie('value')),
    )
    .map(([fn, arg]) => ({ [fn]: arg })),
}));

test('arbitrary intrinsics in a property load or fail with a StratusError', async () => {
  await fc.assert(
    fc.asyncProperty(intrinsic.value, async (value) => {
      const template = `${SAM_HEAD}
Conditions:
  C: !Equals [a, a]
Resources:
  Q: {Type: AWS::SQS::Queue}
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Environment:
        Variables:
          X: ${JSON.stringify(value)}
`;
      try {
        await loadText(template);
      } catch (e) {
        assert.ok(e instanceof StratusError, `expected a StratusError, got ${String(e)}`);
      }
    }),
    { numRuns: 150 },
  );
});
