/** DeleteFunctionEventInvokeConfig: `DELETE /2019-09-25/functions/{FunctionName}/event-invoke-config` → 204. */
import type { AwsRequest, AwsResponse } from '../../../protocol/types.js';
import type { LambdaBackend, LambdaInvokeConfigsBackend } from '../backend.js';
import { resourceNotFound } from '../errors.js';
import { invokeConfigTarget } from '../event-invoke-config.js';

export async function deleteFunctionEventInvokeConfig(
  functions: LambdaBackend,
  configs: LambdaInvokeConfigsBackend,
  req: AwsRequest,
  params: Record<string, string>,
  ctx: { region: string; accountId: string },
): Promise<AwsResponse> {
  const target = invokeConfigTarget(
    functions,
    params['FunctionName'] ?? '',
    req.query.get('Qualifier'),
    ctx,
  );
  if (configs.get(target.name) === undefined) {
    throw resourceNotFound(`The function ${target.arn} doesn't have an EventInvokeConfig`);
  }
  await configs.delete(target.name);
  return { status: 204, headers: { 'x-amzn-requestid': req.requestId }, body: '' };
}
