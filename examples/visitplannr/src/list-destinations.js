// GET /destinations: the read model, newest first.
const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
const { DynamoDBDocumentClient, paginateScan } = require('@aws-sdk/lib-dynamodb');

const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));

exports.handler = async () => {
  const destinations = [];
  for await (const page of paginateScan(
    { client: db },
    { TableName: process.env.READ_MODEL_TABLE },
  )) {
    destinations.push(...(page.Items ?? []));
  }
  destinations.sort((a, b) => b.proposedAt.localeCompare(a.proposedAt));
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json', 'access-control-allow-origin': '*' },
    body: JSON.stringify({ destinations }),
  };
};
