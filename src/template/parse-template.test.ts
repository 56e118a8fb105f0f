import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isStratusError } from '../core/errors.js';
import { parseTemplateText } from './parse-template.js';

const parse = (text: string): Record<string, unknown> =>
  parseTemplateText(text, '/t/template.yaml');

test('every CloudFormation short-form tag becomes its long form', () => {
  const doc = parse(`
a: !Ref Param
b: !GetAtt Res.Attr
c: !GetAtt [Res, Attr]
d: !Sub 'x-\${AWS::Region}'
e: !Sub ['\${A}', {A: 1}]
f: !Join [',', [a, b]]
g: !If [Cond, 1, 2]
h: !Select [0, [a]]
i: !Split [',', 'a,b']
j: !FindInMap [M, K, V]
k: !Equals [a, b]
l: !Not [!Condition C]
m: !And [!Condition A, !Condition B]
n: !Or [!Condition A, !Condition B]
o: !Base64 abc
p: !GetAZs ''
q: !Cidr [10.0.0.0/16, 2, 8]
r: !Condition C
s: !ImportValue Shared
`);
  assert.deepEqual(doc, {
    a: { Ref: 'Param' },
    b: { 'Fn::GetAtt': ['Res', 'Attr'] },
    c: { 'Fn::GetAtt': ['Res', 'Attr'] },
    d: { 'Fn::Sub': 'x-${AWS::Region}' },
    e: { 'Fn::Sub': ['${A}', { A: 1 }] },
    f: { 'Fn::Join': [',', ['a', 'b']] },
    g: { 'Fn::If': ['Cond', 1, 2] },
    h: { 'Fn::Select': [0, ['a']] },
    i: { 'Fn::Split': [',', 'a,b'] },
    j: { 'Fn::FindInMap': ['M', 'K', 'V'] },
    k: { 'Fn::Equals': ['a', 'b'] },
    l: { 'Fn::Not': [{ Condition: 'C' }] },
    m: { 'Fn::And': [{ Condition: 'A' }, { Condition: 'B' }] },
    n: { 'Fn::Or': [{ Condition: 'A' }, { Condition: 'B' }] },
    o: { 'Fn::Base64': 'abc' },
    p: { 'Fn::GetAZs': '' },
    q: { 'Fn::Cidr': ['10.0.0.0/16', 2, 8] },
    r: { Condition: 'C' },
    s: { 'Fn::ImportValue': 'Shared' },
  });
});

test('!GetAtt A.B.C splits at the first dot only', () => {
  assert.deepEqual(parse('x: !GetAtt Db.Endpoint.Address'), {
    x: { 'Fn::GetAtt': ['Db', 'Endpoint.Address'] },
  });
});

test('YAML is read as PyYAML reads it: yes/on are booleans, y and dates stay strings', () => {
  assert.deepEqual(parse('a: yes\nb: off\nc: y\nd: 2024-01-01\n'), {
    a: true,
    b: false,
    c: 'y',
    d: '2024-01-01',
  });
});

test('a YAML syntax error is ERR_TEMPLATE_PARSE naming file and line', () => {
  assert.throws(
    () => parse('Resources:\n  A:\n    Type: [unclosed\n'),
    (e) =>
      isStratusError(e, 'ERR_TEMPLATE_PARSE') && /^\/t\/template\.yaml:\d+:\d+: /.test(e.message),
  );
});

test('an unknown tag is a parse error naming its line', () => {
  assert.throws(
    () => parse('a: 1\nb: !Reff X\n'),
    (e) =>
      isStratusError(e, 'ERR_TEMPLATE_PARSE') &&
      e.message.startsWith('/t/template.yaml:2:') &&
      e.message.includes('!Reff'),
  );
});

test('JSON templates parse, and JSON errors name a line', () => {
  assert.deepEqual(parseTemplateText('{"Resources": {"A": {"Type": "X"}}}', 'f.json'), {
    Resources: { A: { Type: 'X' } },
  });
  assert.throws(
    () => parseTemplateText('{\n  "Resources": {,}\n}', 'f.json'),
    (e) =>
      isStratusError(e, 'ERR_TEMPLATE_PARSE') && /^f\.json:2:\d+: invalid JSON/.test(e.message),
  );
});

test('duplicate keys are a parse error', () => {
  assert.throws(
    () => parse('a: 1\na: 2\n'),
    (e) => isStratusError(e, 'ERR_TEMPLATE_PARSE'),
  );
});

test('a lone dot is a string (CodeUri: .), while floats still parse', () => {
  const parsed = parseTemplateText('A: .\nB: 1.5\nC: .5\nE: 2.\n', 't.yaml') as Record<
    string,
    unknown
  >;
  assert.deepEqual(parsed, { A: '.', B: 1.5, C: 0.5, E: 2 });
});
