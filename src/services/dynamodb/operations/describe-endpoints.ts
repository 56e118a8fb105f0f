/** DescribeEndpoints: this endpoint, for clients that use endpoint discovery. */
import type { DynamoDbContext } from '../dynamodb-context.js';

export function describeEndpoints(ctx: DynamoDbContext): Promise<object> {
  return Promise.resolve({
    Endpoints: [{ Address: new URL(ctx.awsEndpoint).host, CachePeriodInMinutes: 1440 }],
  });
}
