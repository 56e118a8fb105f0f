// The most any design that runs functions in worker threads can serve: a bare node:http server that
// hands each request's JSON to one of N worker threads (one request per worker at a time, as an
// execution environment works), where a one-line async handler answers, and writes the answer.
// Workers start on demand, as environments do. No routing, no event shape, no request ids, no
// logs: only the two thread hops and JSON.
import { createServer } from 'node:http';
import { Worker, isMainThread, parentPort } from 'node:worker_threads';

if (!isMainThread) {
  const handler = async () => ({ statusCode: 200, body: 'hello' });
  parentPort.on('message', async (text) => {
    parentPort.postMessage(JSON.stringify(await handler(JSON.parse(text))));
  });
} else {
  const idle = [];
  const start = (worker, job) => {
    worker.res = job.res;
    worker.postMessage(job.event);
  };
  const spawn = () => {
    const worker = new Worker(new URL(import.meta.url));
    worker.on('message', (text) => {
      const res = worker.res;
      const result = JSON.parse(text);
      res.writeHead(result.statusCode, { 'content-type': 'text/plain' });
      res.end(result.body);
      idle.push(worker);
    });
    return worker;
  };
  const server = createServer((req, res) => {
    const job = { res, event: JSON.stringify({ path: req.url, headers: req.headers }) };
    start(idle.pop() ?? spawn(), job);
  });
  server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => {
    process.stdout.write(`listening ${server.address().port}\n`);
  });
}
