/**
 * Gateway — the app's HTTP APIs, as API Gateway serves them: REST APIs (v1, payload 1.0) and
 * HTTP APIs (v2, payload 2.0 or 1.0) in front of Lambda functions, on the app port.
 *
 * Addressing on the app port (apigateway.md §1.1):
 * - path style on the shared root: `/{stage}/{path}` for REST APIs
 *   (`http://localhost:3000/Prod/hello`), `/{path}` for an HTTP API's `$default` stage
 *   (`http://localhost:3000/hello`), `/{stage}/{path}` for named HTTP API stages. When several
 *   APIs could serve a request they are tried in a stable order — REST APIs whose stage is the
 *   first segment, then HTTP APIs on that named stage, then HTTP APIs on `$default` — and the
 *   first route match wins. The not-found answer is REST's (403 `Missing Authentication Token`,
 *   or 403 `Forbidden` for an unknown stage) when the first segment named a REST stage or only
 *   REST APIs are deployed, else HTTP API's 404 `{"message":"Not Found"}`.
 * - host style: `{apiId}.execute-api.<anything>[:port]` selects one API by id;
 * - `/_aws/execute-api/{apiId}/{stage-or-path}` selects one API by id from any host.
 * Whatever the form, the event looks as if the canonical host was used: `Host` / `domainName`
 * `{apiId}.execute-api.{region}.amazonaws.com`, `domainPrefix` = apiId, `X-Forwarded-Proto:
 * https`, `X-Forwarded-Port: 443`, `X-Forwarded-For` ending with the caller's address, and an
 * `X-Amzn-Trace-Id`.
 *
 * Parity with API Gateway.
 * Not yet (gaps): authorizers (Lambda, JWT, Cognito, IAM), API keys and usage plans,
 * throttling, canaries, the stage cache, request validation, custom domains and base-path
 * mappings, payload compression, non-proxy integrations (HTTP, AWS service, VTL mapping
 * templates), access-log destinations (lines go to the operator log at debug level), the
 * 414 / header-size limits, `X-HTTP-Method-Override`, WebSocket APIs. Stage variables are
 * substituted once per deploy (they are fixed for a deployment here), not live.
 * By design:
 * - `DisableExecuteApiEndpoint` closes the host-style and `/_aws/execute-api/` forms (403) but
 *   the shared root keeps serving the API, as a custom domain would on AWS.
 * - Gateway-response customisation renders `$context.*` / `$stageVariables.*` references and
 *   quoted header literals, not full VTL.
 * - Errors API Gateway leaves unspecified get a documented choice, each marked (verify) where it
 *   is made: HTTP API 413 uses `{"message":"Request Too Long"}`; a structured 2.0 response
 *   without `content-type` gets none; HTTP API trailing slashes are ignored like REST's.
 * Client quirks handled: HTTP/2 clients (pseudo-headers are not forwarded, `:authority` acts
 * as `Host`, connection headers from functions are dropped so the response stays valid);
 * absolute-form request targets; IPv4-mapped IPv6 peer addresses are unwrapped.
 */
export { Gateway, type GatewayOptions, type RouteListing } from './gateway.js';
export { MAX_REQUEST_BODY_BYTES } from './request-body.js';
