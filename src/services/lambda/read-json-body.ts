/** Parses a REST-JSON request body as an object, or Lambda's 400 for anything else. */
import { AwsError } from '../../core/errors.js';
import type { AwsRequest } from '../../protocol/types.js';

export function readJsonBody(req: AwsRequest): Record<string, unknown> {
  if (req.body.length === 0) return {};
  try {
    const parsed: unknown = JSON.parse(req.body.toString('utf8'));
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // falls through to the error below
  }
  throw new AwsError('InvalidRequestContentException', 'Could not parse request body into json', {
    status: 400,
    fields: { Type: 'User' },
  });
}
