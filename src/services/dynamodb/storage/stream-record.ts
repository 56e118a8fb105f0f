/** DynamoDB Streams records as they are appended to a stream's store log (§7.5, §7.6). */
import { randomBytes } from 'node:crypto';
import { itemSize, type AttributeMap } from '../values/index.js';
import type { StreamViewType } from './table-meta.js';

/** `userIdentity` of a record (TTL deletes carry the DynamoDB service principal). */
export interface StreamUserIdentity {
  type: string;
  principalId: string;
}

/**
 * Unique eventIDs (32 hex digits): a random prefix and a counter cost far less than 16 random
 * bytes per record.
 */
export class EventIdSource {
  private readonly prefix = randomBytes(8).toString('hex');
  private counter = 0;

  next(): string {
    this.counter = (this.counter + 1) % Number.MAX_SAFE_INTEGER;
    return this.prefix + this.counter.toString(16).padStart(16, '0');
  }
}

/** The identity of deletes made by Time to Live. */
export const TTL_USER_IDENTITY: StreamUserIdentity = {
  type: 'Service',
  principalId: 'dynamodb.amazonaws.com',
};

/** A stored stream record: a Streams `Record` without its SequenceNumber (taken from the log seq). */
export interface StoredStreamRecord {
  eventID: string;
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  eventVersion: '1.1';
  eventSource: 'aws:dynamodb';
  awsRegion: string;
  dynamodb: {
    ApproximateCreationDateTime: number;
    Keys: AttributeMap;
    NewImage?: AttributeMap;
    OldImage?: AttributeMap;
    SizeBytes: number;
    StreamViewType: StreamViewType;
  };
  userIdentity?: StreamUserIdentity;
}

/** Builds the record of one item change; `old`/`next` undefined mean "did not exist". */
export function createStreamRecord(options: {
  eventId: string;
  region: string;
  nowMs: number;
  viewType: StreamViewType;
  keys: AttributeMap;
  old: AttributeMap | undefined;
  next: AttributeMap | undefined;
  userIdentity?: StreamUserIdentity | undefined;
}): StoredStreamRecord {
  const { old, next, viewType } = options;
  const eventName = old === undefined ? 'INSERT' : next === undefined ? 'REMOVE' : 'MODIFY';
  const withNew = viewType === 'NEW_IMAGE' || viewType === 'NEW_AND_OLD_IMAGES';
  const withOld = viewType === 'OLD_IMAGE' || viewType === 'NEW_AND_OLD_IMAGES';
  let size = itemSize(options.keys);
  const dynamodb: StoredStreamRecord['dynamodb'] = {
    ApproximateCreationDateTime: Math.floor(options.nowMs / 1000),
    Keys: options.keys,
    SizeBytes: 0,
    StreamViewType: viewType,
  };
  if (withNew && next !== undefined) {
    dynamodb.NewImage = next;
    size += itemSize(next);
  }
  if (withOld && old !== undefined) {
    dynamodb.OldImage = old;
    size += itemSize(old);
  }
  dynamodb.SizeBytes = size;
  const record: StoredStreamRecord = {
    eventID: options.eventId,
    eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: options.region,
    dynamodb,
  };
  if (options.userIdentity !== undefined) record.userIdentity = options.userIdentity;
  return record;
}
