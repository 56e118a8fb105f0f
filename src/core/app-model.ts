/**
 * The app model: what a template describes, after parsing, parameter binding, Globals, SAM
 * expansion, conditions and intrinsics. `template/` produces it; `cloud/` deploys it onto
 * functions, gateway and services. It lives in core (types only) so every layer can read it
 * without importing the template loader (see docs/decisions/0001-app-model-in-core.md).
 *
 * Every value here is fully resolved: no intrinsic functions remain, except `${stageVariables.x}`
 * placeholders inside API integration targets, which the gateway resolves per request.
 */

export interface AppModel {
  /** Absolute path of the template file. */
  templatePath: string;
  /** Directory of the template; relative `CodeUri`s resolve against it. */
  baseDir: string;
  stackName: string;
  region: string;
  accountId: string;
  functions: FunctionModel[];
  restApis: RestApiModel[];
  httpApis: HttpApiModel[];
  tables: TableModel[];
  queues: QueueModel[];
  topics: TopicModel[];
  subscriptions: SubscriptionModel[];
  streams: KinesisStreamModel[];
  buckets: BucketModel[];
  /** EventBridge rules (including SAM `Schedule` events) and their targets. */
  rules: EventRuleModel[];
  /** EventBridge Scheduler schedules (SAM `ScheduleV2`). */
  schedules: ScheduleModel[];
  eventSourceMappings: EventSourceMappingModel[];
  permissions: PermissionModel[];
  layers: LayerModel[];
  /** Every resource after expansion, with its resolved properties; the typed lists above are views. */
  resources: ResourceModel[];
  /** Resolved `Outputs` (value per output name). */
  outputs: Record<string, unknown>;
  /** Non-fatal findings (unknown resource types, ignored properties), each naming its resource. */
  warnings: TemplateWarning[];
}

export interface TemplateWarning {
  logicalId?: string;
  message: string;
}

/** A resource after expansion: its CloudFormation type and fully resolved properties. */
export interface ResourceModel {
  logicalId: string;
  type: string;
  properties: Record<string, unknown>;
  /** What `Ref` returns. */
  ref: string;
  /** What `Fn::GetAtt` returns, per attribute name. */
  attributes: Record<string, unknown>;
}

// ---------------------------------------------------------------------------------------------
// Functions

export type NodeRuntime = 'nodejs18.x' | 'nodejs20.x' | 'nodejs22.x' | 'nodejs24.x';

export interface FunctionModel {
  logicalId: string;
  /** Physical function name (`FunctionName`, else the logical id). */
  name: string;
  /** Unqualified function ARN. */
  arn: string;
  /** e.g. `nodejs20.x`, `python3.12`, `provided.al2023`. */
  runtime: string;
  /** e.g. `src/app.handler`. */
  handler: string;
  /** Absolute directory holding the code (`CodeUri` resolved against the template folder). */
  codeDir: string;
  /** `InlineCode`, when given instead of `CodeUri`. */
  inlineCode?: string;
  /** MB, 128–10240, default 128. */
  memorySize: number;
  /** Seconds, 1–900, default 3. */
  timeout: number;
  /** Customer environment variables, all strings. */
  environment: Record<string, string>;
  reservedConcurrency?: number;
  /** Layer version ARNs, in order. */
  layers: string[];
  /** Local directories of layers defined in this template, in the function's layer order. */
  layerDirs: string[];
  role?: string;
  architectures: string[];
  ephemeralStorageMb: number;
  tracing?: 'Active' | 'PassThrough';
  description?: string;
  /** `DeadLetterQueue` / `DeadLetterConfig.TargetArn`. */
  deadLetterTargetArn?: string;
  eventInvokeConfig?: EventInvokeConfigModel;
  /** SAM `AutoPublishAlias`. */
  autoPublishAlias?: string;
  logging: {
    format: 'Text' | 'JSON';
    applicationLogLevel?: string;
    systemLogLevel?: string;
    logGroup: string;
  };
  tags: Record<string, string>;
}

export interface EventInvokeConfigModel {
  qualifier: string;
  maximumRetryAttempts?: number;
  maximumEventAgeInSeconds?: number;
  onSuccess?: string;
  onFailure?: string;
}

