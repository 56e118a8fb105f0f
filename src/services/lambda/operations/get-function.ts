/** GetFunction: `GET /2015-03-31/functions/{FunctionName}`. */
import { jsonResponse } from '../../../protocol/rest-json.js';
import type { AwsRequest, AwsResponse } from '../../../protocol/types.js';
import type { LambdaBackend } from '../backend.js';
import { toFunctionConfiguration } from '../function-configuration.js';
import { findFunction } from '../find-function.js';

export function getFunction(
  backend: LambdaBackend,
  req: AwsRequest,
  params: Record<string, string>,
  ctx: { region: string; accountId: string; awsEndpoint: string },
): AwsResponse {
  const info = findFunction(backend, params['FunctionName'] ?? '', req.query.get('Qualifier'), ctx);
  const body: Record<string, unknown> = {
    Configuration: toFunctionConfiguration(info),
    // By design: code is a local folder, so Location is a file URL rather than a presigned S3 URL.
    Code: { RepositoryType: 'S3', Location: `file://${info.model.codeDir}` },
  };
  if (Object.keys(info.model.tags).length > 0) body['Tags'] = info.model.tags;
  if (info.model.reservedConcurrency !== undefined) {
    body['Concurrency'] = { ReservedConcurrentExecutions: info.model.reservedConcurrency };
  }
  return jsonResponse(req, 200, body);
}
