import { templateError, type TemplateContext } from './context.js';
import { evaluateCondition, intrinsicKey, NO_VALUE, type IntrinsicScope } from './intrinsics.js';
import { pseudoParameter, type ParameterValue } from './parameters.js';
import { childPath, isRecord, type PlainObject } from './values.js';

/**
 * The scope of the `Conditions` section and of the structural pass: parameters, pseudo
 * parameters, mappings and conditions, but no resources (CloudFormation forbids them there).
 */
export function createConditionScope(
  conditions: unknown,
  parameters: Map<string, ParameterValue>,
  mappings: PlainObject,
  ctx: TemplateContext,
): IntrinsicScope {
  if (conditions !== undefined && conditions !== null && !isRecord(conditions)) {
    throw templateError(ctx, 'Conditions', 'must be a mapping of condition names');
  }
  const definitions = conditions ?? {};
  const values = new Map<string, boolean>();
  const evaluating = new Set<string>();
  const scope: IntrinsicScope = {
    mappings,
    region: ctx.region,
    fail: (path, message, code) => {
      throw templateError(ctx, path, message, code);
    },
    ref: (name, path) => {
      const value = parameters.get(name) ?? pseudoParameter(name, ctx);
      if (value !== undefined) return value;
      return scope.fail(
        path,
        `Ref to '${name}': only parameters and pseudo parameters can be used here`,
      );
    },
    getAtt: (logicalId, attribute, path) =>
      scope.fail(path, `Fn::GetAtt ${logicalId}.${attribute}: resources cannot be used here`),
    condition: (name, path) => {
      const known = values.get(name);
      if (known !== undefined) return known;
      if (!(name in definitions)) return scope.fail(path, `unknown condition '${name}'`);
      if (evaluating.has(name)) {
        return scope.fail(
          `Conditions.${name}`,
          `condition '${name}' refers to itself (through ${[...evaluating].join(' → ')})`,
        );
      }
      evaluating.add(name);
      const value = evaluateCondition(definitions[name], `Conditions.${name}`, scope);
      evaluating.delete(name);
      values.set(name, value);
      return value;
    },
  };
  // Evaluate all of them now, so a broken condition fails even when nothing uses it (as AWS does).
  for (const name of Object.keys(definitions)) scope.condition(name, `Conditions.${name}`);
  return scope;
}

/**
 * Settles `Fn::If` and removes `!Ref AWS::NoValue` everywhere in `value`, leaving every other
 * intrinsic in place; SAM expansion then sees the shape the template has under these conditions.
 */
export function applyConditions(value: unknown, path: string, scope: IntrinsicScope): unknown {
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    value.forEach((item, i) => {
      const settled = applyConditions(item, childPath(path, i), scope);
      if (settled !== NO_VALUE) out.push(settled);
    });
    return out;
  }
  if (!isRecord(value)) return value;
  const key = intrinsicKey(value);
  if (key === 'Ref' && value['Ref'] === 'AWS::NoValue') return NO_VALUE;
  if (key === 'Fn::If') {
    const arg = value[key];
    if (!Array.isArray(arg) || arg.length !== 3 || typeof arg[0] !== 'string') {
      return scope.fail(path, 'Fn::If takes [conditionName, whenTrue, whenFalse]');
    }
    return applyConditions(scope.condition(arg[0], path) ? arg[1] : arg[2], path, scope);
  }
  const out: PlainObject = {};
  for (const [k, v] of Object.entries(value)) {
    const settled = applyConditions(v, key === undefined ? childPath(path, k) : path, scope);
    if (settled !== NO_VALUE) out[k] = settled;
  }
  return out;
}
