/** GetFunctionConfiguration: `GET /2015-03-31/functions/{FunctionName}/configuration`. */
import { jsonResponse } from '../../../protocol/rest-json.js';
import type { AwsRequest, AwsResponse } from '../../../protocol/types.js';
import type { LambdaBackend } from '../backend.js';
import { toFunctionConfiguration } from '../function-configuration.js';
import { findFunction } from '../find-function.js';

export function getFunctionConfiguration(
  backend: LambdaBackend,
  req: AwsRequest,
  params: Record<string, string>,
  ctx: { region: string; accountId: string },
): AwsResponse {
  const info = findFunction(backend, params['FunctionName'] ?? '', req.query.get('Qualifier'), ctx);
  return jsonResponse(req, 200, toFunctionConfiguration(info));
}
