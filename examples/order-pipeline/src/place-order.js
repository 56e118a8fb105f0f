// POST /orders {id, amount, items}: publishes one message per step the order needs; the
// message attribute `kind` routes it (payment, shipping) through the subscriptions' filters.
const { SNSClient, PublishBatchCommand } = require('@aws-sdk/client-sns');

const sns = new SNSClient({});

exports.handler = async (event) => {
  let order;
  try {
    order = JSON.parse(event.body ?? '');
  } catch {
    return { statusCode: 400, body: JSON.stringify({ message: 'body must be a JSON order' }) };
  }
  if (typeof order.id !== 'string' || typeof order.amount !== 'number') {
    return {
      statusCode: 400,
      body: JSON.stringify({ message: 'an order needs an id and an amount' }),
    };
  }
  await sns.send(
    new PublishBatchCommand({
      TopicArn: process.env.TOPIC_ARN,
      PublishBatchRequestEntries: ['payment', 'shipping'].map((kind) => ({
        Id: kind,
        Message: JSON.stringify(order),
        MessageAttributes: { kind: { DataType: 'String', StringValue: kind } },
      })),
    }),
  );
  return { statusCode: 202, body: JSON.stringify({ accepted: order.id }) };
};
