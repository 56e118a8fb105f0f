/** NextToken paging over a sorted list of queue names (the token is the last name returned). */
import { invalidParameterValue } from '../errors.js';

const DEFAULT_PAGE = 1000;

/** One page of `sorted`; `nextToken` only when `maxResults` was given and more remain. */
export function paginate(
  sorted: readonly string[],
  maxResults: number | undefined,
  nextToken: string | undefined,
): { items: string[]; nextToken: string | undefined } {
  let start = 0;
  if (nextToken !== undefined && nextToken !== '') {
    let after: string;
    try {
      after = Buffer.from(nextToken, 'base64url').toString('utf8');
    } catch {
      throw invalidParameterValue('Invalid NextToken value.');
    }
    start = sorted.findIndex((n) => n > after);
    if (start === -1) start = sorted.length;
  }
  const size = maxResults ?? DEFAULT_PAGE;
  const items = sorted.slice(start, start + size);
  const more = start + size < sorted.length;
  return {
    items,
    nextToken:
      maxResults !== undefined && more && items.length > 0
        ? Buffer.from(items[items.length - 1]!, 'utf8').toString('base64url')
        : undefined,
  };
}
