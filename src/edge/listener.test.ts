import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:http2';
import { after, before, test } from 'node:test';
import { listen, type Listener } from './listener.js';

let listener: Listener;

before(async () => {
  listener = await listen(
    (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        res.setHeader('content-type', 'text/plain');
        res.end(`${req.httpVersion} ${req.method} ${req.url} ${Buffer.concat(chunks).length}`);
      });
    },
    0,
    '127.0.0.1',
    'test',
  );
});

after(() => listener.close());

function http1(path: string, body = ''): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port: listener.port, path, method: body ? 'POST' : 'GET' },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve(text));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

test('serves HTTP/1.1 requests, including bodies', async () => {
  assert.equal(await http1('/a'), '1.1 GET /a 0');
  assert.equal(await http1('/b', 'x'.repeat(100_000)), '1.1 POST /b 100000');
});

test('serves cleartext HTTP/2 (prior knowledge) on the same port', async () => {
  const session = connect(`http://127.0.0.1:${listener.port}`);
  try {
    const results = await Promise.all(
      ['/one', '/two'].map(
        (path) =>
          new Promise<string>((resolve, reject) => {
            const stream = session.request({ ':path': path, ':method': 'POST' });
            let text = '';
            stream.setEncoding('utf8');
            stream.on('data', (c: string) => (text += c));
            stream.on('end', () => resolve(text));
            stream.on('error', reject);
            stream.end('hello');
          }),
      ),
    );
    assert.deepEqual(results, ['2.0 POST /one 5', '2.0 POST /two 5']);
  } finally {
    session.close();
  }
});

test('a second listener on a taken port fails with ERR_PORT_IN_USE', async () => {
  await assert.rejects(
    listen(() => {}, listener.port, '127.0.0.1', 'app'),
    { code: 'ERR_PORT_IN_USE' },
  );
});

test('a request the HTTP parser rejects gets 400 and the listener keeps serving', async () => {
  const { connect: netConnect } = await import('node:net');
  const reply = await new Promise<string>((resolve, reject) => {
    const socket = netConnect(listener.port, '127.0.0.1', () => socket.write('GARBAGE\r\n\r\n'));
    let text = '';
    socket.on('data', (c: Buffer) => (text += c.toString()));
    socket.on('end', () => resolve(text));
    socket.on('error', reject);
  });
  assert.match(reply, /^HTTP\/1\.1 400 Bad Request/);
  assert.equal(await http1('/after'), '1.1 GET /after 0');
});
