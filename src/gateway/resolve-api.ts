/**
 * Step 1 of the pipeline: which API (and stage) a request is for. Three addressing forms:
 * - host style: `{apiId}.execute-api.<anything>` selects one API by id;
 * - `/_aws/execute-api/{apiId}/…` selects one API by id from any host;
 * - the shared root: `/{stage}/…` for REST APIs and named HTTP API stages, `/…` for HTTP API
 *   `$default` stages. Several APIs may claim a request there; they are tried in a stable order
 *   (REST APIs whose stage is the first segment, then HTTP APIs on that named stage, then HTTP
 *   APIs on `$default`, each group in deploy order) and the first route match wins.
 * The directory is built once per deploy.
 */
import type { CompiledHttpApi } from './http-router.js';
import type { CompiledRestApi } from './rest-router.js';

export type CompiledApi = CompiledRestApi | CompiledHttpApi;

/** One API that may serve a request, with the path left after its stage. */
export interface Candidate {
  readonly api: CompiledApi;
  /** The path after the stage (raw, as received); `/` at least. */
  readonly routePath: string;
}

/**
 * What to answer when no candidate has a matching route: REST's 403 `Missing Authentication
 * Token` or 403 `Forbidden` (unknown stage), or HTTP API's 404 `Not Found` / 403 `Forbidden`.
 */
export type NotFoundKind =
  'rest-missing-token' | 'rest-forbidden' | 'http-not-found' | 'http-forbidden';

export interface Resolution {
  readonly candidates: readonly Candidate[];
  readonly notFound: NotFoundKind;
  /** The API the not-found answer speaks for (its gateway responses, its CORS), if any. */
  readonly notFoundApi: CompiledApi | undefined;
}

const AWS_PREFIX = '/_aws/execute-api/';
const EMPTY: readonly Candidate[] = [];

function firstSegment(path: string): { segment: string; rest: string } {
  const slash = path.indexOf('/', 1);
  if (slash < 0) return { segment: path.slice(1), rest: '/' };
  return { segment: path.slice(1, slash), rest: path.slice(slash) };
}

export class ApiDirectory {
  readonly #byId = new Map<string, CompiledApi>();
  readonly #restByStage = new Map<string, CompiledRestApi[]>();
  readonly #httpByStage = new Map<string, CompiledHttpApi[]>();
  readonly #httpDefault: CompiledHttpApi[] = [];
  readonly #hasHttp: boolean;
  readonly #hasRest: boolean;

  constructor(rest: readonly CompiledRestApi[], http: readonly CompiledHttpApi[]) {
    for (const api of rest) {
      this.#byId.set(api.id, api);
      const list = this.#restByStage.get(api.stage);
      if (list) list.push(api);
      else this.#restByStage.set(api.stage, [api]);
    }
    for (const api of http) {
      this.#byId.set(api.id, api);
      if (api.stage === '$default') {
        this.#httpDefault.push(api);
        continue;
      }
      const list = this.#httpByStage.get(api.stage);
      if (list) list.push(api);
      else this.#httpByStage.set(api.stage, [api]);
    }
    this.#hasRest = rest.length > 0;
    this.#hasHttp = http.length > 0;
  }

  /** Resolves a request's `Host` (lower-case, may be undefined) and raw path. */
  resolve(host: string | undefined, rawPath: string): Resolution {
    if (rawPath.startsWith(AWS_PREFIX)) {
      const rest = rawPath.slice(AWS_PREFIX.length);
      const slash = rest.indexOf('/');
      const id = (slash < 0 ? rest : rest.slice(0, slash)).toLowerCase();
      return this.#resolveById(id, slash < 0 ? '/' : rest.slice(slash));
    }
    if (host !== undefined) {
      const at = host.indexOf('.execute-api.');
      if (at > 0) return this.#resolveById(host.slice(0, at), rawPath);
    }
    return this.#resolveShared(rawPath);
  }

  #resolveById(id: string, path: string): Resolution {
    const api = this.#byId.get(id);
    if (api === undefined)
      return { candidates: EMPTY, notFound: 'http-not-found', notFoundApi: undefined };
    // A disabled execute-api endpoint answers 403 there; the shared root still serves the API,
    // the way a custom domain would on AWS.
    if (api.model.disableExecuteApiEndpoint) {
      return {
        candidates: EMPTY,
        notFound: api.kind === 'REST' ? 'rest-forbidden' : 'http-forbidden',
        notFoundApi: api,
      };
    }
    if (api.kind === 'HTTP' && api.stage === '$default') {
      return {
        candidates: [{ api, routePath: path }],
        notFound: 'http-not-found',
        notFoundApi: api,
      };
    }
    const { segment, rest } = firstSegment(path);
    if (segment !== api.stage) {
      return {
        candidates: EMPTY,
        notFound: api.kind === 'REST' ? 'rest-forbidden' : 'http-not-found',
        notFoundApi: api,
      };
    }
    return {
      candidates: [{ api, routePath: rest }],
      notFound: api.kind === 'REST' ? 'rest-missing-token' : 'http-not-found',
      notFoundApi: api,
    };
  }

  #resolveShared(path: string): Resolution {
    const { segment, rest } = firstSegment(path);
    const restApis = this.#restByStage.get(segment);
    const httpNamed = this.#httpByStage.get(segment);
    const httpDefault = this.#httpDefault;
    // The common cases (one kind of API) need no merged list.
    if (restApis === undefined && httpNamed === undefined) {
      if (httpDefault.length === 1) {
        const api = httpDefault[0]!;
        return {
          candidates: [{ api, routePath: path }],
          notFound: 'http-not-found',
          notFoundApi: api,
        };
      }
      return {
        candidates: httpDefault.map((api) => ({ api, routePath: path })),
        notFound: this.#hasRest && !this.#hasHttp ? 'rest-forbidden' : 'http-not-found',
        notFoundApi: httpDefault[0],
      };
    }
    const candidates: Candidate[] = [];
    if (restApis) for (const api of restApis) candidates.push({ api, routePath: rest });
    if (httpNamed) for (const api of httpNamed) candidates.push({ api, routePath: rest });
    for (const api of httpDefault) candidates.push({ api, routePath: path });
    return {
      candidates,
      notFound: restApis !== undefined ? 'rest-missing-token' : 'http-not-found',
      notFoundApi: restApis?.[0] ?? httpNamed?.[0] ?? httpDefault[0],
    };
  }
}
