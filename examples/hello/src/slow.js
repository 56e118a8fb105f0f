// Never finishes: the function's 1 s Timeout ends it, and the next request cold-starts.
exports.handler = async () => {
  await new Promise((resolve) => setTimeout(resolve, 60_000));
  return { statusCode: 200, body: 'too late' };
};
