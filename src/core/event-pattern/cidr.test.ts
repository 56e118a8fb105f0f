import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cidrTest, parseCidr, readIpAddress } from './cidr.js';

function bytesOf(text: string): number[] | undefined {
  const out = new Uint8Array(16);
  const length = readIpAddress(text, out);
  return length === 0 ? undefined : [...out.subarray(0, length)];
}

test('IPv4 addresses are read strictly', () => {
  assert.deepEqual(bytesOf('10.0.0.255'), [10, 0, 0, 255]);
  for (const bad of [
    '10.0.0.256',
    '10.0.0',
    '10.0.0.0.1',
    '10..0.1',
    'a.b.c.d',
    '1000.0.0.1',
    '',
    '10.0.0.1 ',
  ]) {
    assert.equal(bytesOf(bad), undefined, bad);
  }
});

test('IPv6 addresses: full, compressed, embedded IPv4, and IPv4-mapped (read as IPv4)', () => {
  assert.deepEqual(bytesOf('::'), new Array<number>(16).fill(0));
  assert.deepEqual(bytesOf('::1'), [...new Array<number>(15).fill(0), 1]);
  assert.deepEqual(bytesOf('2001:db8::ff00:42:8329')?.slice(0, 4), [0x20, 0x01, 0x0d, 0xb8]);
  assert.deepEqual(
    bytesOf('2001:0db8:0000:0000:0000:ff00:0042:8329'),
    bytesOf('2001:db8::ff00:42:8329'),
  );
  assert.deepEqual(bytesOf('64:ff9b::192.0.2.33')?.slice(12), [192, 0, 2, 33]);
  assert.deepEqual(bytesOf('::ffff:10.1.2.3'), [10, 1, 2, 3]);
  assert.deepEqual(bytesOf('1::'), [0, 1, ...new Array<number>(14).fill(0)]);
  for (const bad of [
    ':1',
    '1:::2',
    '1::2::3',
    '1:2:3:4:5:6:7',
    '1:2:3:4:5:6:7:8:9',
    '12345::',
    'g::1',
    '1:',
    '::1.2.3',
    'fe80::1%eth0',
  ]) {
    assert.equal(bytesOf(bad), undefined, bad);
  }
});

test('CIDR blocks are parsed with AWS reasons for bad ones', () => {
  assert.deepEqual(parseCidr('10.0.0.0/24'), {
    length: 4,
    bytes: new Uint8Array([10, 0, 0, 0]),
    maskBits: 24,
  });
  assert.equal(parseCidr('10.0.0.0'), "Malformed CIDR, one '/' required");
  assert.equal(parseCidr('10.0.0.0/'), "Malformed CIDR, one '/' required");
  assert.equal(parseCidr('10.0.0.0/x'), 'Malformed CIDR, mask bits must be an integer');
  assert.equal(parseCidr('10.0.0.0/-3'), 'Malformed CIDR, mask bits must not be negative');
  assert.equal(parseCidr('/8'), 'Nonstandard IP address: ');
  assert.equal(parseCidr('10.0.0.0/32'), 'IPv4 mask bits must be < 32');
  assert.equal(parseCidr('::/128'), 'IPv6 mask bits must be < 128');
});

test('membership honours partial bytes of the mask', () => {
  const block = parseCidr('192.168.4.0/22');
  assert.ok(typeof block !== 'string');
  const inside = cidrTest(block);
  assert.equal(inside('192.168.7.255'), true);
  assert.equal(inside('192.168.8.0'), false);
  assert.equal(inside('192.168.3.255'), false);
  const zero = parseCidr('0.0.0.0/0');
  assert.ok(typeof zero !== 'string');
  assert.equal(cidrTest(zero)('255.255.255.255'), true);
  assert.equal(cidrTest(zero)('::1'), false);
  const v6 = parseCidr('2001:db8::/33');
  assert.ok(typeof v6 !== 'string');
  assert.equal(cidrTest(v6)('2001:db8:7fff::1'), true);
  assert.equal(cidrTest(v6)('2001:db8:8000::1'), false);
});
