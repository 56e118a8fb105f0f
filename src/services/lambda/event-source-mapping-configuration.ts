/** Renders a mapping as Lambda's `EventSourceMappingConfiguration`. */
import { functionArn, parseFunctionReference } from '../../core/ids.js';
import type { LambdaMappingRecord } from './backend.js';

export type MappingState = 'Creating' | 'Enabled' | 'Disabled' | 'Updating' | 'Deleting';

/** The configuration as the API returns it; `state` overrides the steady Enabled/Disabled. */
export function toEventSourceMappingConfiguration(
  record: LambdaMappingRecord,
  ctx: { region: string; accountId: string },
  state?: MappingState,
): Record<string, unknown> {
  const m = record.model;
  const ref = parseFunctionReference(m.functionName);
  const fnArn = functionArn(ctx.region, ctx.accountId, ref?.name ?? m.functionName, ref?.qualifier);
  const out: Record<string, unknown> = {
    UUID: m.uuid,
    EventSourceArn: m.eventSourceArn,
    FunctionArn: fnArn,
    // REST-JSON timestamps travel as epoch seconds.
    LastModified: record.lastModified / 1000,
    LastProcessingResult: 'No records processed',
    State: state ?? (m.enabled ? 'Enabled' : 'Disabled'),
    StateTransitionReason: 'USER_INITIATED',
    FunctionResponseTypes: m.functionResponseTypes,
    EventSourceMappingArn: `arn:aws:lambda:${ctx.region}:${ctx.accountId}:event-source-mapping:${m.uuid}`,
  };
  if (m.batchSize !== undefined) out['BatchSize'] = m.batchSize;
  if (m.maximumBatchingWindowInSeconds !== undefined)
    out['MaximumBatchingWindowInSeconds'] = m.maximumBatchingWindowInSeconds;
  if (m.startingPosition !== undefined) out['StartingPosition'] = m.startingPosition;
  if (m.startingPositionTimestamp !== undefined)
    out['StartingPositionTimestamp'] = m.startingPositionTimestamp;
  if (m.parallelizationFactor !== undefined) out['ParallelizationFactor'] = m.parallelizationFactor;
  if (m.bisectBatchOnFunctionError !== undefined)
    out['BisectBatchOnFunctionError'] = m.bisectBatchOnFunctionError;
  if (m.maximumRetryAttempts !== undefined) out['MaximumRetryAttempts'] = m.maximumRetryAttempts;
  if (m.maximumRecordAgeInSeconds !== undefined)
    out['MaximumRecordAgeInSeconds'] = m.maximumRecordAgeInSeconds;
  if (m.tumblingWindowInSeconds !== undefined)
    out['TumblingWindowInSeconds'] = m.tumblingWindowInSeconds;
  if (m.filterPatterns.length > 0)
    out['FilterCriteria'] = { Filters: m.filterPatterns.map((Pattern) => ({ Pattern })) };
  if (m.onFailureDestinationArn !== undefined) {
    out['DestinationConfig'] = { OnFailure: { Destination: m.onFailureDestinationArn } };
  }
  if (m.maximumConcurrency !== undefined)
    out['ScalingConfig'] = { MaximumConcurrency: m.maximumConcurrency };
  return out;
}
