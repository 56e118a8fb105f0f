// Stream-triggered: projects DestinationProposed events into the destinations read model.
const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
const { DynamoDBDocumentClient, PutCommand } = require('@aws-sdk/lib-dynamodb');
const { unmarshall } = require('@aws-sdk/util-dynamodb');

const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));

exports.handler = async (event) => {
  for (const record of event.Records) {
    const stored = unmarshall(record.dynamodb.NewImage);
    if (stored.Type !== 'DestinationProposed') continue;
    const { destinationId, name, proposedAt } = stored.Body;
    await db.send(
      new PutCommand({
        TableName: process.env.READ_MODEL_TABLE,
        Item: { id: destinationId, name, status: 'proposed', proposedAt },
      }),
    );
    console.log(`projected ${destinationId} (${name})`);
  }
};
