import { functionArn } from '../core/ids.js';
import { templateError, warn, type TemplateContext } from './context.js';
import { resolveValue, type IntrinsicScope } from './intrinsics.js';
import { pseudoParameter, type ParameterValue } from './parameters.js';
import {
  identityOf,
  isKnownType,
  physicalName,
  type ResourceIdentity,
} from './resource-identity.js';
import type { TemplateNode } from './template-nodes.js';
import { isRecord, isScalar, scalarToString, type PlainObject } from './values.js';

const SAM_REFERENCES: Record<string, string[]> = {
  'AWS::Serverless::Function': ['Alias', 'Version', 'DestinationQueue', 'DestinationTopic'],
  'AWS::Serverless::Api': ['Stage', 'Deployment'],
  'AWS::Serverless::HttpApi': ['Stage'],
};

/**
 * Resolves every node's properties in dependency order: a `Ref`/`GetAtt` to another resource
 * resolves that resource first, so a cycle shows up as a resource met twice on the way.
 */
export class TemplateResolver {
  readonly scope: IntrinsicScope;
  readonly #nodes: Map<string, TemplateNode>;
  readonly #ctx: TemplateContext;
  readonly #parameters: Map<string, ParameterValue>;
  /** Resources dropped because their condition is false, with that condition's name. */
  readonly #pruned: Map<string, string>;
  readonly #stack: string[] = [];

  constructor(
    nodes: Map<string, TemplateNode>,
    parameters: Map<string, ParameterValue>,
    conditionScope: IntrinsicScope,
    pruned: Map<string, string>,
    ctx: TemplateContext,
  ) {
    this.#nodes = nodes;
    this.#parameters = parameters;
    this.#pruned = pruned;
    this.#ctx = ctx;
    this.scope = {
      mappings: conditionScope.mappings,
      region: ctx.region,
      condition: (name, path) => conditionScope.condition(name, path),
      fail: (path, message, code) => {
        throw templateError(ctx, path, message, code);
      },
      ref: (name, path) => this.#ref(name, path),
      getAtt: (logicalId, attribute, path) => this.#getAtt(logicalId, attribute, path),
    };
  }

