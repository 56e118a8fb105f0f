/** DescribeLimits: AWS's default account and table throughput quotas. */
import type { DynamoDbContext } from '../dynamodb-context.js';

export function describeLimits(_ctx: DynamoDbContext): Promise<object> {
  return Promise.resolve({
    AccountMaxReadCapacityUnits: 80000,
    AccountMaxWriteCapacityUnits: 80000,
    TableMaxReadCapacityUnits: 40000,
    TableMaxWriteCapacityUnits: 40000,
  });
}
