// Books shipping for every order of the batch.
const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
const { DynamoDBDocumentClient, PutCommand } = require('@aws-sdk/lib-dynamodb');

const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));

exports.handler = async (event) => {
  for (const record of event.Records) {
    const order = JSON.parse(record.body);
    await db.send(
      new PutCommand({
        TableName: process.env.ORDERS_TABLE,
        Item: { orderId: order.id, step: 'shipping', items: order.items ?? [] },
      }),
    );
  }
};
