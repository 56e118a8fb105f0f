/**
 * The path tree both routers share. Built once per deploy; a lookup walks it with backtracking
 * so a static segment beats `{param}`, which beats `{greedy+}`, and a branch that cannot finish
 * the match (path or method) falls back to its variable siblings (apigateway.md §1.3, §1.4).
 */
import { StratusError } from '../core/errors.js';

/** What a route stores at its leaf: the names of its path variables, in path order. */
export interface RouteValue {
  /** Names of the `{name}` / `{name+}` parts, in order; the greedy one, if any, last. */
  readonly paramNames: readonly string[];
}

interface Leaf<T> {
  /** Upper-case method (or `ANY`) → route. */
  readonly methods: Map<string, T>;
}

interface Node<T> extends Leaf<T> {
  readonly statics: Map<string, Node<T>>;
  /** One variable child per parent, whatever its name (AWS allows only one). */
  param: Node<T> | undefined;
  greedy: Leaf<T> | undefined;
}

export interface RouteMatch<T> {
  value: T;
  /** Values of the path variables, aligned with `value.paramNames`. */
  params: string[];
}

/** Decides whether an `ANY` route serves a request method. */
export type AnyCovers = (method: string) => boolean;

function createNode<T>(): Node<T> {
  return { methods: new Map(), statics: new Map(), param: undefined, greedy: undefined };
}

/** Splits a path into segments, ignoring the leading `/` and one trailing `/`. */
export function splitPath(path: string): string[] {
  let end = path.length;
  if (end > 1 && path.charCodeAt(end - 1) === 47 /* / */) end--;
  const start = path.charCodeAt(0) === 47 ? 1 : 0;
  if (end <= start) return [];
  return path.slice(start, end).split('/');
}

/** Names of the `{name}` / `{name+}` parts of a route path, in order. */
export function paramNamesOf(path: string): string[] {
  const names: string[] = [];
  for (const part of path.split('/')) {
    if (part.startsWith('{') && part.endsWith('}')) {
      names.push(part.slice(1, part.endsWith('+}') ? -2 : -1));
    }
  }
  return names;
}

/** Percent-decodes one path segment; a malformed escape leaves the segment as received. */
export function decodeSegment(segment: string): string {
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export class RouteTree<T extends RouteValue> {
  readonly #root: Node<T> = createNode();
  readonly #anyCovers: AnyCovers;

  constructor(anyCovers: AnyCovers) {
    this.#anyCovers = anyCovers;
  }

  /** Adds a route; `path` is a resource template such as `/items/{id}` or `/{proxy+}`. */
  add(path: string, method: string, value: T): void {
    let node = this.#root;
    const parts = splitPath(path);
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      if (part.startsWith('{') && part.endsWith('+}')) {
        if (i !== parts.length - 1) {
          throw new StratusError(
            'ERR_TEMPLATE_INVALID',
            `Route path ${path}: a greedy path variable must be the last part of the path.`,
          );
        }
        node.greedy ??= { methods: new Map() };
        this.#put(node.greedy, path, method, value);
        return;
      }
      if (part.startsWith('{') && part.endsWith('}')) {
        node.param ??= createNode();
        node = node.param;
      } else {
        let next = node.statics.get(part);
        if (next === undefined) {
          next = createNode();
          node.statics.set(part, next);
        }
        node = next;
      }
    }
    this.#put(node, path, method, value);
  }

  #put(leaf: Leaf<T>, path: string, method: string, value: T): void {
    if (leaf.methods.has(method)) {
      throw new StratusError(
        'ERR_TEMPLATE_INVALID',
        `Route ${method} ${path} is defined twice in the same API.`,
      );
    }
    leaf.methods.set(method, value);
  }

  /**
   * Finds the most specific route for already-decoded `segments` and `method`. With
   * `allowGreedy` false, greedy routes are skipped (HTTP APIs rank every full match first).
   */
  match(
    segments: readonly string[],
    method: string,
    allowGreedy: boolean,
  ): RouteMatch<T> | undefined {
    const params: string[] = [];
    const value = this.#walk(this.#root, segments, 0, method, allowGreedy, params);
    return value === undefined ? undefined : { value, params };
  }

  #pick(leaf: Leaf<T>, method: string): T | undefined {
    const exact = leaf.methods.get(method);
    if (exact !== undefined) return exact;
    const any = leaf.methods.get('ANY');
    return any !== undefined && this.#anyCovers(method) ? any : undefined;
  }

  #walk(
    node: Node<T>,
    segments: readonly string[],
    i: number,
    method: string,
    allowGreedy: boolean,
    params: string[],
  ): T | undefined {
    if (i === segments.length) return this.#pick(node, method);
    const segment = segments[i]!;
    const child = node.statics.get(segment);
    if (child !== undefined) {
      const found = this.#walk(child, segments, i + 1, method, allowGreedy, params);
      if (found !== undefined) return found;
    }
    if (node.param !== undefined && segment !== '') {
      params.push(segment);
      const found = this.#walk(node.param, segments, i + 1, method, allowGreedy, params);
      if (found !== undefined) return found;
      params.pop();
    }
    if (allowGreedy && node.greedy !== undefined) {
      const found = this.#pick(node.greedy, method);
      if (found !== undefined) {
        params.push(i === segments.length - 1 ? segment : segments.slice(i).join('/'));
        return found;
      }
    }
    return undefined;
  }
}
