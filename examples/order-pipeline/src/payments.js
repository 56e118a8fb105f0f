// Charges each order of the batch; an order above the limit cannot be charged and is reported
// as a failed item, so SQS retries it and, past maxReceiveCount, moves it to the DLQ.
const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
const { DynamoDBDocumentClient, PutCommand } = require('@aws-sdk/lib-dynamodb');

const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const limit = Number(process.env.PAYMENT_LIMIT);

exports.handler = async (event) => {
  const batchItemFailures = [];
  for (const record of event.Records) {
    const order = JSON.parse(record.body);
    if (order.amount > limit) {
      console.log(`cannot charge ${order.id}: ${order.amount} is above ${limit}`);
      batchItemFailures.push({ itemIdentifier: record.messageId });
      continue;
    }
    await db.send(
      new PutCommand({
        TableName: process.env.ORDERS_TABLE,
        Item: { orderId: order.id, step: 'payment', amount: order.amount },
      }),
    );
  }
  return { batchItemFailures };
};
