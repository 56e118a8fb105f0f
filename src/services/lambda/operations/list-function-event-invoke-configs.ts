/** ListFunctionEventInvokeConfigs: `GET /2019-09-25/functions/{FunctionName}/event-invoke-config/list`. */
import { jsonResponse } from '../../../protocol/rest-json.js';
import type { AwsRequest, AwsResponse } from '../../../protocol/types.js';
import type { LambdaBackend, LambdaInvokeConfigsBackend } from '../backend.js';
import { invokeConfigTarget, renderInvokeConfig } from '../event-invoke-config.js';

export function listFunctionEventInvokeConfigs(
  functions: LambdaBackend,
  configs: LambdaInvokeConfigsBackend,
  req: AwsRequest,
  params: Record<string, string>,
  ctx: { region: string; accountId: string },
): AwsResponse {
  // Only $LATEST exists, so there is at most one config per function.
  const target = invokeConfigTarget(functions, params['FunctionName'] ?? '', null, ctx);
  const record = configs.get(target.name);
  return jsonResponse(req, 200, {
    FunctionEventInvokeConfigs:
      record === undefined ? [] : [renderInvokeConfig(target.arn, record)],
  });
}
