import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isStratusError } from '../core/errors.js';
import { mergeGlobals } from './globals.js';
import { loadText } from './test-helpers.js';

test('merge rules: primitives replaced, maps merged with resource winning, lists globals first', () => {
  assert.deepEqual(
    mergeGlobals(
      { Timeout: 10, Environment: { Variables: { A: 'g', B: 'g' } }, Layers: ['g1'] },
      { Timeout: 20, Environment: { Variables: { B: 'r', C: 'r' } }, Layers: ['r1'] },
    ),
    { Timeout: 20, Environment: { Variables: { A: 'g', B: 'r', C: 'r' } }, Layers: ['g1', 'r1'] },
  );
  assert.deepEqual(mergeGlobals({ X: { Ref: 'A' } }, { X: 'literal' }), { X: 'literal' });
});

test('Globals apply to functions, explicit and implicit APIs, and layers', async () => {
  const model = await loadText(`Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: nodejs20.x
    Handler: app.handler
    MemorySize: 512
    Environment: {Variables: {SHARED: one, OVERRIDE: global}}
    Layers: [!Ref Layer]
  Api:
    BinaryMediaTypes: [image~1png]
Resources:
  Layer:
    Type: AWS::Serverless::LayerVersion
    Properties: {ContentUri: layer/}
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      MemorySize: 1024
      Environment: {Variables: {OVERRIDE: local}}
      Layers: [arn:aws:lambda:us-east-1:123456789012:layer:other:3]
      Events:
        Get: {Type: Api, Properties: {Path: /, Method: get}}
`);
  const fn = model.functions[0]!;
  assert.equal(fn.memorySize, 1024);
  assert.equal(fn.runtime, 'nodejs20.x');
  assert.deepEqual(fn.environment, { SHARED: 'one', OVERRIDE: 'local' });
  assert.deepEqual(fn.layers, [
    'arn:aws:lambda:us-east-1:123456789012:layer:Layer:1',
    'arn:aws:lambda:us-east-1:123456789012:layer:other:3',
  ]);
  assert.deepEqual(fn.layerDirs, [model.layers[0]!.contentDir]);
  assert.ok(model.layers[0]!.contentDir.endsWith('/layer'));
  assert.deepEqual(model.restApis[0]!.binaryMediaTypes, ['image/png']);
});

test('properties SAM refuses in Globals are an error naming them', async () => {
  for (const [section, property] of [
    ['Function', 'Role'],
    ['Function', 'Events'],
    ['Function', 'FunctionName'],
    ['Function', 'Policies'],
    ['Api', 'StageName'],
    ['Api', 'DefinitionBody'],
  ]) {
    await assert.rejects(
      loadText(`Transform: AWS::Serverless-2016-10-31
Globals:
  ${section}:
    ${property}: x
Resources:
  Q: {Type: AWS::SQS::Queue}
`),
      (e) =>
        isStratusError(e, 'ERR_TEMPLATE_INVALID') &&
        e.message.includes(
          `Globals.${section}.${property}: '${property}' is not allowed in Globals`,
        ),
    );
  }
  await assert.rejects(
    loadText('Globals:\n  Functions: {Timeout: 3}\nResources:\n  Q: {Type: AWS::SQS::Queue}\n'),
    (e) =>
      isStratusError(e, 'ERR_TEMPLATE_INVALID') &&
      e.message.includes("Globals.Functions: 'Functions' is not a Globals section"),
  );
});
