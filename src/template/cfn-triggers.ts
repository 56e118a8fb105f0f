import type { AppModel, EventTargetModel } from '../core/app-model.js';
import { parseFunctionReference } from '../core/ids.js';
import { templateError, type TemplateContext } from './context.js';
import {
  isEnabled,
  readEventSourceMapping,
  readPattern,
  readSubscription,
  readTargetOptions,
} from './event-sources.js';
import { eventInvokeConfig } from './expand-function.js';
import { PropertyReader } from './read.js';
import { attributeText, refText, type TemplateNode } from './template-nodes.js';

/** `name` or `name:qualifier` from anything Lambda accepts as a FunctionName. */
function functionNameOf(p: PropertyReader, property = 'FunctionName'): string {
  const value = p.requiredString(property);
  const ref = parseFunctionReference(value);
  if (ref === undefined) throw p.error(property, `is not a function name or ARN: '${value}'`);
  return ref.qualifier === undefined ? ref.name : `${ref.name}:${ref.qualifier}`;
}

/**
 * Adds what plain CloudFormation trigger resources declare: event source mappings,
 * permissions, subscriptions (also a topic's inline `Subscription` list), EventBridge rules,
 * Scheduler schedules and event invoke configs. Returns false for other types.
 */
export function expandCfnTrigger(
  node: TemplateNode,
  model: AppModel,
  nodes: Map<string, TemplateNode>,
  ctx: TemplateContext,
): boolean {
  const p = new PropertyReader(node.resolved ?? {}, node.path, ctx);
  const id = node.logicalId;
  switch (node.type) {
    case 'AWS::Lambda::EventSourceMapping':
      model.eventSourceMappings.push(
        readEventSourceMapping(p, id, functionNameOf(p), p.requiredString('EventSourceArn')),
      );
      return true;
    case 'AWS::Lambda::Permission': {
      const permission: AppModel['permissions'][number] = {
        logicalId: id,
        functionName: functionNameOf(p),
        action: p.requiredString('Action'),
        principal: p.requiredString('Principal'),
      };
      const source = p.string('SourceArn');
      if (source !== undefined) permission.sourceArn = source;
      model.permissions.push(permission);
      return true;
    }
    case 'AWS::SNS::Subscription':
      model.subscriptions.push(
        readSubscription(p, {
          logicalId: id,
          topicArn: p.requiredString('TopicArn'),
          protocol: p.requiredString('Protocol').toLowerCase(),
          endpoint: p.requiredString('Endpoint'),
        }),
      );
      return true;
    case 'AWS::SNS::Topic':
      p.records('Subscription').forEach((entry, i) => {
        const r = new PropertyReader(entry, `${node.path}.Subscription[${i}]`, ctx);
        model.subscriptions.push({
          logicalId: `${id}Subscription${i}`,
          topicArn: refText(node),
          protocol: r.requiredString('Protocol').toLowerCase(),
          endpoint: r.requiredString('Endpoint'),
          rawMessageDelivery: false,
        });
      });
      return true;
    case 'AWS::Events::Rule': {
      const targets = p.records('Targets').map((t, i) => {
        const r = new PropertyReader(t, `${node.path}.Targets[${i}]`, ctx);
        return readTargetOptions(r, { id: r.requiredString('Id'), arn: r.requiredString('Arn') });
      });
      const rule: AppModel['rules'][number] = {
        logicalId: id,
        name: p.string('Name') ?? id,
        arn: attributeText(node, 'Arn'),
        eventBusName: busName(p.string('EventBusName')),
        enabled: isEnabled(p),
        targets,
      };
      const schedule = p.string('ScheduleExpression');
      if (schedule !== undefined) rule.scheduleExpression = schedule;
      const pattern = readPattern(p, 'EventPattern');
      if (pattern !== undefined) rule.eventPattern = pattern;
      if (schedule === undefined && pattern === undefined) {
        throw templateError(ctx, node.path, 'a rule needs a ScheduleExpression or an EventPattern');
      }
      model.rules.push(rule);
      return true;
    }
    case 'AWS::Scheduler::Schedule': {
      const t = p.child('Target');
      const target: EventTargetModel = readTargetOptions(t, {
        id: `${id}Target`,
        arn: t.requiredString('Arn'),
      });
      const schedule: AppModel['schedules'][number] = {
        logicalId: id,
        name: p.string('Name') ?? id,
        arn: attributeText(node, 'Arn'),
        groupName: p.string('GroupName') ?? 'default',
        scheduleExpression: p.requiredString('ScheduleExpression'),
        enabled: isEnabled(p),
        target,
      };
      const timezone = p.string('ScheduleExpressionTimezone');
      if (timezone !== undefined) schedule.timezone = timezone;
      model.schedules.push(schedule);
      return true;
    }
    case 'AWS::Lambda::EventInvokeConfig': {
      const name = functionNameOf(p);
      const fn = model.functions.find((f) => f.name === name.split(':')[0]);
      if (fn === undefined) {
        throw p.error('FunctionName', `names no function in this template: '${name}'`);
      }
      fn.eventInvokeConfig = eventInvokeConfig(p, p.requiredString('Qualifier'), node, nodes);
      return true;
    }
    default:
      return false;
  }
}

/** The bus name from `EventBusName`, which may also be a bus ARN. */
function busName(value: string | undefined): string {
  if (value === undefined) return 'default';
  const slash = value.lastIndexOf('event-bus/');
  return slash >= 0 ? value.slice(slash + 'event-bus/'.length) : value;
}
