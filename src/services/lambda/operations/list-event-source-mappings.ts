/** ListEventSourceMappings: `GET /2015-03-31/event-source-mappings/` with filters and paging. */
import { parseFunctionReference } from '../../../core/ids.js';
import { jsonResponse } from '../../../protocol/rest-json.js';
import type { AwsRequest, AwsResponse } from '../../../protocol/types.js';
import type { LambdaMappingsBackend } from '../backend.js';
import { toEventSourceMappingConfiguration } from '../event-source-mapping-configuration.js';
import { validationError } from '../errors.js';

const MAX_PAGE = 100;

export function listEventSourceMappings(
  mappings: LambdaMappingsBackend,
  req: AwsRequest,
  ctx: { region: string; accountId: string },
): AwsResponse {
  const filter: { functionName?: string; eventSourceArn?: string } = {};
  const fn = req.query.get('FunctionName');
  if (fn !== null) filter.functionName = parseFunctionReference(fn)?.name ?? fn;
  const source = req.query.get('EventSourceArn');
  if (source !== null) filter.eventSourceArn = source;
  const maxText = req.query.get('MaxItems');
  let max = MAX_PAGE;
  if (maxText !== null) {
    max = Number(maxText);
    if (!Number.isInteger(max) || max < 1)
      throw validationError(
        maxText,
        'maxItems',
        'Member must have value greater than or equal to 1',
      );
    if (max > 10_000)
      throw validationError(
        maxText,
        'maxItems',
        'Member must have value less than or equal to 10000',
      );
    max = Math.min(max, MAX_PAGE);
  }
  const all = mappings.list(filter);
  const marker = req.query.get('Marker');
  const start = marker
    ? all.findIndex((r) => r.model.uuid > Buffer.from(marker, 'base64url').toString('utf8'))
    : 0;
  const from = start === -1 ? all.length : start;
  const page = all.slice(from, from + max);
  const body: Record<string, unknown> = {
    EventSourceMappings: page.map((r) => toEventSourceMappingConfiguration(r, ctx)),
  };
  if (from + max < all.length)
    body['NextMarker'] = Buffer.from(page[page.length - 1]!.model.uuid).toString('base64url');
  return jsonResponse(req, 200, body);
}