export interface LayerModel {
  logicalId: string;
  name: string;
  arn: string;
  /** Absolute directory of the layer content (`ContentUri`). */
  contentDir: string;
  compatibleRuntimes: string[];
}

export interface PermissionModel {
  logicalId: string;
  functionName: string;
  action: string;
  principal: string;
  sourceArn?: string;
}

// ---------------------------------------------------------------------------------------------
// APIs

/**
 * Where an API route sends its requests. `functionArn` may be qualified and may contain
 * `${stageVariables.name}` placeholders, resolved per request.
 */
export interface LambdaIntegrationModel {
  type: 'lambda-proxy';
  functionArn: string;
  /** 50–29000 (REST) or 50–30000 (HTTP). */
  timeoutMs: number;
}

export interface MockIntegrationModel {
  type: 'mock';
  statusCode: number;
  /** Response headers, already resolved from `method.response.header.*` literals. */
  headers: Record<string, string>;
  body: string;
}

export type IntegrationModel = LambdaIntegrationModel | MockIntegrationModel;

export interface RestRouteModel {
  /** Resource path, e.g. `/items/{id}`, `/{proxy+}`, `/`. */
  path: string;
  /** Upper-case method or `ANY`. */
  method: string;
  integration: IntegrationModel;
  apiKeyRequired: boolean;
  /** Name of an authorizer in `RestApiModel.authorizers`, or undefined for none. */
  authorizer?: string;
  authorizationScopes?: string[];
}

export interface RestCorsModel {
  allowOrigin: string;
  allowMethods?: string;
  allowHeaders?: string;
  allowCredentials?: boolean;
  maxAge?: number;
}

export interface AuthorizerModel {
  name: string;
  type: 'TOKEN' | 'REQUEST' | 'COGNITO_USER_POOLS' | 'JWT';
  functionArn?: string;
  /** Header for TOKEN authorizers (default `Authorization`). */
  identityHeader?: string;
  /** Identity sources for REQUEST authorizers, e.g. `method.request.header.Auth`. */
  identitySources?: string[];
  validationExpression?: string;
  resultTtlSeconds?: number;
  /** HTTP API Lambda authorizers. */
  payloadFormatVersion?: '1.0' | '2.0';
  enableSimpleResponses?: boolean;
  /** JWT / Cognito. */
  issuer?: string;
  audience?: string[];
  userPoolArns?: string[];
}

export interface GatewayResponseModel {
  type: string;
  statusCode?: number;
  headers: Record<string, string>;
  templates: Record<string, string>;
}

export interface RestApiModel {
  logicalId: string;
  /** 10-character API id. */
  id: string;
  name: string;
  stageName: string;
  stageVariables: Record<string, string>;
  /** Media types with `~1` already turned into `/`. */
  binaryMediaTypes: string[];
  minimumCompressionSize?: number;
  routes: RestRouteModel[];
  /** CORS as SAM's `Cors` property declares it; OPTIONS mocks are already in `routes`. */
  cors?: RestCorsModel;
  authorizers: AuthorizerModel[];
  defaultAuthorizer?: string;
  apiKeySource: 'HEADER' | 'AUTHORIZER';
  gatewayResponses: GatewayResponseModel[];
  disableExecuteApiEndpoint: boolean;
}

export interface HttpRouteModel {
  /** `GET /items/{id}`, `ANY /{proxy+}` or `$default`. */
  routeKey: string;
  integration: LambdaIntegrationModel & { payloadFormatVersion: '1.0' | '2.0' };
  authorizer?: string;
  authorizationScopes?: string[];
}

export interface HttpCorsModel {
  allowOrigins: string[];
  allowMethods: string[];
  allowHeaders: string[];
  exposeHeaders: string[];
  allowCredentials: boolean;
  maxAge?: number;
}

export interface HttpApiModel {
  logicalId: string;
  id: string;
  name: string;
  /** `$default` for SAM's implicit HTTP API. */
  stageName: string;
  stageVariables: Record<string, string>;
  routes: HttpRouteModel[];
  cors?: HttpCorsModel;
  authorizers: AuthorizerModel[];
  defaultAuthorizer?: string;
  disableExecuteApiEndpoint: boolean;
}

// ---------------------------------------------------------------------------------------------
// Data and messaging resources (behaviour arrives with their services)

