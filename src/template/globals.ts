import { templateError, warn, type TemplateContext } from './context.js';
import { intrinsicKey } from './intrinsics.js';
import { cloneJson, isRecord, type PlainObject } from './values.js';

/** Globals sections and the resource type each one applies to. */
export const GLOBALS_SECTIONS: Record<string, string> = {
  Function: 'AWS::Serverless::Function',
  Api: 'AWS::Serverless::Api',
  HttpApi: 'AWS::Serverless::HttpApi',
  SimpleTable: 'AWS::Serverless::SimpleTable',
  LayerVersion: 'AWS::Serverless::LayerVersion',
  StateMachine: 'AWS::Serverless::StateMachine',
  Connector: 'AWS::Serverless::Connector',
};

// SAM refuses these in Globals (SAM docs "Globals section of the AWS SAM template").
const NOT_ALLOWED: Record<string, string[]> = {
  Function: ['Role', 'Policies', 'FunctionName', 'Events'],
  Api: ['StageName', 'DefinitionBody'],
  HttpApi: ['StageName', 'DefinitionBody', 'DefinitionUri'],
};

/** Validated `Globals`, keyed by section name. */
export type ResolvedGlobals = Record<string, PlainObject>;

/** Checks the `Globals` section: known sections only, and no property SAM refuses there. */
export function readGlobals(globals: unknown, ctx: TemplateContext): ResolvedGlobals {
  if (globals === undefined || globals === null) return {};
  if (!isRecord(globals)) throw templateError(ctx, 'Globals', 'must be a mapping of sections');
  const out: ResolvedGlobals = {};
  for (const [section, properties] of Object.entries(globals)) {
    const path = `Globals.${section}`;
    if (!(section in GLOBALS_SECTIONS)) {
      throw templateError(
        ctx,
        path,
        `'${section}' is not a Globals section; use one of ${Object.keys(GLOBALS_SECTIONS).join(', ')}`,
      );
    }
    if (!isRecord(properties)) throw templateError(ctx, path, 'must be a mapping of properties');
    for (const name of NOT_ALLOWED[section] ?? []) {
      if (name in properties) {
        throw templateError(
          ctx,
          `${path}.${name}`,
          `'${name}' is not allowed in Globals; set it on each resource`,
        );
      }
    }
    if (section === 'StateMachine' || section === 'Connector') {
      warn(
        ctx,
        undefined,
        `Globals.${section} is accepted but has no effect: Stratus does not run ${GLOBALS_SECTIONS[section]} resources`,
      );
    }
    out[section] = properties;
  }
  return out;
}

/** The Globals section applying to a resource type, if any. */
export function globalsFor(type: string, globals: ResolvedGlobals): PlainObject | undefined {
  const section = Object.keys(GLOBALS_SECTIONS).find((s) => GLOBALS_SECTIONS[s] === type);
  return section === undefined ? undefined : globals[section];
}

/**
 * Merges global properties under a resource's own, as SAM does: primitives are replaced by the
 * resource's value, maps are merged (resource keys win), lists are concatenated globals first.
 */
export function mergeGlobals(global: unknown, local: unknown): unknown {
  if (local === undefined) return cloneJson(global);
  if (global === undefined) return local;
  // An intrinsic is an opaque value: the resource's one replaces the global one.
  if (intrinsicKey(global) !== undefined || intrinsicKey(local) !== undefined) return local;
  if (Array.isArray(global) && Array.isArray(local))
    return [...(cloneJson(global) as unknown[]), ...(local as unknown[])];
  if (isRecord(global) && isRecord(local)) {
    const out: PlainObject = {};
    for (const key of new Set([...Object.keys(global), ...Object.keys(local)])) {
      out[key] = mergeGlobals(global[key], local[key]);
    }
    return out;
  }
  return local;
}
