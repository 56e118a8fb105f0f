/** ListFunctions: `GET /2015-03-31/functions/` with `Marker` / `MaxItems` paging. */
import { jsonResponse } from '../../../protocol/rest-json.js';
import type { AwsRequest, AwsResponse } from '../../../protocol/types.js';
import type { LambdaBackend } from '../backend.js';
import { toFunctionConfiguration } from '../function-configuration.js';
import { invalidParameter, validationError } from '../errors.js';

/** Lambda returns at most 50 functions per page. */
const MAX_PAGE = 50;

export function listFunctions(backend: LambdaBackend, req: AwsRequest): AwsResponse {
  const maxItemsText = req.query.get('MaxItems');
  let maxItems = MAX_PAGE;
  if (maxItemsText !== null) {
    maxItems = Number(maxItemsText);
    if (!Number.isInteger(maxItems) || maxItems < 1) {
      throw validationError(
        maxItemsText,
        'maxItems',
        'Member must have value greater than or equal to 1',
      );
    }
    if (maxItems > 10000) {
      throw validationError(
        maxItemsText,
        'maxItems',
        'Member must have value less than or equal to 10000',
      );
    }
    maxItems = Math.min(maxItems, MAX_PAGE);
  }
  const all = backend.list().sort((a, b) => a.model.name.localeCompare(b.model.name));
  let start = 0;
  const marker = req.query.get('Marker');
  if (marker !== null && marker !== '') {
    const decoded = Buffer.from(marker, 'base64url').toString('utf8');
    const index = all.findIndex((f) => f.model.name > decoded);
    if (!decoded) throw invalidParameter('Invalid marker');
    start = index === -1 ? all.length : index;
  }
  const page = all.slice(start, start + maxItems);
  const body: Record<string, unknown> = { Functions: page.map(toFunctionConfiguration) };
  if (start + maxItems < all.length) {
    body['NextMarker'] = Buffer.from(page[page.length - 1]!.model.name).toString('base64url');
  }
  return jsonResponse(req, 200, body);
}
