/**
 * Shared by the *FunctionEventInvokeConfig operations: reading the request body into a config,
 * rendering Lambda's `FunctionEventInvokeConfig`, and resolving which function it is for.
 */
import type { EventInvokeConfigModel } from '../../core/app-model.js';
import { functionArn, parseFunctionReference } from '../../core/ids.js';
import type { LambdaBackend, LambdaInvokeConfigRecord } from './backend.js';
import { checkFunctionName, resourceNotFound, validationError } from './errors.js';

/** The function a request names (only `$LATEST` exists), or Lambda's 404. */
export function invokeConfigTarget(
  functions: LambdaBackend,
  functionName: string,
  qualifier: string | null,
  ctx: { region: string; accountId: string },
): { name: string; arn: string } {
  checkFunctionName(functionName);
  const ref = parseFunctionReference(functionName);
  const name = ref?.name ?? functionName;
  const q = ref?.qualifier ?? qualifier ?? '$LATEST';
  const arn = functionArn(ctx.region, ctx.accountId, name, q);
  if (functions.get(name) === undefined || q !== '$LATEST')
    throw resourceNotFound(`Function not found: ${arn}`);
  return { name, arn };
}

/** Reads MaximumRetryAttempts, MaximumEventAgeInSeconds and DestinationConfig over `base`. */
export function readInvokeConfig(
  body: Record<string, unknown>,
  base: EventInvokeConfigModel,
): EventInvokeConfigModel {
  const config: EventInvokeConfigModel = { ...base };
  const retries = body['MaximumRetryAttempts'];
  if (retries !== undefined) {
    config.maximumRetryAttempts = bounded(retries, 'maximumRetryAttempts', 0, 2);
  }
  const age = body['MaximumEventAgeInSeconds'];
  if (age !== undefined) {
    config.maximumEventAgeInSeconds = bounded(age, 'maximumEventAgeInSeconds', 60, 21_600);
  }
  const destinations = body['DestinationConfig'] as
    { OnSuccess?: { Destination?: unknown }; OnFailure?: { Destination?: unknown } } | undefined;
  if (destinations !== undefined) {
    delete config.onSuccess;
    delete config.onFailure;
    const success = destinations.OnSuccess?.Destination;
    const failure = destinations.OnFailure?.Destination;
    if (typeof success === 'string' && success !== '') config.onSuccess = success;
    if (typeof failure === 'string' && failure !== '') config.onFailure = failure;
  }
  return config;
}

/** Lambda's FunctionEventInvokeConfig. */
export function renderInvokeConfig(
  arn: string,
  record: LambdaInvokeConfigRecord,
): Record<string, unknown> {
  const c = record.config;
  const out: Record<string, unknown> = {
    // REST-JSON timestamps travel as epoch seconds.
    LastModified: record.lastModified / 1000,
    FunctionArn: arn,
    DestinationConfig: {
      OnSuccess: c.onSuccess === undefined ? {} : { Destination: c.onSuccess },
      OnFailure: c.onFailure === undefined ? {} : { Destination: c.onFailure },
    },
  };
  if (c.maximumRetryAttempts !== undefined) out['MaximumRetryAttempts'] = c.maximumRetryAttempts;
  if (c.maximumEventAgeInSeconds !== undefined)
    out['MaximumEventAgeInSeconds'] = c.maximumEventAgeInSeconds;
  return out;
}

function bounded(value: unknown, member: string, min: number, max: number): number {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw validationError(text, member, 'Member must be an integer');
  }
  if (value < min)
    throw validationError(text, member, `Member must have value greater than or equal to ${min}`);
  if (value > max)
    throw validationError(text, member, `Member must have value less than or equal to ${max}`);
  return value;
}