  /** Resolves every node; afterwards each has `resolved` and `identity`. */
  resolveAll(): void {
    for (const id of this.#nodes.keys()) this.resolve(id, undefined);
  }

  /** Resolves one node (and what it refers to); `fromPath` is where it was referenced. */
  resolve(logicalId: string, fromPath: string | undefined): TemplateNode {
    const node = this.#nodes.get(logicalId);
    if (node === undefined)
      throw templateError(this.#ctx, fromPath ?? 'Resources', `unknown resource '${logicalId}'`);
    if (node.identity !== undefined) return node;
    if (this.#stack.includes(logicalId)) {
      const cycle = [...this.#stack.slice(this.#stack.indexOf(logicalId)), logicalId].join(' → ');
      throw templateError(
        this.#ctx,
        fromPath ?? node.path,
        `circular dependency between resources: ${cycle}`,
      );
    }
    this.#stack.push(logicalId);
    try {
      node.resolved = this.#resolveProperties(node);
      node.identity = identityOf(node.type, logicalId, node.resolved, this.#ctx) ?? {
        ref: logicalId,
        attributes: {},
      };
    } finally {
      this.#stack.pop();
    }
    return node;
  }

  /** Resolves a value outside any resource (Outputs). */
  resolveValue(value: unknown, path: string): unknown {
    return resolveValue(value, path, this.scope);
  }

  #resolveProperties(node: TemplateNode): PlainObject {
    if (isKnownType(node.type) || node.type.startsWith('AWS::Serverless::')) {
      const resolved = resolveValue(node.raw, node.path, this.scope);
      return isRecord(resolved) ? resolved : {};
    }
    // Unsupported types were already reported; their properties stay as written if they
    // cannot be resolved, rather than failing a template over a resource Stratus ignores.
    const depth = this.#stack.length;
    try {
      const resolved = resolveValue(node.raw, node.path, this.scope);
      return isRecord(resolved) ? resolved : {};
    } catch {
      this.#stack.length = depth;
      return node.raw;
    }
  }

  #identity(logicalId: string, path: string, form: string): ResourceIdentity {
    if (!this.#nodes.has(logicalId)) {
      const condition = this.#pruned.get(logicalId);
      if (condition !== undefined) {
        throw templateError(
          this.#ctx,
          path,
          `${form} to resource '${logicalId}', which is not created because its condition '${condition}' is false`,
        );
      }
      throw templateError(this.#ctx, path, `${form} to unknown resource '${logicalId}'`);
    }
    const node = this.resolve(logicalId, path);
    return node.identity!;
  }

  #ref(name: string, path: string): unknown {
    const parameter = this.#parameters.get(name) ?? pseudoParameter(name, this.#ctx);
    if (parameter !== undefined) return parameter;
    if (!this.#nodes.has(name) && name.includes('.')) return this.#samRef(name, path);
    return this.#identity(name, path, 'Ref').ref;
  }

  /** SAM's references to what it generates: `Fn.Alias`, `Fn.Version`, `Api.Stage`, … */
  #samRef(name: string, path: string): unknown {
    const dot = name.indexOf('.');
    const baseId = name.slice(0, dot);
    const suffix = name.slice(dot + 1);
    const base = this.#identity(baseId, path, 'Ref');
    const node = this.#nodes.get(baseId)!;
    const props = node.resolved ?? {};
    if (node.type === 'AWS::Serverless::Function') {
      const arn = functionArn(
        this.#ctx.region,
        this.#ctx.accountId,
        physicalName(props, 'FunctionName', baseId),
      );
      const alias = props['AutoPublishAlias'];
      if (suffix === 'Alias' && isScalar(alias)) return `${arn}:${scalarToString(alias)}`;
      if (suffix === 'Version' && isScalar(alias)) return `${arn}:1`;
      if (suffix === 'DestinationQueue' || suffix === 'DestinationTopic') {
        const kind = suffix === 'DestinationQueue' ? 'Queue' : 'Topic';
        for (const side of ['OnSuccess', 'OnFailure']) {
          const id = `${baseId}EventInvokeConfig${side}${kind}`;
          if (this.#nodes.has(id)) return this.#identity(id, path, 'Ref').ref;
        }
      }
      if (suffix === 'Alias' || suffix === 'Version') {
        throw templateError(
          this.#ctx,
          path,
          `Ref to '${name}': function '${baseId}' has no AutoPublishAlias`,
        );
      }
    }
    if (
      (node.type === 'AWS::Serverless::Api' || node.type === 'AWS::Serverless::HttpApi') &&
      suffix === 'Stage'
    ) {
      const stage = props['StageName'];
      return isScalar(stage)
        ? scalarToString(stage)
        : node.type === 'AWS::Serverless::HttpApi'
          ? '$default'
          : 'Prod';
    }
    if (suffix === 'Deployment') return `${String(base.ref)}-deployment`;
    throw templateError(
      this.#ctx,
      path,
      `Ref to '${name}': '${baseId}' has no generated resource '${suffix}'`,
    );
  }

  #getAtt(logicalId: string, attribute: string, path: string): unknown {
    const identity = this.#identity(logicalId, path, 'Fn::GetAtt');
    if (attribute in identity.attributes) return identity.attributes[attribute];
    const node = this.#nodes.get(logicalId)!;
    // `${MyApi.Stage}` / `${MyFn.Alias}` in Fn::Sub mean SAM's generated references.
    if (SAM_REFERENCES[node.type]?.includes(attribute))
      return this.#samRef(`${logicalId}.${attribute}`, path);
    if (!isKnownType(node.type)) {
      warn(
        this.#ctx,
        logicalId,
        `${path}: Fn::GetAtt ${logicalId}.${attribute} on an unsupported resource type resolves to ''`,
      );
      return '';
    }
    const hint =
      attribute === 'StreamArn'
        ? `; table '${logicalId}' has no StreamSpecification`
        : `; it has ${Object.keys(identity.attributes).join(', ') || 'no attributes'}`;
    throw templateError(
      this.#ctx,
      path,
      `Fn::GetAtt: ${node.type} '${logicalId}' has no attribute '${attribute}'${hint}`,
    );
  }
}
