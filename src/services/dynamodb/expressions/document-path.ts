import type { AttributeMap, AttributeValue } from '../values/attribute-value.js';
import type { DocumentPath } from './ast.js';

/**
 * The value at a document path, or undefined when the path does not resolve (missing attribute,
 * `.` into a non-map, `[n]` into a non-list or past its end) — conditions and projections treat
 * all of those as "absent".
 */
export function resolvePath(item: AttributeMap, path: DocumentPath): AttributeValue | undefined {
  let current: AttributeValue | undefined;
  for (let i = 0; i < path.length; i++) {
    const element = path[i]!;
    if (i === 0) {
      if (!('name' in element)) return undefined;
      current = Object.hasOwn(item, element.name) ? item[element.name] : undefined;
    } else if (current === undefined) {
      return undefined;
    } else if ('name' in element) {
      if (!('M' in current) || !Object.hasOwn(current.M, element.name)) return undefined;
      current = current.M[element.name];
    } else {
      if (!('L' in current)) return undefined;
      current = current.L[element.index];
    }
  }
  return current;
}
