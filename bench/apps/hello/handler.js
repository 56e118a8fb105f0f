// The handler every peer serves in the warm-request benchmark.
exports.hello = async () => ({ statusCode: 200, headers: { 'content-type': 'text/plain' }, body: 'hello' });
