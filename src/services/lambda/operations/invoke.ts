/** Invoke: `POST /2015-03-31/functions/{FunctionName}/invocations`. */
import { AwsError } from '../../../core/errors.js';
import { jsonResponse } from '../../../protocol/rest-json.js';
import type { AwsRequest, AwsResponse } from '../../../protocol/types.js';
import type { LambdaBackend, LambdaInvokeInput } from '../backend.js';
import { checkFunctionName, validationError } from '../errors.js';

const INVOCATION_TYPES = ['Event', 'RequestResponse', 'DryRun'] as const;
const LOG_TYPES = ['None', 'Tail'] as const;
/** `X-Amz-Client-Context` is limited to 3583 bytes of base64 (Invoke API reference). */
const MAX_CLIENT_CONTEXT_BYTES = 3583;

export async function invoke(
  backend: LambdaBackend,
  req: AwsRequest,
  params: Record<string, string>,
): Promise<AwsResponse> {
  const functionName = params['FunctionName'] ?? '';
  checkFunctionName(functionName);
  const invocationType = req.headers['x-amz-invocation-type'] ?? 'RequestResponse';
  if (!(INVOCATION_TYPES as readonly string[]).includes(invocationType)) {
    throw validationError(
      invocationType,
      'invocationType',
      `Member must satisfy enum value set: [${INVOCATION_TYPES.join(', ')}]`,
    );
  }
  const logType = req.headers['x-amz-log-type'] ?? 'None';
  if (!(LOG_TYPES as readonly string[]).includes(logType)) {
    throw validationError(
      logType,
      'logType',
      `Member must satisfy enum value set: [${LOG_TYPES.join(', ')}]`,
    );
  }
  const input: LambdaInvokeInput = {
    functionName,
    payload: req.body,
    invocationType: invocationType as LambdaInvokeInput['invocationType'] & string,
    logType: logType as 'None' | 'Tail',
  };
  const qualifier = req.query.get('Qualifier');
  if (qualifier !== null) input.qualifier = qualifier;
  const clientContext = req.headers['x-amz-client-context'];
  if (clientContext !== undefined && clientContext !== '') {
    input.clientContext = decodeClientContext(clientContext);
  }

  const result = await backend.invoke(input);
  const headers: Record<string, string> = { 'x-amz-executed-version': result.executedVersion };
  if (result.functionError !== undefined) headers['x-amz-function-error'] = result.functionError;
  if (result.logResult !== undefined) headers['x-amz-log-result'] = result.logResult;
  if (result.statusCode !== 200) {
    return {
      status: result.statusCode,
      headers: { 'x-amzn-requestid': result.requestId, ...headers },
      body: '',
    };
  }
  const response = jsonResponse(req, 200, undefined, headers);
  response.headers['x-amzn-requestid'] = result.requestId;
  response.body = result.payload;
  return response;
}

/** Client context is base64 of a JSON object; the function receives the decoded JSON text. */
function decodeClientContext(value: string): string {
  if (value.length > MAX_CLIENT_CONTEXT_BYTES) {
    throw validationError(
      value,
      'clientContext',
      `Member must have length less than or equal to ${MAX_CLIENT_CONTEXT_BYTES}`,
    );
  }
  const text = Buffer.from(value, 'base64').toString('utf8');
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed === null || typeof parsed !== 'object') throw new Error('not an object');
  } catch {
    throw new AwsError(
      'InvalidRequestContentException',
      'Client context must be a valid Base64-encoded JSON object.',
      {
        status: 400,
        fields: { Type: 'User' },
      },
    );
  }
  return text;
}
