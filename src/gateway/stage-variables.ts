/**
 * `${stageVariables.name}` placeholders in integration targets (apigateway.md §4.2). The model
 * keeps them unresolved; the gateway substitutes the stage's variables, so a template that picks
 * an alias per stage (`my-fn:${stageVariables.alias}`) invokes the right one.
 */

const PLACEHOLDER = /\$\{stageVariables\.([A-Za-z0-9_]+)\}/g;

/** True when `text` contains at least one stage-variable placeholder. */
export function hasStageVariables(text: string): boolean {
  return text.includes('${stageVariables.');
}

/** Replaces every placeholder with its variable; an undefined variable renders as `''` as on AWS. */
export function substituteStageVariables(
  text: string,
  variables: Readonly<Record<string, string>> | null,
): string {
  if (!hasStageVariables(text)) return text;
  return text.replace(PLACEHOLDER, (_m, name: string) => variables?.[name] ?? '');
}

const INTEGRATION_URI =
  /^arn:aws[a-zA-Z-]*:apigateway:[a-z0-9-]*:lambda:path\/\d{4}-\d{2}-\d{2}\/functions\/(.+)\/invocations$/;

/**
 * The function to invoke for a Lambda integration target: either a function ARN / name as the
 * model normally holds, or the `arn:aws:apigateway:…:lambda:path/…/functions/<arn>/invocations`
 * integration URI some templates spell out.
 */
export function resolveIntegrationFunction(
  target: string,
  variables: Readonly<Record<string, string>> | null,
): string {
  const resolved = substituteStageVariables(target, variables);
  const uri = INTEGRATION_URI.exec(resolved);
  return uri ? uri[1]! : resolved;
}
