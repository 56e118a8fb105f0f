import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { AwsError, isStratusError, STRATUS_ERROR_CODES, StratusError } from './errors.js';

test('docs/errors.md lists every code of the catalogue, and nothing else', () => {
  const page = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');
  const documented = [...page.matchAll(/^\| `(ERR_[A-Z_]+)` \|/gm)].map((m) => m[1]);
  assert.deepEqual(documented.sort(), Object.keys(STRATUS_ERROR_CODES).sort());
});

test('StratusError carries its code and retryability; AwsError its status and fault side', () => {
  const e = new StratusError('ERR_STORE_UNAVAILABLE', 'db gone', { retryable: true });
  assert.equal(e.retryable, true);
  assert.equal(isStratusError(e, 'ERR_STORE_UNAVAILABLE'), true);
  assert.equal(isStratusError(e, 'ERR_STORE_OPEN'), false);
  const a = new AwsError('ResourceNotFoundException', 'nope', { status: 404 });
  assert.equal(a.senderFault, true);
  assert.equal(new AwsError('ServiceException', 'x', { status: 500 }).senderFault, false);
});
