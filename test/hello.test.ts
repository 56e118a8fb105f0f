// examples/hello end to end: real HTTP against the app port, the real AWS SDK Lambda client
// against the AWS endpoint.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  InvokeCommand,
  LambdaClient,
  ListFunctionsCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-lambda';
import { NodeHttp2Handler } from '@smithy/node-http-handler';
import { examplePath, sdkConfig, startTestStratus, type TestStratus } from './helpers/stratus.js';

describe('examples/hello', () => {
  let stratus: TestStratus;
  let lambda: LambdaClient;

  before(async () => {
    stratus = await startTestStratus(examplePath('hello'));
    lambda = new LambdaClient(sdkConfig(stratus));
  });

  after(async () => {
    lambda.destroy();
    await stratus.stop();
  });

  test('REST route on the Prod stage gets a payload 1.0 event and the parameter default', async () => {
    const res = await fetch(`${stratus.url}/Prod/hello?name=rest`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/json');
    assert.ok(res.headers.get('x-amzn-requestid'));
    const body = (await res.json()) as { message: string; payloadVersion: string };
    assert.equal(body.message, 'Hello, rest!');
    assert.equal(body.payloadVersion, '1.0');
  });

  test('HTTP API route at the root gets a payload 2.0 event with path parameters', async () => {
    const res = await fetch(`${stratus.url}/hello/bob`);
    assert.equal(res.status, 200);
    assert.ok(res.headers.get('apigw-requestid'));
    const body = (await res.json()) as { message: string; payloadVersion: string };
    assert.equal(body.message, 'Hello, bob!');
    assert.equal(body.payloadVersion, '2.0');
  });

  test('a warm environment keeps module state between invocations', async () => {
    const first = (await (await fetch(`${stratus.url}/hello/a`)).json()) as { invocations: number };
    const second = (await (await fetch(`${stratus.url}/hello/b`)).json()) as {
      invocations: number;
    };
    assert.equal(second.invocations, first.invocations + 1);
  });

  test('a function that throws gives REST 502 Internal server error', async () => {
    const res = await fetch(`${stratus.url}/Prod/fail`);
    assert.equal(res.status, 502);
    assert.deepEqual(await res.json(), { message: 'Internal server error' });
  });

  test('a function that times out gives 502, logs the timeout, and the next request still works', async () => {
    const res = await fetch(`${stratus.url}/Prod/slow`);
    assert.equal(res.status, 502);
    assert.ok(stratus.logs.lines.some((l) => /Task timed out after 1\.\d\d seconds/.test(l)));
    const again = await fetch(`${stratus.url}/Prod/hello`);
    assert.equal(again.status, 200);
  });

  test('an unknown REST path gives 403 Missing Authentication Token', async () => {
    const res = await fetch(`${stratus.url}/Prod/nope`);
    assert.equal(res.status, 403);
    assert.equal(res.headers.get('x-amzn-errortype'), 'MissingAuthenticationTokenException');
    assert.deepEqual(await res.json(), { message: 'Missing Authentication Token' });
  });

  test('Lambda Invoke through the SDK returns the payload, executed version and log tail', async () => {
    const out = await lambda.send(
      new InvokeCommand({
        FunctionName: 'HelloFunction',
        Payload: Buffer.from(JSON.stringify({ queryStringParameters: { name: 'sdk' } })),
        LogType: 'Tail',
      }),
    );
    assert.equal(out.StatusCode, 200);
    assert.equal(out.ExecutedVersion, '$LATEST');
    assert.equal(out.FunctionError, undefined);
    const payload = JSON.parse(Buffer.from(out.Payload!).toString()) as {
      statusCode: number;
      body: string;
    };
    assert.equal(JSON.parse(payload.body).message, 'Hello, sdk!');
    const log = Buffer.from(out.LogResult!, 'base64').toString();
    assert.match(log, /START RequestId: [0-9a-f-]{36} Version: \$LATEST/);
    assert.match(log, /greeting sdk/);
    assert.match(
      log,
      /REPORT RequestId: [0-9a-f-]{36}\tDuration: \d+\.\d\d ms\tBilled Duration: \d+ ms\tMemory Size: 128 MB/,
    );
  });

  test('Lambda Invoke of a throwing function answers 200 with FunctionError Unhandled', async () => {
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'FailFunction' }));
    assert.equal(out.StatusCode, 200);
    assert.equal(out.FunctionError, 'Unhandled');
    const error = JSON.parse(Buffer.from(out.Payload!).toString()) as {
      errorType: string;
      errorMessage: string;
      trace: string[];
    };
    assert.equal(error.errorType, 'OrderNotFound');
    assert.equal(error.errorMessage, 'no order 42');
    assert.ok(Array.isArray(error.trace));
  });

  test('Event invocations answer 202 and DryRun 204', async () => {
    const event = await lambda.send(
      new InvokeCommand({ FunctionName: 'HelloFunction', InvocationType: 'Event' }),
    );
    assert.equal(event.StatusCode, 202);
    const dry = await lambda.send(
      new InvokeCommand({ FunctionName: 'HelloFunction', InvocationType: 'DryRun' }),
    );
    assert.equal(dry.StatusCode, 204);
  });

  test('the AWS endpoint serves SDK clients over cleartext HTTP/2 too', async () => {
    const h2 = new LambdaClient({ ...sdkConfig(stratus), requestHandler: new NodeHttp2Handler() });
    try {
      const out = await h2.send(
        new InvokeCommand({ FunctionName: 'HelloFunction', Payload: Buffer.from('{}') }),
      );
      assert.equal(out.StatusCode, 200);
      const payload = JSON.parse(Buffer.from(out.Payload!).toString()) as { statusCode: number };
      assert.equal(payload.statusCode, 200);
    } finally {
      h2.destroy();
    }
  });

  test('Invoke of an unknown function fails with ResourceNotFoundException', async () => {
    await assert.rejects(lambda.send(new InvokeCommand({ FunctionName: 'Nope' })), (e: unknown) => {
      assert.ok(e instanceof ResourceNotFoundException);
      assert.equal(
        e.message,
        'Function not found: arn:aws:lambda:us-east-1:123456789012:function:Nope',
      );
      assert.equal(e.$metadata.httpStatusCode, 404);
      return true;
    });
  });

  test('GetFunction, GetFunctionConfiguration and ListFunctions describe the template', async () => {
    const fn = await lambda.send(new GetFunctionCommand({ FunctionName: 'HelloFunction' }));
    assert.equal(fn.Configuration?.Runtime, 'nodejs20.x');
    assert.equal(fn.Configuration?.Handler, 'hello.handler');
    assert.equal(fn.Configuration?.Environment?.Variables?.['GREETING'], 'Hello');
    const config = await lambda.send(
      new GetFunctionConfigurationCommand({
        FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:SlowFunction',
      }),
    );
    assert.equal(config.Timeout, 1);
    assert.equal(config.MemorySize, 128);
    const list = await lambda.send(new ListFunctionsCommand({}));
    assert.deepEqual(
      list.Functions?.map((f) => f.FunctionName),
      ['FailFunction', 'HelloFunction', 'SlowFunction'],
    );
    const page = await lambda.send(new ListFunctionsCommand({ MaxItems: 2 }));
    assert.equal(page.Functions?.length, 2);
    const rest = await lambda.send(new ListFunctionsCommand({ Marker: page.NextMarker }));
    assert.deepEqual(
      rest.Functions?.map((f) => f.FunctionName),
      ['SlowFunction'],
    );
  });
});

describe('examples/hello with a parameter override', () => {
  test('the override reaches the function environment', async () => {
    const stratus = await startTestStratus(examplePath('hello'), {
      parameterOverrides: { Greeting: 'Howdy' },
    });
    try {
      const body = (await (await fetch(`${stratus.url}/hello/pat`)).json()) as { message: string };
      assert.equal(body.message, 'Howdy, pat!');
    } finally {
      await stratus.stop();
    }
  });
});
