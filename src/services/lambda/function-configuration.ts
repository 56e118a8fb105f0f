/** Renders a deployed function as Lambda's `FunctionConfiguration` structure. */
import { createHash } from 'node:crypto';
import type { LambdaFunctionInfo } from './backend.js';

/** The FunctionConfiguration of `$LATEST`, as GetFunctionConfiguration returns it. */
export function toFunctionConfiguration(info: LambdaFunctionInfo): Record<string, unknown> {
  const m = info.model;
  const config: Record<string, unknown> = {
    FunctionName: m.name,
    FunctionArn: m.arn,
    Runtime: m.runtime,
    Role: m.role ?? `arn:aws:iam::${m.arn.split(':')[4]}:role/${m.name}-role`,
    Handler: m.handler,
    CodeSize: info.codeSize,
    Description: m.description ?? '',
    Timeout: m.timeout,
    MemorySize: m.memorySize,
    LastModified: info.lastModified,
    CodeSha256: info.codeSha256,
    Version: '$LATEST',
    TracingConfig: { Mode: m.tracing ?? 'PassThrough' },
    RevisionId: revisionId(info),
    Layers: m.layers.map((arn) => ({ Arn: arn, CodeSize: 0 })),
    State: 'Active',
    LastUpdateStatus: 'Successful',
    PackageType: 'Zip',
    Architectures: m.architectures,
    EphemeralStorage: { Size: m.ephemeralStorageMb },
    SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
    LoggingConfig: {
      LogFormat: m.logging.format,
      LogGroup: m.logging.logGroup,
      ...(m.logging.applicationLogLevel
        ? { ApplicationLogLevel: m.logging.applicationLogLevel }
        : {}),
      ...(m.logging.systemLogLevel ? { SystemLogLevel: m.logging.systemLogLevel } : {}),
    },
  };
  if (Object.keys(m.environment).length > 0) config['Environment'] = { Variables: m.environment };
  if (m.deadLetterTargetArn !== undefined)
    config['DeadLetterConfig'] = { TargetArn: m.deadLetterTargetArn };
  return config;
}

/** A RevisionId that changes whenever code or configuration changes, shaped like a UUID. */
function revisionId(info: LambdaFunctionInfo): string {
  const hex = createHash('sha256').update(info.codeSha256).update(info.lastModified).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
