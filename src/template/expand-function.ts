import { existsSync, statSync } from 'node:fs';
import { isAbsolute, resolve as resolvePath } from 'node:path';
import type { EventInvokeConfigModel, FunctionModel, LayerModel } from '../core/app-model.js';
import { functionArn } from '../core/ids.js';
import { templateError, warn, type TemplateContext } from './context.js';
import { PropertyReader } from './read.js';
import type { TemplateNode } from './template-nodes.js';
import { isRecord, isScalar, scalarToString } from './values.js';

const DEFAULT_MEMORY_MB = 128;
const DEFAULT_TIMEOUT_SECONDS = 3;
const DEFAULT_EPHEMERAL_STORAGE_MB = 512;

/** Builds a function from an `AWS::Serverless::Function` or `AWS::Lambda::Function` node. */
export function expandFunction(
  node: TemplateNode,
  layers: LayerModel[],
  nodes: Map<string, TemplateNode>,
  ctx: TemplateContext,
): FunctionModel {
  const p = new PropertyReader(node.resolved ?? {}, node.path, ctx);
  const sam = node.type === 'AWS::Serverless::Function';
  const logicalId = node.logicalId;
  if (p.string('PackageType') === 'Image') {
    throw templateError(
      ctx,
      `${node.path}.PackageType`,
      'container image functions are not supported; package the function as a zip (CodeUri) instead',
      'ERR_TEMPLATE_UNSUPPORTED',
    );
  }
  const name = p.string('FunctionName') ?? logicalId;
  const arn = functionArn(ctx.region, ctx.accountId, name);
  const code = sam ? samCode(p, ctx) : lambdaCode(p, ctx);
  if (code.codeDir !== ctx.baseDir && !existsSync(code.codeDir)) {
    warn(ctx, logicalId, `code folder ${code.codeDir} does not exist (yet)`);
  } else if (existsSync(code.codeDir) && !statSync(code.codeDir).isDirectory()) {
    warn(
      ctx,
      logicalId,
      `code location ${code.codeDir} is a file; Stratus runs function code from a folder`,
    );
  }

  if (p.has('FunctionUrlConfig')) {
    warn(ctx, logicalId, 'FunctionUrlConfig is accepted but no function URL is served yet');
  }
  const logging = p.child('LoggingConfig');
  const layerArns = p.strings('Layers');
  const layerDirs: string[] = [];
  for (const layerArn of layerArns) {
    const local = layers.find((l) => l.arn === layerArn);
    if (local) layerDirs.push(local.contentDir);
    else
      warn(
        ctx,
        logicalId,
        `layer ${layerArn} is not defined in this template; Stratus cannot fetch it`,
      );
  }
  const environment = p.child('Environment').stringMap('Variables');
  const model: FunctionModel = {
    logicalId,
    name,
    arn,
    runtime: p.requiredString('Runtime'),
    handler: p.requiredString('Handler'),
    codeDir: code.codeDir,
    memorySize: p.number('MemorySize', 128, 10240) ?? DEFAULT_MEMORY_MB,
    timeout: p.number('Timeout', 1, 900) ?? DEFAULT_TIMEOUT_SECONDS,
    environment,
    layers: layerArns,
    layerDirs,
    architectures: p.has('Architectures') ? p.strings('Architectures') : ['x86_64'],
    ephemeralStorageMb:
      p.child('EphemeralStorage').number('Size', 512, 10240) ?? DEFAULT_EPHEMERAL_STORAGE_MB,
    logging: {
      format: logging.string('LogFormat') === 'JSON' ? 'JSON' : 'Text',
      logGroup: logging.string('LogGroup') ?? `/aws/lambda/${name}`,
    },
    tags: p.tags(),
  };
  if (code.inlineCode !== undefined) model.inlineCode = code.inlineCode;
  const reserved = p.number('ReservedConcurrentExecutions', 0);
  if (reserved !== undefined) model.reservedConcurrency = reserved;
  const appLevel = logging.string('ApplicationLogLevel');
  if (appLevel !== undefined) model.logging.applicationLogLevel = appLevel;
  const systemLevel = logging.string('SystemLogLevel');
  if (systemLevel !== undefined) model.logging.systemLogLevel = systemLevel;
  const role =
    p.string('Role') ?? (sam ? `arn:aws:iam::${ctx.accountId}:role/${logicalId}Role` : undefined);
  if (role !== undefined) model.role = role;
  const tracing = sam ? p.string('Tracing') : p.child('TracingConfig').string('Mode');
  if (tracing === 'Active' || tracing === 'PassThrough') model.tracing = tracing;
  const description = p.string('Description');
  if (description !== undefined) model.description = description;
  const dlq = sam
    ? p.child('DeadLetterQueue').string('TargetArn')
    : p.child('DeadLetterConfig').string('TargetArn');
  if (dlq !== undefined) model.deadLetterTargetArn = dlq;
  const alias = sam ? p.string('AutoPublishAlias') : undefined;
  if (alias !== undefined) model.autoPublishAlias = alias;
  if (sam && p.has('EventInvokeConfig')) {
    model.eventInvokeConfig = eventInvokeConfig(
      p.child('EventInvokeConfig'),
      alias ?? '$LATEST',
      node,
      nodes,
    );
  }
  return model;
}

