// The most the benchmark's SDK client can drive: a node:http server that does no DynamoDB work at
// all and answers every operation with a fixed, well-formed response. Whatever a real server
// reaches with the same client is bounded by this.
import { createServer } from 'node:http';

const item = (sk) => ({
  pk: { S: 'q' },
  sk: { N: String(sk) },
  name: { S: `item ${sk}` },
  n: { N: '42' },
});
const ANSWERS = {
  CreateTable: { TableDescription: { TableName: 'bench', TableStatus: 'ACTIVE' } },
  PutItem: {},
  GetItem: { Item: item(3) },
  Query: { Items: Array.from({ length: 10 }, (_, i) => item(i)), Count: 10, ScannedCount: 10 },
  BatchWriteItem: { UnprocessedItems: {} },
};
const bodies = Object.fromEntries(
  Object.entries(ANSWERS).map(([op, answer]) => [op, JSON.stringify(answer)]),
);

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const target = String(req.headers['x-amz-target'] ?? '');
    const body = bodies[target.slice(target.indexOf('.') + 1)];
    if (body === undefined) {
      res.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' });
      res.end('{"__type":"com.amazon.coral.service#UnknownOperationException"}');
      return;
    }
    res.writeHead(200, {
      'content-type': 'application/x-amz-json-1.0',
      'x-amzn-requestid': 'canned',
    });
    res.end(body);
  });
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`aws http://127.0.0.1:${server.address().port}\n`);
});
