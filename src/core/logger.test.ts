import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { createLogger, streamSink } from './logger.js';

test('a stream sink writes the lines of one turn in one write, in order, children included', async () => {
  const stream = new PassThrough();
  const writes: string[] = [];
  stream.on('data', (chunk: Buffer) => writes.push(chunk.toString()));
  const logger = createLogger({ sink: streamSink(stream) });
  logger.info('one');
  logger.child('svc').warn('two');
  logger.raw('three');
  assert.deepEqual(writes, []);
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(writes, ['one\n[svc] warn: two\nthree\n']);
});
