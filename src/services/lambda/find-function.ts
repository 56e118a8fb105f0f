/** Resolves a FunctionName (+ Qualifier) to a deployed function, or Lambda's 404. */
import { functionArn, parseFunctionReference } from '../../core/ids.js';
import type { LambdaBackend, LambdaFunctionInfo } from './backend.js';
import { checkFunctionName, invalidParameter, resourceNotFound } from './errors.js';

export function findFunction(
  backend: LambdaBackend,
  functionName: string,
  qualifierParam: string | null,
  ctx: { region: string; accountId: string },
): LambdaFunctionInfo {
  checkFunctionName(functionName);
  const ref = parseFunctionReference(functionName);
  const name = ref?.name ?? functionName;
  const inline = ref?.qualifier;
  if (inline !== undefined && qualifierParam !== null && inline !== qualifierParam) {
    throw invalidParameter(
      'The derived qualifier from the function name does not match the specified qualifier.',
    );
  }
  const qualifier = inline ?? qualifierParam ?? undefined;
  const info = backend.get(name);
  const arn = functionArn(
    ctx.region,
    ctx.accountId,
    name,
    qualifier === null ? undefined : qualifier,
  );
  if (info === undefined || (ref?.accountId !== undefined && ref.accountId !== ctx.accountId)) {
    throw resourceNotFound(`Function not found: ${arn}`);
  }
  // Only $LATEST exists until versions and aliases arrive.
  if (qualifier !== undefined && qualifier !== '$LATEST')
    throw resourceNotFound(`Function not found: ${arn}`);
  return info;
}
