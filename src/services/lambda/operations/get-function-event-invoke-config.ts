/** GetFunctionEventInvokeConfig: `GET /2019-09-25/functions/{FunctionName}/event-invoke-config`. */
import { jsonResponse } from '../../../protocol/rest-json.js';
import type { AwsRequest, AwsResponse } from '../../../protocol/types.js';
import type { LambdaBackend, LambdaInvokeConfigsBackend } from '../backend.js';
import { resourceNotFound } from '../errors.js';
import { invokeConfigTarget, renderInvokeConfig } from '../event-invoke-config.js';

export function getFunctionEventInvokeConfig(
  functions: LambdaBackend,
  configs: LambdaInvokeConfigsBackend,
  req: AwsRequest,
  params: Record<string, string>,
  ctx: { region: string; accountId: string },
): AwsResponse {
  const target = invokeConfigTarget(
    functions,
    params['FunctionName'] ?? '',
    req.query.get('Qualifier'),
    ctx,
  );
  const record = configs.get(target.name);
  // Lambda API reference, GetFunctionEventInvokeConfig (verify exact text).
  if (record === undefined)
    throw resourceNotFound(`The function ${target.arn} doesn't have an EventInvokeConfig`);
  return jsonResponse(req, 200, renderInvokeConfig(target.arn, record));
}
