import { createHash } from 'node:crypto';
import { createStableId, functionArn } from '../core/ids.js';
import type { TemplateContext } from './context.js';
import { stableUuid } from './parameters.js';
import { isRecord, isScalar, scalarToString, type PlainObject } from './values.js';

/** What `Ref` and `Fn::GetAtt` return for one resource. */
export interface ResourceIdentity {
  ref: unknown;
  attributes: Record<string, unknown>;
}

type IdentityBuilder = (
  logicalId: string,
  props: PlainObject,
  ctx: TemplateContext,
) => ResourceIdentity;

function text(value: unknown): string | undefined {
  return isScalar(value) ? scalarToString(value) : undefined;
}

/** A resource's physical name: the name property if set, else (by design) its logical id. */
export function physicalName(props: PlainObject, property: string, logicalId: string): string {
  return text(props[property]) ?? logicalId;
}

/** The queue name: `QueueName`, else the logical id (with `.fifo` for FIFO queues). */
export function queueName(logicalId: string, props: PlainObject): string {
  const explicit = text(props['QueueName']);
  if (explicit !== undefined) return explicit;
  return isTrue(props['FifoQueue']) ? `${logicalId}.fifo` : logicalId;
}

/** The topic name: `TopicName`, else the logical id (with `.fifo` for FIFO topics). */
export function topicName(logicalId: string, props: PlainObject): string {
  const explicit = text(props['TopicName']);
  if (explicit !== undefined) return explicit;
  return isTrue(props['FifoTopic']) ? `${logicalId}.fifo` : logicalId;
}

/** True for `true` and `'true'` (CloudFormation accepts both). */
export function isTrue(value: unknown): boolean {
  return value === true || value === 'true' || value === 'True';
}

/**
 * A stable DynamoDB stream label (AWS uses the stream's creation time, e.g.
 * `2024-03-05T10:11:12.345`), derived from the stack and table so ARNs survive restarts.
 */
export function streamLabel(stackName: string, logicalId: string): string {
  const digest = createHash('sha256').update(`${stackName}/${logicalId}/stream`).digest();
  const offsetMs = digest.readUInt32BE(0) * 7; // up to ~950 days after the base date
  return new Date(Date.UTC(2024, 0, 1) + offsetMs).toISOString().replace('Z', '');
}

/** The stable API id of an API resource. */
export function apiId(ctx: TemplateContext, logicalId: string): string {
  return createStableId(`${ctx.stackName}/${logicalId}`);
}

const arn = (ctx: TemplateContext, service: string, resource: string): string =>
  `arn:aws:${service}:${ctx.region}:${ctx.accountId}:${resource}`;

const lambdaFunction: IdentityBuilder = (logicalId, props, ctx) => {
  const name = physicalName(props, 'FunctionName', logicalId);
  return { ref: name, attributes: { Arn: functionArn(ctx.region, ctx.accountId, name) } };
};

const table: IdentityBuilder = (logicalId, props, ctx) => {
  const name = physicalName(props, 'TableName', logicalId);
  const tableArn = arn(ctx, 'dynamodb', `table/${name}`);
  const attributes: Record<string, unknown> = { Arn: tableArn };
  const stream = props['StreamSpecification'];
  if (isRecord(stream) && stream['StreamViewType'] !== undefined) {
    attributes['StreamArn'] = `${tableArn}/stream/${streamLabel(ctx.stackName, logicalId)}`;
  }
  return { ref: name, attributes };
};

const layer: IdentityBuilder = (logicalId, props, ctx) => {
  const name = physicalName(props, 'LayerName', logicalId);
  const layerArn = arn(ctx, 'lambda', `layer:${name}:1`);
  return { ref: layerArn, attributes: { LayerVersionArn: layerArn } };
};

const restApi: IdentityBuilder = (logicalId, _props, ctx) => {
  const id = apiId(ctx, logicalId);
  return {
    ref: id,
    attributes: { RootResourceId: createStableId(`${ctx.stackName}/${logicalId}/root`) },
  };
};

const httpApi: IdentityBuilder = (logicalId, _props, ctx) => {
  const id = apiId(ctx, logicalId);
  return {
    ref: id,
    attributes: { ApiId: id, ApiEndpoint: `https://${id}.execute-api.${ctx.region}.amazonaws.com` },
  };
};

const rule: IdentityBuilder = (logicalId, props, ctx) => {
  const name = text(props['Name']) ?? text(props['RuleName']) ?? logicalId;
  const bus = text(props['EventBusName']);
  const custom = bus !== undefined && bus !== 'default' ? bus : undefined;
  return {
    ref: custom === undefined ? name : `${custom}|${name}`,
    attributes: {
      Arn: arn(ctx, 'events', custom === undefined ? `rule/${name}` : `rule/${custom}/${name}`),
    },
  };
};

