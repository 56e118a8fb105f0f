/** UpdateEventSourceMapping: `PUT /2015-03-31/event-source-mappings/{UUID}` → 202 Updating. */
import { parseFunctionReference } from '../../../core/ids.js';
import { jsonResponse } from '../../../protocol/rest-json.js';
import type { AwsRequest, AwsResponse } from '../../../protocol/types.js';
import type { LambdaBackend, LambdaMappingsBackend } from '../backend.js';
import { toEventSourceMappingConfiguration } from '../event-source-mapping-configuration.js';
import { readUpdateInput } from '../event-source-mapping-input.js';
import { checkFunctionName, resourceNotFound } from '../errors.js';
import { readJsonBody } from '../read-json-body.js';
import { findMapping } from './get-event-source-mapping.js';

export async function updateEventSourceMapping(
  functions: LambdaBackend,
  mappings: LambdaMappingsBackend,
  req: AwsRequest,
  params: Record<string, string>,
  ctx: { region: string; accountId: string },
): Promise<AwsResponse> {
  const existing = findMapping(mappings, params);
  const model = readUpdateInput(existing.model, readJsonBody(req));
  if (model.functionName !== existing.model.functionName) {
    checkFunctionName(model.functionName);
    const name = parseFunctionReference(model.functionName)?.name ?? model.functionName;
    if (functions.get(name) === undefined)
      throw resourceNotFound(`Function not found: ${model.functionName}`);
  }
  const record = await mappings.put(model);
  return jsonResponse(req, 202, toEventSourceMappingConfiguration(record, ctx, 'Updating'));
}
