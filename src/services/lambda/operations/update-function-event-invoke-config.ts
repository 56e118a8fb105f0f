/** UpdateFunctionEventInvokeConfig: `POST /2019-09-25/functions/{FunctionName}/event-invoke-config` (merges). */
import { jsonResponse } from '../../../protocol/rest-json.js';
import type { AwsRequest, AwsResponse } from '../../../protocol/types.js';
import type { LambdaBackend, LambdaInvokeConfigsBackend } from '../backend.js';
import {
  invokeConfigTarget,
  readInvokeConfig,
  renderInvokeConfig,
} from '../event-invoke-config.js';
import { readJsonBody } from '../read-json-body.js';

export async function updateFunctionEventInvokeConfig(
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
  const base = configs.get(target.name)?.config ?? { qualifier: '$LATEST' };
  const record = await configs.put(target.name, readInvokeConfig(readJsonBody(req), base));
  return jsonResponse(req, 200, renderInvokeConfig(target.arn, record));
}
