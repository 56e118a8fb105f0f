// POST /destination {name}: appends a DestinationProposed event to the destination's stream.
const { randomUUID } = require('node:crypto');
const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
const { DynamoDBDocumentClient, PutCommand } = require('@aws-sdk/lib-dynamodb');

const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));

exports.handler = async (event) => {
  let body;
  try {
    body = JSON.parse(event.body ?? '');
  } catch {
    return respond(400, { message: 'the body must be JSON' });
  }
  const name = typeof body.name === 'string' ? body.name.trim() : '';
  if (name === '') return respond(400, { message: 'a destination needs a name' });
  const destinationId = randomUUID();
  const proposedAt = new Date().toISOString();
  await db.send(
    new PutCommand({
      TableName: process.env.EVENT_STREAM_TABLE,
      Item: {
        StreamName: `destination-${destinationId}`,
        // Sortable per stream: time first, then a unique suffix.
        EventId: `${proposedAt}#${randomUUID()}`,
        Type: 'DestinationProposed',
        Body: { destinationId, name, proposedAt },
      },
      ConditionExpression: 'attribute_not_exists(EventId)',
    }),
  );
  return respond(201, { destinationId });
};

function respond(statusCode, body) {
  return {
    statusCode,
    headers: { 'content-type': 'application/json', 'access-control-allow-origin': '*' },
    body: JSON.stringify(body),
  };
}
