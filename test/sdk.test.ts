// Handlers that call AWS through the SDK with no options reach Stratus: the runtime supplies the
// SDK, AWS_ENDPOINT_URL, the region and per-function credentials, as Lambda does.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { fixturePath, startTestStratus, type TestStratus } from './helpers/stratus.js';

let stratus: TestStratus;
before(async () => {
  stratus = await startTestStratus(fixturePath('sdk'));
});
after(() => stratus.stop());

async function invokeJson(name: string): Promise<unknown> {
  const result = await stratus.invoke({ functionName: name, payload: Buffer.from('{}') });
  assert.equal(result.functionError, undefined, result.payload.toString());
  return JSON.parse(result.payload.toString());
}

test('a CommonJS handler lists functions through an SDK client created without options', async () => {
  const out = (await invokeJson('ListerFunction')) as {
    names: string[];
    region: string;
    keyId: string;
  };
  assert.deepEqual(out.names, ['CallerFunction', 'EsmListerFunction', 'ListerFunction']);
  assert.equal(out.region, 'us-east-1');
  assert.match(out.keyId, /^[A-Z0-9]{20}$/);
});

test('an ES module handler imports the SDK by bare specifier', async () => {
  assert.deepEqual(await invokeJson('EsmListerFunction'), { first: 'CallerFunction' });
});

test('a function invokes another one through the Lambda API', async () => {
  const out = (await invokeJson('CallerFunction')) as { names: string[] };
  assert.equal(out.names.length, 3);
});