export interface KeySchemaElement {
  attributeName: string;
  keyType: 'HASH' | 'RANGE';
}

export interface TableIndexModel {
  indexName: string;
  keySchema: KeySchemaElement[];
  projection: { projectionType: 'ALL' | 'KEYS_ONLY' | 'INCLUDE'; nonKeyAttributes?: string[] };
}

export interface TableModel {
  logicalId: string;
  name: string;
  arn: string;
  attributeDefinitions: { attributeName: string; attributeType: 'S' | 'N' | 'B' }[];
  keySchema: KeySchemaElement[];
  globalSecondaryIndexes: TableIndexModel[];
  localSecondaryIndexes: TableIndexModel[];
  billingMode: 'PROVISIONED' | 'PAY_PER_REQUEST';
  stream?: {
    viewType: 'KEYS_ONLY' | 'NEW_IMAGE' | 'OLD_IMAGE' | 'NEW_AND_OLD_IMAGES';
    arn: string;
  };
  ttl?: { attributeName: string; enabled: boolean };
  tags: Record<string, string>;
}

export interface QueueModel {
  logicalId: string;
  name: string;
  arn: string;
  url: string;
  fifo: boolean;
  /** Queue attributes as CloudFormation names them (VisibilityTimeout, RedrivePolicy, …). */
  attributes: Record<string, unknown>;
  tags: Record<string, string>;
}

export interface TopicModel {
  logicalId: string;
  name: string;
  arn: string;
  fifo: boolean;
  attributes: Record<string, unknown>;
  tags: Record<string, string>;
}

export interface SubscriptionModel {
  logicalId: string;
  topicArn: string;
  protocol: string;
  endpoint: string;
  filterPolicy?: unknown;
  filterPolicyScope?: 'MessageAttributes' | 'MessageBody';
  rawMessageDelivery: boolean;
  redrivePolicy?: unknown;
}

export interface KinesisStreamModel {
  logicalId: string;
  name: string;
  arn: string;
  shardCount: number;
  mode: 'PROVISIONED' | 'ON_DEMAND';
  retentionHours: number;
}

export interface BucketModel {
  logicalId: string;
  name: string;
  arn: string;
  /** Notification configuration as CloudFormation declares it (incl. SAM `S3` events). */
  notifications: BucketNotificationModel[];
  versioning: boolean;
  cors?: unknown;
}

export interface BucketNotificationModel {
  kind: 'lambda' | 'queue' | 'topic';
  targetArn: string;
  events: string[];
  prefix?: string;
  suffix?: string;
}

export interface EventTargetModel {
  id: string;
  arn: string;
  input?: string;
  inputPath?: string;
  inputTransformer?: { inputPathsMap?: Record<string, string>; inputTemplate: string };
  retryPolicy?: { maximumRetryAttempts?: number; maximumEventAgeInSeconds?: number };
  deadLetterArn?: string;
}

export interface EventRuleModel {
  logicalId: string;
  name: string;
  arn: string;
  eventBusName: string;
  scheduleExpression?: string;
  eventPattern?: unknown;
  enabled: boolean;
  targets: EventTargetModel[];
}

export interface ScheduleModel {
  logicalId: string;
  name: string;
  arn: string;
  groupName: string;
  scheduleExpression: string;
  timezone?: string;
  enabled: boolean;
  target: EventTargetModel;
}

export interface EventSourceMappingModel {
  logicalId: string;
  /** The mapping's UUID (what `Ref` returns and the Lambda API names it by). */
  uuid: string;
  /** Function name (physical), possibly `name:qualifier`. */
  functionName: string;
  eventSourceArn: string;
  enabled: boolean;
  batchSize?: number;
  maximumBatchingWindowInSeconds?: number;
  startingPosition?: 'TRIM_HORIZON' | 'LATEST' | 'AT_TIMESTAMP';
  startingPositionTimestamp?: number;
  parallelizationFactor?: number;
  bisectBatchOnFunctionError?: boolean;
  maximumRetryAttempts?: number;
  maximumRecordAgeInSeconds?: number;
  tumblingWindowInSeconds?: number;
  functionResponseTypes: string[];
  /** Pattern strings, as in `FilterCriteria.Filters[].Pattern`. */
  filterPatterns: string[];
  onFailureDestinationArn?: string;
  maximumConcurrency?: number;
}
