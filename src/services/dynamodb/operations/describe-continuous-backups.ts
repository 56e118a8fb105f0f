/** DescribeContinuousBackups: backups are always "enabled", point-in-time recovery off (IaC tools ask). */
import { AwsError } from '../../../core/errors.js';
import type { DynamoDbContext } from '../dynamodb-context.js';
import { tableNameOf } from '../item-rules.js';

export async function describeContinuousBackups(
  ctx: DynamoDbContext,
  input: Record<string, unknown>,
): Promise<object> {
  const name = tableNameOf(input['TableName'] as string);
  if ((await ctx.catalog.lookup(name)) === undefined) {
    throw new AwsError('TableNotFoundException', `Table not found: ${name}`, { status: 400 });
  }
  return {
    ContinuousBackupsDescription: {
      ContinuousBackupsStatus: 'ENABLED',
      PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: 'DISABLED' },
    },
  };
}
