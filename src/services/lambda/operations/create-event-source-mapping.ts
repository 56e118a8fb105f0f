/** CreateEventSourceMapping: `POST /2015-03-31/event-source-mappings/` → 202 with State Creating. */
import { AwsError } from '../../../core/errors.js';
import { parseFunctionReference } from '../../../core/ids.js';
import { jsonResponse } from '../../../protocol/rest-json.js';
import type { AwsRequest, AwsResponse } from '../../../protocol/types.js';
import type { LambdaBackend, LambdaMappingsBackend } from '../backend.js';
import { toEventSourceMappingConfiguration } from '../event-source-mapping-configuration.js';
import { readCreateInput } from '../event-source-mapping-input.js';
import { checkFunctionName, resourceNotFound } from '../errors.js';
import { readJsonBody } from '../read-json-body.js';

export async function createEventSourceMapping(
  functions: LambdaBackend,
  mappings: LambdaMappingsBackend,
  req: AwsRequest,
  ctx: { region: string; accountId: string },
): Promise<AwsResponse> {
  const model = readCreateInput(readJsonBody(req));
  checkFunctionName(model.functionName);
  const name = parseFunctionReference(model.functionName)?.name ?? model.functionName;
  const fn = functions.get(name);
  if (fn === undefined)
    throw resourceNotFound(
      `Function not found: ${model.functionName.startsWith('arn:') ? model.functionName : `arn:aws:lambda:${ctx.region}:${ctx.accountId}:function:${model.functionName}`}`,
    );
  if (model.eventSourceArn.includes(':sqs:')) {
    const existing = mappings.list({ eventSourceArn: model.eventSourceArn, functionName: name })[0];
    if (existing !== undefined) {
      throw new AwsError(
        'ResourceConflictException',
        `An event source mapping with SQS arn (" ${model.eventSourceArn} ") and function (" ${name} ") already exists. Please update or delete the existing mapping with UUID ${existing.model.uuid}`,
        { status: 409, fields: { Type: 'User' } },
      );
    }
  }
  const record = await mappings.put(model);
  return jsonResponse(req, 202, toEventSourceMappingConfiguration(record, ctx, 'Creating'));
}
