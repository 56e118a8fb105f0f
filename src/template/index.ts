/**
 * template/ — turns an AWS SAM or CloudFormation template into the app model (`AppModel`,
 * src/core/app-model.ts): YAML/JSON parsing with the CloudFormation short forms, parameters,
 * conditions, mappings, Globals, SAM expansion (functions and their events, implicit APIs,
 * SimpleTable, layers), OpenAPI definitions and every intrinsic function, resolved in
 * dependency order. It only reads files; it starts nothing.
 *
 * Parity with AWS (SAM transform + CloudFormation):
 * - Gaps (not done yet): `AWS::Serverless::StateMachine`, `Application`, nested stacks, custom
 *   resources and macros (`Fn::Transform`, `AWS::Include`) are reported as warnings and ignored;
 *   `Fn::ImportValue` is an error (no other stacks exist); SSM parameter types are used as given,
 *   not looked up; `DependsOn` is checked for existence but does not order anything (nothing is
 *   provisioned); AWS_IAM authorization and resource policies are accepted, not enforced;
 *   OpenAPI integrations other than `aws_proxy` and `mock` are skipped with a warning;
 *   `Fn::Cidr` handles IPv4 only; API Gateway `AWS::ApiGateway::Authorizer` resources are not read.
 * - By design: resources without an explicit name are named after their logical id (buckets
 *   lower-cased), as `sam local` does, so `--function-name HelloFunction` works; API ids come
 *   from the stack name and logical id, so URLs survive restarts; DynamoDB stream labels are a
 *   stable timestamp derived from the stack and table; `${stageVariables.x}` inside `Fn::Sub` is
 *   kept for the gateway instead of being rejected as CloudFormation would; SAM resources without
 *   the Serverless transform are a warning, not an error; SAM's `Cors` header values are
 *   stored unquoted (`'*'` → `*`); an implicit API's routes do not make it depend on its
 *   functions, so a function may reference `ServerlessRestApi` (CloudFormation would report a
 *   circular dependency); `model.resources` lists SAM resources under the CloudFormation type
 *   they expand to but with their SAM properties, and SAM function events under the logical id
 *   SAM gives what they generate (`<Function><Event>`).
 * - Client quirks handled: YAML is read with PyYAML's YAML 1.1 rules (`yes`/`on` are booleans,
 *   no timestamps) as SAM tooling reads it; `!GetAtt A.B.C` splits at the first dot; queue
 *   `Ref` is the URL and topic `Ref` the ARN, as handlers expect.
 */
export { loadTemplate, type LoadTemplateOptions } from './load-template.js';
export { parseTemplateText, parseTemplateFile } from './parse-template.js';
