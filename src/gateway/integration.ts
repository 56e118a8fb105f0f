/**
 * Integrations compiled once per deploy: the Lambda target with its stage variables already
 * substituted (stage variables are fixed for a deployment here), or a mock's fixed answer.
 */
import type { IntegrationModel } from '../core/app-model.js';
import { parseFunctionReference } from '../core/ids.js';
import { resolveIntegrationFunction } from './stage-variables.js';

export interface CompiledLambdaIntegration {
  readonly type: 'lambda-proxy';
  /** The target as the model has it, placeholders included (for listings and canaries later). */
  readonly target: string;
  /** What the invoker is asked for: the target with this stage's variables substituted. */
  readonly functionName: string;
  readonly timeoutMs: number;
}

export interface CompiledMockIntegration {
  readonly type: 'mock';
  readonly statusCode: number;
  readonly headers: readonly string[];
  readonly body: string;
}

export type CompiledIntegration = CompiledLambdaIntegration | CompiledMockIntegration;

/** Compiles an integration for a stage with the given variables. */
export function compileIntegration(
  model: IntegrationModel,
  stageVariables: Readonly<Record<string, string>> | null,
  defaultTimeoutMs: number,
): CompiledIntegration {
  if (model.type === 'mock') {
    const headers: string[] = [];
    for (const [name, value] of Object.entries(model.headers)) headers.push(name, value);
    return { type: 'mock', statusCode: model.statusCode, headers, body: model.body };
  }
  return {
    type: 'lambda-proxy',
    target: model.functionArn,
    functionName: resolveIntegrationFunction(model.functionArn, stageVariables),
    timeoutMs: model.timeoutMs > 0 ? model.timeoutMs : defaultTimeoutMs,
  };
}

/** The plain function name behind an integration, for route listings. */
export function integrationFunctionName(integration: CompiledIntegration): string | undefined {
  if (integration.type !== 'lambda-proxy') return undefined;
  const name = integration.functionName;
  return parseFunctionReference(name)?.name ?? /:function:([^:/]+)/.exec(name)?.[1] ?? name;
}
