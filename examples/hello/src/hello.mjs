// Answers both the REST API (payload 1.0) and the HTTP API (payload 2.0) routes.
let invocations = 0;

export const handler = async (event, context) => {
  invocations += 1;
  const name = event.pathParameters?.name ?? event.queryStringParameters?.name ?? 'world';
  console.log(`greeting ${name}`);
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      message: `${process.env.GREETING}, ${name}!`,
      payloadVersion: event.version ?? '1.0',
      invocations,
      requestId: context.awsRequestId,
    }),
  };
};
