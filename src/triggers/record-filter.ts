/** An event source mapping's FilterCriteria, compiled once: does a record reach the function? */
import type { EventSourceMappingModel } from '../core/app-model.js';
import { compileFilterCriteria, matchesFilterCriteria } from '../core/event-pattern/index.js';

export type RecordFilter = (record: Record<string, unknown>) => boolean;

/** Undefined when the mapping has no filters (every record passes). */
export function createRecordFilter(
  mapping: EventSourceMappingModel,
  source: 'sqs' | 'kinesis' | 'dynamodb',
): RecordFilter | undefined {
  if (mapping.filterPatterns.length === 0) return undefined;
  const compiled = compileFilterCriteria(
    mapping.filterPatterns.map((Pattern) => ({ Pattern })),
    source,
  );
  return (record) => matchesFilterCriteria(compiled, record);
}
