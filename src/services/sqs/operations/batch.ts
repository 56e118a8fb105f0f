/** The whole-request checks every batch operation shares (SQS-API *Batch error tables). */
import { sqsError } from '../errors.js';
import { objectList, optionalString, type SqsInput } from '../input.js';

export const MAX_BATCH_ENTRIES = 10;
const BATCH_ENTRY_ID = /^[A-Za-z0-9_-]{1,80}$/;

/** Reads `Entries` and rejects empty, oversized, badly named or repeated-id batches. */
export function readBatchEntries(
  input: SqsInput,
  entryName: string,
): { id: string; entry: SqsInput }[] {
  const entries = objectList(input, 'Entries');
  if (entries.length === 0) {
    throw sqsError(
      'AWS.SimpleQueueService.EmptyBatchRequest',
      `There should be at least one ${entryName} in the request.`,
    );
  }
  if (entries.length > MAX_BATCH_ENTRIES) {
    throw sqsError(
      'AWS.SimpleQueueService.TooManyEntriesInBatchRequest',
      `Maximum number of entries per request are ${MAX_BATCH_ENTRIES}. You have sent ${entries.length}.`,
    );
  }
  const seen = new Set<string>();
  return entries.map((entry) => {
    const id = optionalString(entry, 'Id') ?? '';
    if (!BATCH_ENTRY_ID.test(id)) {
      throw sqsError(
        'AWS.SimpleQueueService.InvalidBatchEntryId',
        'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.',
      );
    }
    if (seen.has(id)) {
      throw sqsError('AWS.SimpleQueueService.BatchEntryIdsNotDistinct', `Id ${id} repeated.`);
    }
    seen.add(id);
    return { id, entry };
  });
}
