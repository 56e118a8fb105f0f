/** GetEventSourceMapping: `GET /2015-03-31/event-source-mappings/{UUID}`. */
import { jsonResponse } from '../../../protocol/rest-json.js';
import type { AwsRequest, AwsResponse } from '../../../protocol/types.js';
import type { LambdaMappingsBackend, LambdaMappingRecord } from '../backend.js';
import { toEventSourceMappingConfiguration } from '../event-source-mapping-configuration.js';
import { resourceNotFound } from '../errors.js';

export function getEventSourceMapping(
  mappings: LambdaMappingsBackend,
  req: AwsRequest,
  params: Record<string, string>,
  ctx: { region: string; accountId: string },
): AwsResponse {
  return jsonResponse(
    req,
    200,
    toEventSourceMappingConfiguration(findMapping(mappings, params), ctx),
  );
}

/** The mapping named by the UUID path label, or Lambda's 404. */
export function findMapping(
  mappings: LambdaMappingsBackend,
  params: Record<string, string>,
): LambdaMappingRecord {
  const record = mappings.get(params['UUID'] ?? '');
  if (record === undefined) throw resourceNotFound('The resource you requested does not exist.');
  return record;
}
