/** Tag rules shared by CreateTopic and TagResource (§10.12). */
import { invalidParameter, tagLimitExceeded } from '../errors.js';

export const MAX_TAGS = 50;

/** Rejects duplicate keys and bad lengths in one request. */
export function checkTags(tags: readonly [string, string][]): void {
  const seen = new Set<string>();
  for (const [k, v] of tags) {
    if (seen.has(k)) throw invalidParameter('Duplicated keys are not allowed.');
    seen.add(k);
    if (k.length < 1 || k.length > 128)
      throw invalidParameter('Tags Reason: Tag key length is invalid');
    if (v.length > 256) throw invalidParameter('Tags Reason: Tag value length is invalid');
  }
}

/** Adds or overwrites tags, keeping insertion order; TagLimitExceeded past 50. */
export function mergeTags(
  current: readonly [string, string][],
  added: readonly [string, string][],
): [string, string][] {
  const out = current.map(([k, v]) => [k, v] as [string, string]);
  for (const [k, v] of added) {
    const at = out.findIndex(([key]) => key === k);
    if (at === -1) out.push([k, v]);
    else out[at] = [k, v];
  }
  if (out.length > MAX_TAGS) throw tagLimitExceeded();
  return out;
}
