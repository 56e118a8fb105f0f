/**
 * PublishBatch (§10.11): 1–10 entries; request-level errors for the batch shape, FIFO rules and
 * attributes; other entry errors are reported per entry in `Failed`. Accepted entries fan out in
 * one transaction, in order.
 */
import type { AwsError } from '../../../core/errors.js';
import {
  queryList,
  queryString,
  xmlList,
  type QueryObject,
  type XmlValue,
} from '../../../protocol/query.js';
import type { SnsOperation } from '../sns-context.js';
import { requireTopic } from '../sns-context.js';
import { batchError, invalidParameter } from '../errors.js';
import { attributesSize, parseMessageAttributes } from '../message-attributes.js';
import { acceptPublish, preparePublish, type PreparedMessage } from '../publish-core.js';
import { param } from './input.js';

const MAX_ENTRIES = 10;
const MAX_BATCH_BYTES = 262_144;
const ENTRY_ID = /^[A-Za-z0-9_-]+$/;

export const publishBatch: SnsOperation = async (ctx, call, request) => {
  const topic = await requireTopic(ctx, param(call, 'TopicArn'));
  const entries = (queryList(call.input['PublishBatchRequestEntries'], 'member') ?? []).filter(
    (e): e is QueryObject => typeof e === 'object' && !Array.isArray(e),
  );
  if (entries.length === 0) {
    throw batchError('EmptyBatchRequest', "The batch request doesn't contain any entries.");
  }
  if (entries.length > MAX_ENTRIES) {
    throw batchError(
      'TooManyEntriesInBatchRequest',
      'The batch request contains more entries than permissible.',
    );
  }
  const ids = new Set<string>();
  let total = 0;
  const parsed = entries.map((e, i) => {
    const id = queryString(e['Id']) ?? '';
    if (id.length > 80) {
      throw batchError(
        'InvalidBatchEntryId',
        `The Id of a batch entry in the batch request is too long: ${id}`,
      );
    }
    if (!ENTRY_ID.test(id)) {
      throw batchError(
        'InvalidBatchEntryId',
        `The Id of a batch entry in the batch request contains an impermissible character: ${id}`,
      );
    }
    if (ids.has(id)) {
      throw batchError(
        'BatchEntryIdsNotDistinct',
        'Two or more batch entries in the request have the same Id.',
      );
    }
    ids.add(id);
    const attributes = parseMessageAttributes(
      e['MessageAttributes'],
      `publishBatchRequestEntries.${i + 1}.member.messageAttributes`,
    );
    const message = queryString(e['Message']);
    total += Buffer.byteLength(message ?? '', 'utf8') + attributesSize(attributes);
    const groupId = queryString(e['MessageGroupId']);
    const dedupId = queryString(e['MessageDeduplicationId']);
    if (topic.fifo) {
      if (groupId === undefined || groupId === '') {
        throw invalidParameter('The MessageGroupId parameter is required for FIFO topics');
      }
      if (dedupId === undefined && topic.attributes['ContentBasedDeduplication'] !== 'true') {
        throw invalidParameter(
          'The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly',
        );
      }
    } else if (dedupId !== undefined) {
      throw invalidParameter(
        'MessageDeduplicationId Reason: The request includes MessageDeduplicationId parameter that is not valid for this topic type',
      );
    }
    return {
      id,
      input: {
        message,
        subject: queryString(e['Subject']),
        messageStructure: queryString(e['MessageStructure']),
        attributes,
        groupId,
        dedupId,
      },
    };
  });
  if (total > MAX_BATCH_BYTES) {
    throw batchError(
      'BatchRequestTooLong',
      'The length of all the messages put together is more than the limit.',
    );
  }
  const failed: XmlValue[] = [];
  const accepted: { id: string; prepared: PreparedMessage }[] = [];
  for (const entry of parsed) {
    try {
      accepted.push({ id: entry.id, prepared: preparePublish(topic, entry.input) });
    } catch (e) {
      const error = e as AwsError;
      failed.push({ Id: entry.id, Code: error.code, Message: error.message, SenderFault: true });
    }
  }
  const successful = await ctx.store.transaction(async (tx) => {
    const out: XmlValue[] = [];
    for (const { id, prepared } of accepted) {
      const r = await acceptPublish(ctx, tx, topic.name, prepared, request.traceHeader);
      out.push({ Id: id, MessageId: r.messageId, SequenceNumber: r.sequenceNumber });
    }
    return out;
  });
  return { Successful: xmlList(successful), Failed: xmlList(failed) };
};
