/**
 * ttl/ — DynamoDB Time to Live: the sweeper that deletes expired items (dynamodb.md §6.14).
 *
 * Parity:
 * - Supported: items whose TTL attribute is a top-level Number of epoch seconds in the past (and
 *   not more than five years in the past) are deleted like DeleteItem (indexes updated) with a
 *   stream REMOVE record carrying `userIdentity {type: Service, principalId:
 *   dynamodb.amazonaws.com}`, in the same transaction; expired items stay readable and writable
 *   until deleted; an update that moves the TTL into the future before the sweep saves the item.
 * - Gaps: each sweep scans the items of every TTL table (up to `maxItemsPerSweep` per table per
 *   sweep, resuming where it stopped), so a very large table is swept over several periods; TODO:
 *   an expiry index maintained by the table store would make a sweep proportional to what expires.
 * - By design: `prompt` mode (default) deletes about a second after expiry (AWS: typically within
 *   48 h), so TTL flows can be tested; `ttlMode: 'aws'` spreads deletions over up to 48 h after
 *   expiry, deterministically per item. TTL deletes consume no capacity, as on AWS.
 */
export { TtlSweeper, type TtlMode, type TtlSweeperOptions } from './ttl-sweeper.js';
export { expiryOf, isExpired, TTL_MAX_PAST_MS } from './ttl-expiry.js';