const BUILDERS: Record<string, IdentityBuilder> = {
  'AWS::Serverless::Function': lambdaFunction,
  'AWS::Lambda::Function': lambdaFunction,
  'AWS::Lambda::Version': (logicalId, props, ctx) => {
    const fn = text(props['FunctionName']) ?? logicalId;
    const base = fn.startsWith('arn:') ? fn : functionArn(ctx.region, ctx.accountId, fn);
    return { ref: `${base}:1`, attributes: { Version: '1', FunctionArn: base } };
  },
  'AWS::Lambda::Alias': (logicalId, props, ctx) => {
    const fn = text(props['FunctionName']) ?? logicalId;
    const base = fn.startsWith('arn:') ? fn : functionArn(ctx.region, ctx.accountId, fn);
    const aliasArn = `${base}:${physicalName(props, 'Name', logicalId)}`;
    return { ref: aliasArn, attributes: { AliasArn: aliasArn } };
  },
  'AWS::Lambda::EventSourceMapping': (logicalId, _props, ctx) => {
    const id = stableUuid(`${ctx.stackName}/${logicalId}`);
    return {
      ref: id,
      attributes: {
        Id: id,
        EventSourceMappingArn: arn(ctx, 'lambda', `event-source-mapping:${id}`),
      },
    };
  },
  'AWS::Lambda::Permission': (logicalId, _props, ctx) => ({
    ref: `${ctx.stackName}-${logicalId}`,
    attributes: {},
  }),
  'AWS::Lambda::EventInvokeConfig': (logicalId, _props, ctx) => ({
    ref: stableUuid(`${ctx.stackName}/${logicalId}`),
    attributes: {},
  }),
  'AWS::Serverless::LayerVersion': layer,
  'AWS::Lambda::LayerVersion': layer,
  'AWS::Serverless::Api': restApi,
  'AWS::ApiGateway::RestApi': restApi,
  'AWS::Serverless::HttpApi': httpApi,
  'AWS::ApiGatewayV2::Api': httpApi,
  'AWS::ApiGateway::Stage': (logicalId, props) => ({
    ref: physicalName(props, 'StageName', logicalId),
    attributes: {},
  }),
  'AWS::ApiGatewayV2::Stage': (logicalId, props) => ({
    ref: physicalName(props, 'StageName', logicalId),
    attributes: {},
  }),
  'AWS::ApiGateway::Deployment': (logicalId, _props, ctx) => ({
    ref: createStableId(`${ctx.stackName}/${logicalId}`),
    attributes: {},
  }),
  'AWS::ApiGateway::ApiKey': (logicalId, _props, ctx) => {
    const id = createStableId(`${ctx.stackName}/${logicalId}`);
    return { ref: id, attributes: { APIKeyId: id } };
  },
  'AWS::ApiGateway::UsagePlan': (logicalId, _props, ctx) => {
    const id = createStableId(`${ctx.stackName}/${logicalId}`, 6);
    return { ref: id, attributes: { Id: id } };
  },
  'AWS::ApiGateway::UsagePlanKey': (logicalId, _props, ctx) => ({
    ref: createStableId(`${ctx.stackName}/${logicalId}`),
    attributes: {},
  }),
  'AWS::ApiGateway::Authorizer': (logicalId, _props, ctx) => ({
    ref: createStableId(`${ctx.stackName}/${logicalId}`, 6),
    attributes: {},
  }),
  'AWS::ApiGateway::Resource': (logicalId, _props, ctx) => ({
    ref: createStableId(`${ctx.stackName}/${logicalId}`, 6),
    attributes: {},
  }),
  'AWS::ApiGateway::Method': (logicalId, _props, ctx) => ({
    ref: `${ctx.stackName}-${logicalId}`,
    attributes: {},
  }),
  'AWS::ApiGateway::GatewayResponse': (logicalId, _props, ctx) => ({
    ref: `${ctx.stackName}-${logicalId}`,
    attributes: {},
  }),
  'AWS::ApiGatewayV2::Route': (logicalId, _props, ctx) => ({
    ref: createStableId(`${ctx.stackName}/${logicalId}`, 7),
    attributes: {},
  }),
  'AWS::ApiGatewayV2::Integration': (logicalId, _props, ctx) => ({
    ref: createStableId(`${ctx.stackName}/${logicalId}`, 7),
    attributes: {},
  }),
  'AWS::ApiGatewayV2::Authorizer': (logicalId, _props, ctx) => ({
    ref: createStableId(`${ctx.stackName}/${logicalId}`, 6),
    attributes: {},
  }),
  'AWS::Serverless::SimpleTable': table,
  'AWS::DynamoDB::Table': table,
  'AWS::SQS::Queue': (logicalId, props, ctx) => {
    const name = queueName(logicalId, props);
    const url = `${ctx.awsEndpoint}/${ctx.accountId}/${name}`;
    return { ref: url, attributes: { Arn: arn(ctx, 'sqs', name), QueueName: name, QueueUrl: url } };
  },
  'AWS::SQS::QueuePolicy': (logicalId, _props, ctx) => ({
    ref: `${ctx.stackName}-${logicalId}`,
    attributes: {},
  }),
  'AWS::SNS::Topic': (logicalId, props, ctx) => {
    const name = topicName(logicalId, props);
    const topicArn = arn(ctx, 'sns', name);
    return { ref: topicArn, attributes: { TopicArn: topicArn, TopicName: name } };
  },
  'AWS::SNS::TopicPolicy': (logicalId, _props, ctx) => ({
    ref: `${ctx.stackName}-${logicalId}`,
    attributes: {},
  }),
  'AWS::SNS::Subscription': (logicalId, props, ctx) => {
    const topic = text(props['TopicArn']) ?? text(props['Topic']) ?? arn(ctx, 'sns', logicalId);
    return { ref: `${topic}:${stableUuid(`${ctx.stackName}/${logicalId}`)}`, attributes: {} };
  },
  'AWS::Kinesis::Stream': (logicalId, props, ctx) => {
    const name = physicalName(props, 'Name', logicalId);
    return { ref: name, attributes: { Arn: arn(ctx, 'kinesis', `stream/${name}`) } };
  },
  'AWS::S3::Bucket': (logicalId, props, ctx) => {
    const name = text(props['BucketName']) ?? logicalId.toLowerCase();
    return {
      ref: name,
      attributes: {
        Arn: `arn:aws:s3:::${name}`,
        DomainName: `${name}.s3.amazonaws.com`,
        RegionalDomainName: `${name}.s3.${ctx.region}.amazonaws.com`,
        DualStackDomainName: `${name}.s3.dualstack.${ctx.region}.amazonaws.com`,
        WebsiteURL: `http://${name}.s3-website-${ctx.region}.amazonaws.com`,
      },
    };
  },
  'AWS::S3::BucketPolicy': (logicalId, _props, ctx) => ({
    ref: `${ctx.stackName}-${logicalId}`,
    attributes: {},
  }),
  'AWS::Events::Rule': rule,
  'AWS::Events::EventBus': (logicalId, props, ctx) => {
    const name = physicalName(props, 'Name', logicalId);
    const busArn = arn(ctx, 'events', `event-bus/${name}`);
    return { ref: name, attributes: { Arn: busArn, Name: name } };
  },
  'AWS::Scheduler::Schedule': (logicalId, props, ctx) => {
    const name = physicalName(props, 'Name', logicalId);
    const group = text(props['GroupName']) ?? 'default';
    return { ref: name, attributes: { Arn: arn(ctx, 'scheduler', `schedule/${group}/${name}`) } };
  },
  'AWS::Scheduler::ScheduleGroup': (logicalId, props, ctx) => {
    const name = physicalName(props, 'Name', logicalId);
    return { ref: name, attributes: { Arn: arn(ctx, 'scheduler', `schedule-group/${name}`) } };
  },
  'AWS::IAM::Role': (logicalId, props, ctx) => {
    const name = physicalName(props, 'RoleName', logicalId);
    const path = text(props['Path']) ?? '/';
    const roleId = 'AROA' + createStableId(`${ctx.stackName}/${logicalId}/role`, 17).toUpperCase();
    return {
      ref: name,
      attributes: { Arn: `arn:aws:iam::${ctx.accountId}:role${path}${name}`, RoleId: roleId },
    };
  },
  'AWS::IAM::Policy': (logicalId, props, ctx) => ({
    ref: `${ctx.stackName}-${physicalName(props, 'PolicyName', logicalId)}`,
    attributes: {},
  }),
  'AWS::IAM::ManagedPolicy': (logicalId, props, ctx) => {
    const policyArn = `arn:aws:iam::${ctx.accountId}:policy/${physicalName(props, 'ManagedPolicyName', logicalId)}`;
    return { ref: policyArn, attributes: { PolicyArn: policyArn } };
  },
  'AWS::IAM::InstanceProfile': (logicalId, props, ctx) => {
    const name = physicalName(props, 'InstanceProfileName', logicalId);
    return {
      ref: name,
      attributes: { Arn: `arn:aws:iam::${ctx.accountId}:instance-profile/${name}` },
    };
  },
  'AWS::Logs::LogGroup': (logicalId, props, ctx) => {
    const name = physicalName(props, 'LogGroupName', logicalId);
    return { ref: name, attributes: { Arn: arn(ctx, 'logs', `log-group:${name}:*`) } };
  },
};

/** True when Stratus knows what `Ref`/`GetAtt` return for this resource type. */
export function isKnownType(type: string): boolean {
  return type in BUILDERS;
}

/** `Ref`/`GetAtt` values of a resource, from its resolved properties; undefined for unknown types. */
export function identityOf(
  type: string,
  logicalId: string,
  props: PlainObject,
  ctx: TemplateContext,
): ResourceIdentity | undefined {
  return BUILDERS[type]?.(logicalId, props, ctx);
}