/** Reads a SAM `EventInvokeConfig` or a resolved `AWS::Lambda::EventInvokeConfig`. */
export function eventInvokeConfig(
  p: PropertyReader,
  qualifier: string,
  node: TemplateNode,
  nodes: Map<string, TemplateNode>,
): EventInvokeConfigModel {
  const out: EventInvokeConfigModel = { qualifier: p.string('Qualifier') ?? qualifier };
  const retries = p.number('MaximumRetryAttempts', 0, 2);
  if (retries !== undefined) out.maximumRetryAttempts = retries;
  const age = p.number('MaximumEventAgeInSeconds', 60, 21600);
  if (age !== undefined) out.maximumEventAgeInSeconds = age;
  const destinations = p.child('DestinationConfig');
  for (const side of ['OnSuccess', 'OnFailure'] as const) {
    const d = destinations.child(side);
    let target = d.string('Destination');
    if (target === undefined) {
      const kind = d.string('Type');
      const generated = kind === 'SQS' ? 'Queue' : kind === 'SNS' ? 'Topic' : undefined;
      if (generated !== undefined) {
        // SAM creates the queue/topic when only a Type is given.
        const created = nodes.get(`${node.logicalId}EventInvokeConfig${side}${generated}`);
        const arn = created?.identity?.attributes[generated === 'Queue' ? 'Arn' : 'TopicArn'];
        if (typeof arn === 'string') target = arn;
      }
    }
    if (target === undefined) continue;
    if (side === 'OnSuccess') out.onSuccess = target;
    else out.onFailure = target;
  }
  return out;
}

interface CodeLocation {
  codeDir: string;
  inlineCode?: string;
}

function samCode(p: PropertyReader, ctx: TemplateContext): CodeLocation {
  const inline = p.string('InlineCode');
  if (inline !== undefined) return { codeDir: ctx.baseDir, inlineCode: inline };
  const codeUri = p.props['CodeUri'];
  if (codeUri === undefined || codeUri === null) return { codeDir: ctx.baseDir };
  if (isRecord(codeUri) || (typeof codeUri === 'string' && codeUri.startsWith('s3://'))) {
    throw templateError(
      ctx,
      `${p.path}.CodeUri`,
      `code in S3 (${describeCode(codeUri)}) cannot be run locally; point CodeUri at a local folder, e.g. CodeUri: src/`,
      'ERR_TEMPLATE_UNSUPPORTED',
    );
  }
  return { codeDir: localPath(p.requiredString('CodeUri'), ctx) };
}

function lambdaCode(p: PropertyReader, ctx: TemplateContext): CodeLocation {
  const code = p.props['Code'];
  if (typeof code === 'string') return { codeDir: localPath(code, ctx) };
  if (!isRecord(code)) throw p.error('Code', 'is required (ZipFile, or a local folder path)');
  const zipFile = code['ZipFile'];
  if (isScalar(zipFile)) return { codeDir: ctx.baseDir, inlineCode: scalarToString(zipFile) };
  if (code['ImageUri'] !== undefined) {
    throw templateError(
      ctx,
      `${p.path}.Code.ImageUri`,
      'container image functions are not supported',
      'ERR_TEMPLATE_UNSUPPORTED',
    );
  }
  throw templateError(
    ctx,
    `${p.path}.Code`,
    `code in S3 (${describeCode(code)}) cannot be run locally; use Code.ZipFile or a local folder path`,
    'ERR_TEMPLATE_UNSUPPORTED',
  );
}

function describeCode(code: unknown): string {
  if (typeof code === 'string') return code;
  if (!isRecord(code)) return String(code);
  const bucket = code['Bucket'] ?? code['S3Bucket'];
  const key = code['Key'] ?? code['S3Key'];
  return `s3://${isScalar(bucket) ? scalarToString(bucket) : '?'}/${isScalar(key) ? scalarToString(key) : '?'}`;
}

function localPath(value: string, ctx: TemplateContext): string {
  return isAbsolute(value) ? value : resolvePath(ctx.baseDir, value);
}

/** Builds a layer from an `AWS::Serverless::LayerVersion` or `AWS::Lambda::LayerVersion` node. */
export function expandLayer(node: TemplateNode, ctx: TemplateContext): LayerModel {
  const p = new PropertyReader(node.resolved ?? {}, node.path, ctx);
  const sam = node.type === 'AWS::Serverless::LayerVersion';
  const content: unknown = sam ? p.props['ContentUri'] : p.props['Content'];
  const property = sam ? 'ContentUri' : 'Content';
  if (typeof content !== 'string' || content.startsWith('s3://')) {
    throw templateError(
      ctx,
      `${node.path}.${property}`,
      `layer content in S3 (${describeCode(content)}) cannot be used locally; point ${property} at a local folder`,
      'ERR_TEMPLATE_UNSUPPORTED',
    );
  }
  const arn = (node.identity?.ref as string | undefined) ?? '';
  return {
    logicalId: node.logicalId,
    name: p.string('LayerName') ?? node.logicalId,
    arn,
    contentDir: localPath(content, ctx),
    compatibleRuntimes: p.strings('CompatibleRuntimes'),
  };
}
