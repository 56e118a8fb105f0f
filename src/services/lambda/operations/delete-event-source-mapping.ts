/** DeleteEventSourceMapping: `DELETE /2015-03-31/event-source-mappings/{UUID}` → 202 Deleting. */
import { jsonResponse } from '../../../protocol/rest-json.js';
import type { AwsRequest, AwsResponse } from '../../../protocol/types.js';
import type { LambdaMappingsBackend } from '../backend.js';
import { toEventSourceMappingConfiguration } from '../event-source-mapping-configuration.js';
import { findMapping } from './get-event-source-mapping.js';

export async function deleteEventSourceMapping(
  mappings: LambdaMappingsBackend,
  req: AwsRequest,
  params: Record<string, string>,
  ctx: { region: string; accountId: string },
): Promise<AwsResponse> {
  const record = findMapping(mappings, params);
  await mappings.delete(record.model.uuid);
  return jsonResponse(req, 202, toEventSourceMappingConfiguration(record, ctx, 'Deleting'));
}
