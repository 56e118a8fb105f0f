/**
 * Deploys the template's queues: creates the missing ones and brings existing ones to the
 * template's attributes and tags, never touching their messages. Dead-letter targets are
 * deployed before the queues that name them, so RedrivePolicy validation finds them.
 */
import type { QueueModel } from '../../core/app-model.js';
import { AwsError, StratusError } from '../../core/errors.js';
import { normalizeAttributes, SETTABLE_ATTRIBUTES, defaultAttributes } from './queue-attributes.js';
import type { SqsEngine } from './sqs-engine.js';

/** CloudFormation property values (numbers, booleans, objects) as SQS attribute strings. */
function attributeText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** Template queues, dead-letter targets first. */
function ordered(queues: readonly QueueModel[]): QueueModel[] {
  const byArn = new Map(queues.map((q) => [q.arn, q]));
  const out: QueueModel[] = [];
  const seen = new Set<string>();
  const visit = (q: QueueModel, depth: number): void => {
    if (seen.has(q.arn) || depth > queues.length) return;
    const policy = q.attributes['RedrivePolicy'];
    const target =
      policy !== undefined && policy !== null
        ? (JSON.parse(attributeText(policy)) as { deadLetterTargetArn?: string })
            .deadLetterTargetArn
        : undefined;
    const dlq = target === undefined ? undefined : byArn.get(target);
    if (dlq !== undefined && dlq !== q) visit(dlq, depth + 1);
    if (!seen.has(q.arn)) {
      seen.add(q.arn);
      out.push(q);
    }
  };
  for (const q of queues) visit(q, 0);
  return out;
}

/** Creates or updates every template queue. */
export async function deployQueues(
  engine: SqsEngine,
  queues: readonly QueueModel[],
): Promise<void> {
  for (const model of ordered(queues)) {
    const given: Record<string, string> = {};
    for (const [name, value] of Object.entries(model.attributes)) {
      if (value === undefined || value === null) continue;
      if (!SETTABLE_ATTRIBUTES.has(name)) {
        engine.logger.warn(
          `queue ${model.logicalId}: property ${name} is not supported and is ignored`,
        );
        continue;
      }
      given[name] = attributeText(value);
    }
    if (model.fifo) given['FifoQueue'] = 'true';
    else delete given['FifoQueue'];
    let normalized: Record<string, string>;
    const types = new Map<string, boolean | undefined>();
    try {
      const policy = given['RedrivePolicy'];
      if (policy !== undefined) {
        const arn = (JSON.parse(policy) as { deadLetterTargetArn?: unknown }).deadLetterTargetArn;
        if (typeof arn === 'string') types.set(arn, (await engine.queueByArn(arn))?.fifo);
      }
      normalized = normalizeAttributes(given, {
        fifo: model.fifo,
        mode: 'create',
        queueTypeByArn: (arn) => types.get(arn),
      });
    } catch (e) {
      throw new StratusError(
        'ERR_TEMPLATE_INVALID',
        `Queue ${model.logicalId}: ${e instanceof AwsError ? e.message : String(e)}`,
        { cause: e },
      );
    }
    const existing = await engine.queue(model.name);
    if (existing === undefined) {
      await engine.createQueue(model.name, model.fifo, normalized, model.tags, {
        ignoreRecreateDelay: true,
      });
      continue;
    }
    // The template is the whole truth: attributes it no longer sets go back to their defaults.
    const desired = { ...defaultAttributes(model.fifo), ...normalized };
    if (normalized['KmsMasterKeyId'] !== undefined) {
      desired['SqsManagedSseEnabled'] = 'false';
      desired['KmsDataKeyReusePeriodSeconds'] ??= '300';
    }
    const current = existing.record.attributes;
    const sameAttributes =
      Object.keys(desired).length === Object.keys(current).length &&
      Object.entries(desired).every(([k, v]) => current[k] === v);
    const sameTags = JSON.stringify(existing.record.tags) === JSON.stringify(model.tags);
    if (sameAttributes && sameTags) continue;
    await engine.updateQueue(model.name, (record) => {
      record.attributes = desired;
      record.tags = { ...model.tags };
      record.lastModifiedAt = engine.clock.now();
    });
  }
}
