import { templateError, type TemplateContext } from './context.js';
import { isTrue } from './resource-identity.js';
import { childPath, isRecord, isScalar, scalarToString, type PlainObject } from './values.js';

/**
 * Typed reads of resolved properties. Each names the property path when the value has the
 * wrong shape, so the operator knows exactly what to fix.
 */
export class PropertyReader {
  constructor(
    readonly props: PlainObject,
    readonly path: string,
    readonly ctx: TemplateContext,
  ) {}

  /** A reader over a nested object property (empty when absent). */
  child(name: string): PropertyReader {
    const value = this.props[name];
    if (value !== undefined && !isRecord(value)) throw this.error(name, 'must be a mapping');
    return new PropertyReader(value ?? {}, childPath(this.path, name), this.ctx);
  }

  has(name: string): boolean {
    return this.props[name] !== undefined && this.props[name] !== null;
  }

  string(name: string): string | undefined {
    const value = this.props[name];
    if (value === undefined || value === null) return undefined;
    if (!isScalar(value)) throw this.error(name, 'must be a string');
    return scalarToString(value);
  }

  requiredString(name: string): string {
    const value = this.string(name);
    if (value === undefined || value === '') throw this.error(name, 'is required');
    return value;
  }

  number(name: string, min?: number, max?: number): number | undefined {
    const value = this.props[name];
    if (value === undefined || value === null) return undefined;
    const n =
      typeof value === 'number'
        ? value
        : typeof value === 'string' && value.trim() !== ''
          ? Number(value)
          : NaN;
    if (!Number.isFinite(n))
      throw this.error(name, `must be a number, got ${JSON.stringify(value)}`);
    if ((min !== undefined && n < min) || (max !== undefined && n > max)) {
      throw this.error(name, `must be between ${String(min)} and ${String(max)}, got ${n}`);
    }
    return n;
  }

  boolean(name: string): boolean | undefined {
    const value = this.props[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'boolean') return value;
    if (value === 'true' || value === 'True' || value === 'false' || value === 'False')
      return isTrue(value);
    throw this.error(name, `must be true or false, got ${JSON.stringify(value)}`);
  }

  /** A list of strings; a single string counts as a list of one. */
  strings(name: string): string[] {
    const value = this.props[name];
    if (value === undefined || value === null) return [];
    const list = Array.isArray(value) ? value : [value];
    return list.map((item, i) => {
      if (!isScalar(item)) throw this.error(`${name}[${i}]`, 'must be a string');
      return scalarToString(item);
    });
  }

  /** A list of objects. */
  records(name: string): PlainObject[] {
    const value = this.props[name];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) throw this.error(name, 'must be a list');
    return value.map((item, i) => {
      if (!isRecord(item)) throw this.error(`${name}[${i}]`, 'must be a mapping');
      return item;
    });
  }

  /** A string map (values stringified: booleans `true`/`false`, numbers as text). */
  stringMap(name: string): Record<string, string> {
    const value = this.props[name];
    if (value === undefined || value === null) return {};
    if (!isRecord(value)) throw this.error(name, 'must be a mapping');
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === null) out[k] = '';
      else if (isScalar(v)) out[k] = scalarToString(v);
      else throw this.error(`${name}.${k}`, 'must be a string, number or boolean');
    }
    return out;
  }

  /** CloudFormation `Tags`: a list of `{Key, Value}`, or SAM's plain map. */
  tags(name = 'Tags'): Record<string, string> {
    const value = this.props[name];
    if (Array.isArray(value)) {
      const out: Record<string, string> = {};
      for (const tag of this.records(name)) {
        if (isScalar(tag['Key']) && isScalar(tag['Value']))
          out[scalarToString(tag['Key'])] = scalarToString(tag['Value']);
      }
      return out;
    }
    return this.stringMap(name);
  }

  error(name: string, message: string): Error {
    return templateError(this.ctx, childPath(this.path, name), message);
  }
}
