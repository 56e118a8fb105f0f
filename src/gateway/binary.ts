/**
 * Which bodies travel as base64. REST APIs decide by the API's `binaryMediaTypes`: exact types,
 * whole families (`image/*`) or the match-all type; parameters are ignored and only the first
 * `Accept` value counts (apigateway.md §8.2). HTTP APIs have no setting: non-text bodies are
 * base64 (§8.2, lambda.md §6.2).
 */

/** Media type of a header value, lower-cased, without parameters: `Text/HTML; q=1` → `text/html`. */
export function mediaTypeOf(value: string | undefined): string {
  if (value === undefined) return '';
  const semi = value.indexOf(';');
  return (semi < 0 ? value : value.slice(0, semi)).trim().toLowerCase();
}

/** The first media type of a possibly multi-valued `Accept` header. */
export function firstAcceptType(accept: string | undefined): string {
  if (accept === undefined) return '';
  const comma = accept.indexOf(',');
  return mediaTypeOf(comma < 0 ? accept : accept.slice(0, comma));
}

/** A compiled `binaryMediaTypes` list. */
export class BinaryMediaTypes {
  readonly #all: boolean;
  readonly #exact: Set<string>;
  readonly #families: Set<string>;

  constructor(types: readonly string[]) {
    this.#all = false;
    this.#exact = new Set();
    this.#families = new Set();
    for (const raw of types) {
      const type = mediaTypeOf(raw.replace(/~1/g, '/'));
      if (type === '*/*') this.#all = true;
      else if (type.endsWith('/*')) this.#families.add(type.slice(0, -2));
      else if (type !== '') this.#exact.add(type);
    }
  }

  /** True when no type is configured, so nothing can be binary. */
  get empty(): boolean {
    return !this.#all && this.#exact.size === 0 && this.#families.size === 0;
  }

  /** True when `mediaType` (already from `mediaTypeOf`) is configured as binary. */
  matches(mediaType: string): boolean {
    if (this.#all) return true;
    if (mediaType === '') return false;
    if (this.#exact.has(mediaType)) return true;
    const slash = mediaType.indexOf('/');
    return slash > 0 && this.#families.has(mediaType.slice(0, slash));
  }
}

/**
 * True when an HTTP API request body of this content type reaches the function as text. (verify:
 * AWS does not publish the list; these are the types observed as text. Form posts and bodies
 * without a content type arrive base64-encoded.)
 */
export function isTextMediaType(mediaType: string): boolean {
  if (mediaType.startsWith('text/')) return true;
  switch (mediaType) {
    case 'application/json':
    case 'application/xml':
    case 'application/javascript':
    case 'application/ecmascript':
    case 'application/x-javascript':
    case 'application/yaml':
    case 'application/x-yaml':
    case 'application/graphql':
      return true;
    default:
      return mediaType.endsWith('+json') || mediaType.endsWith('+xml');
  }
}
