// Bad input and faults: each gets the error AWS (or `sam local`) gives, and Stratus keeps serving.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { InvokeCommand, LambdaClient, TooManyRequestsException } from '@aws-sdk/client-lambda';
import { StratusError } from '../src/index.js';
import { fixturePath, sdkConfig, startTestStratus, type TestStratus } from './helpers/stratus.js';

interface ErrorDoc {
  errorType: string;
  errorMessage: string;
}

describe('function faults', () => {
  let stratus: TestStratus;
  let lambda: LambdaClient;

  before(async () => {
    stratus = await startTestStratus(fixturePath('faults'));
    lambda = new LambdaClient({ ...sdkConfig(stratus), maxAttempts: 1 });
  });

  after(async () => {
    lambda.destroy();
    await stratus.stop();
  });

  async function invokeError(name: string): Promise<ErrorDoc> {
    const out = await lambda.send(new InvokeCommand({ FunctionName: name }));
    assert.equal(out.StatusCode, 200);
    assert.equal(out.FunctionError, 'Unhandled');
    return JSON.parse(Buffer.from(out.Payload!).toString()) as ErrorDoc;
  }

  async function stillServes(): Promise<void> {
    const out = await lambda.send(
      new InvokeCommand({ FunctionName: 'EchoFunction', Payload: Buffer.from('{"a":1}') }),
    );
    assert.equal(out.FunctionError, undefined);
  }

  test('a handler file that does not exist → Runtime.ImportModuleError', async () => {
    const error = await invokeError('MissingFileFunction');
    assert.equal(error.errorType, 'Runtime.ImportModuleError');
    assert.match(error.errorMessage, /Cannot find module 'nothere'/);
    await stillServes();
  });

  test('an export that does not exist → Runtime.HandlerNotFound', async () => {
    const error = await invokeError('MissingExportFunction');
    assert.equal(error.errorType, 'Runtime.HandlerNotFound');
    assert.equal(error.errorMessage, 'echo.nothere is undefined or not exported');
  });

  test('a syntax error in the handler → Runtime.UserCodeSyntaxError', async () => {
    const error = await invokeError('SyntaxErrorFunction');
    assert.equal(error.errorType, 'Runtime.UserCodeSyntaxError');
    assert.match(error.errorMessage, /SyntaxError/);
  });

  test('process.exit in a handler → Runtime.ExitError, and the function runs again afterwards', async () => {
    const error = await invokeError('ExitFunction');
    assert.equal(error.errorType, 'Runtime.ExitError');
    assert.match(error.errorMessage, /Runtime exited with error: exit status 3/);
    const again = await invokeError('ExitFunction');
    assert.equal(again.errorType, 'Runtime.ExitError');
    await stillServes();
  });

  test('an endless loop is ended by the timeout → Sandbox.Timedout', async () => {
    const error = await invokeError('LoopFunction');
    assert.equal(error.errorType, 'Sandbox.Timedout');
    assert.match(
      error.errorMessage,
      /^RequestId: [0-9a-f-]{36} Error: Task timed out after 1\.\d\d seconds$/,
    );
    await stillServes();
  });

  test('running out of memory is a function error and Stratus stays up', async () => {
    const error = await invokeError('OomFunction');
    assert.equal(error.errorType, 'Runtime.OutOfMemory');
    await stillServes();
  });

  test('reserved concurrency: an invoke beyond it gets 429 TooManyRequestsException', async () => {
    const first = lambda.send(new InvokeCommand({ FunctionName: 'LimitedFunction' }));
    await new Promise((r) => setTimeout(r, 50));
    await assert.rejects(
      lambda.send(new InvokeCommand({ FunctionName: 'LimitedFunction' })),
      (e: unknown) => {
        assert.ok(e instanceof TooManyRequestsException);
        assert.equal(e.Reason, 'ReservedFunctionConcurrentInvocationLimitExceeded');
        assert.equal(e.$metadata.httpStatusCode, 429);
        return true;
      },
    );
    assert.equal((await first).StatusCode, 200);
  });

  test('a malformed Invoke payload → 400 InvalidRequestContentException', async () => {
    const res = await fetch(
      `${stratus.awsEndpoint}/2015-03-31/functions/EchoFunction/invocations`,
      {
        method: 'POST',
        body: '{not json',
      },
    );
    assert.equal(res.status, 400);
    assert.equal(res.headers.get('x-amzn-errortype'), 'InvalidRequestContentException');
    const body = (await res.json()) as { Type: string; message: string };
    assert.equal(body.Type, 'User');
    assert.match(body.message, /^Could not parse request body into json/);
  });

  test('an invalid InvocationType header → 400 ValidationException', async () => {
    const res = await fetch(
      `${stratus.awsEndpoint}/2015-03-31/functions/EchoFunction/invocations`,
      {
        method: 'POST',
        headers: { 'x-amz-invocation-type': 'Sometimes' },
        body: '{}',
      },
    );
    assert.equal(res.status, 400);
    assert.equal(res.headers.get('x-amzn-errortype'), 'ValidationException');
  });

  test('a 7 MB Invoke payload → 413 RequestTooLargeException', async () => {
    const res = await fetch(
      `${stratus.awsEndpoint}/2015-03-31/functions/EchoFunction/invocations`,
      {
        method: 'POST',
        body: JSON.stringify({ data: 'x'.repeat(7 * 1024 * 1024) }),
      },
    );
    assert.equal(res.status, 413);
    assert.equal(res.headers.get('x-amzn-errortype'), 'RequestTooLargeException');
    await stillServes();
  });

  test('a 7 MB body through the REST API gets the gateway error, and the next request works', async () => {
    const res = await fetch(`${stratus.url}/Prod/echo`, {
      method: 'POST',
      body: 'x'.repeat(7 * 1024 * 1024),
    });
    assert.ok(res.status === 413 || res.status >= 500, `status ${res.status}`);
    const ok = await fetch(`${stratus.url}/Prod/echo`, { method: 'POST', body: 'hello' });
    assert.equal(ok.status, 200);
    assert.deepEqual(await ok.json(), { length: 5 });
  });

  test('an 11 MB body through the REST API → 413 Request Too Long', async () => {
    const res = await fetch(`${stratus.url}/Prod/echo`, {
      method: 'POST',
      body: 'x'.repeat(11 * 1024 * 1024),
    });
    assert.equal(res.status, 413);
    assert.deepEqual(await res.json(), { message: 'Request Too Long' });
  });
});

describe('template errors', () => {
  test('a Ref to an unknown resource fails start with a message naming the file, resource and property', async () => {
    await assert.rejects(startTestStratus(fixturePath('broken')), (e: unknown) => {
      assert.ok(e instanceof StratusError);
      assert.equal(e.code, 'ERR_TEMPLATE_INVALID');
      assert.match(e.message, /template\.yaml/);
      assert.match(e.message, /HelloFunction/);
      assert.match(e.message, /TABLE/);
      assert.match(e.message, /Tabel/);
      return true;
    });
  });
});
