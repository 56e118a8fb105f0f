import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isStratusError } from '../core/errors.js';
import type { KeyValue } from './key-codec.js';
import {
  canonicalNumber,
  decodeKey,
  encodeKey,
  encodeKeyPart,
  encodeKeyPrefix,
  prefixUpperBound,
} from './key-codec.js';

/** A decimal as an exact rational m × 10^e, rendered plainly or in exponent form. */
const decimalArb = fc
  .record({
    negative: fc.boolean(),
    digits: fc.stringMatching(/^[0-9]{1,38}$/),
    exponent: fc.integer({ min: -120, max: 80 }),
    style: fc.constantFrom('plain', 'exp', 'EXP'),
  })
  .filter((d) => d.digits.replace(/^0+/, '').replace(/0+$/, '').length <= 38);

interface Decimal {
  negative: boolean;
  digits: string;
  exponent: number;
  style: string;
}

function render(d: Decimal): string {
  const sign = d.negative ? '-' : '';
  if (d.style !== 'plain') return `${sign}${d.digits}${d.style === 'exp' ? 'e' : 'E'}${d.exponent}`;
  // digits × 10^exponent written without an exponent.
  if (d.exponent >= 0) return `${sign}${d.digits}${'0'.repeat(d.exponent)}`;
  const padded = d.digits.padStart(-d.exponent + 1, '0');
  const cut = padded.length + d.exponent;
  return `${sign}${padded.slice(0, cut)}.${padded.slice(cut)}`;
}

/** Exact comparison of m1 × 10^e1 with m2 × 10^e2 through BigInt. */
function compareDecimals(a: Decimal, b: Decimal): number {
  const e = Math.min(a.exponent, b.exponent);
  const x = BigInt(a.digits) * 10n ** BigInt(a.exponent - e) * (a.negative ? -1n : 1n);
  const y = BigInt(b.digits) * 10n ** BigInt(b.exponent - e) * (b.negative ? -1n : 1n);
  return x < y ? -1 : x > y ? 1 : 0;
}

const sign = (n: number): number => (n < 0 ? -1 : n > 0 ? 1 : 0);

describe('key codec', () => {
  it('orders numbers numerically, to 38 digits, as a plain byte comparison', () => {
    fc.assert(
      fc.property(decimalArb, decimalArb, (a, b) => {
        const ea = encodeKeyPart({ N: render(a) });
        const eb = encodeKeyPart({ N: render(b) });
        assert.equal(
          sign(Buffer.compare(ea, eb)),
          compareDecimals(a, b),
          `${render(a)} vs ${render(b)}`,
        );
      }),
      { numRuns: 3000 },
    );
  });

  it('orders strings by their UTF-8 bytes and binary by bytes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (a, b) => {
        const expected = sign(Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));
        assert.equal(
          sign(Buffer.compare(encodeKeyPart({ S: a }), encodeKeyPart({ S: b }))),
          expected,
        );
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 12 }), fc.uint8Array({ maxLength: 12 }), (a, b) => {
        const expected = sign(Buffer.compare(Buffer.from(a), Buffer.from(b)));
        assert.equal(
          sign(Buffer.compare(encodeKeyPart({ B: a }), encodeKeyPart({ B: b }))),
          expected,
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('orders composite keys by partition key, then sort key', () => {
    const part = fc.oneof(
      fc.string().map((S): KeyValue => ({ S })),
      fc.uint8Array({ maxLength: 4 }).map((B): KeyValue => ({ B })),
    );
    fc.assert(
      fc.property(
        fc.string({ maxLength: 3 }),
        part,
        fc.string({ maxLength: 3 }),
        part,
        (h1, r1, h2, r2) => {
          // Same sort-key type on both sides, as in one DynamoDB table.
          const r2same: KeyValue =
            'S' in r1 ? ('S' in r2 ? r2 : { S: '' }) : 'B' in r2 ? r2 : { B: new Uint8Array() };
          const hc = sign(Buffer.compare(Buffer.from(h1), Buffer.from(h2)));
          const rc =
            'S' in r1 && 'S' in r2same
              ? sign(Buffer.compare(Buffer.from(r1.S), Buffer.from(r2same.S)))
              : sign(
                  Buffer.compare(
                    Buffer.from((r1 as { B: Uint8Array }).B),
                    Buffer.from((r2same as { B: Uint8Array }).B),
                  ),
                );
          const expected = hc !== 0 ? hc : rc;
          const got = sign(Buffer.compare(encodeKey({ S: h1 }, r1), encodeKey({ S: h2 }, r2same)));
          assert.equal(got, expected);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('decodes what it encodes, numbers in canonical form', () => {
    fc.assert(
      fc.property(decimalArb, fc.string(), fc.uint8Array({ maxLength: 8 }), (d, s, bytes) => {
        const parts: KeyValue[] = [{ S: s }, { N: render(d) }, { B: bytes }];
        const back = decodeKey(encodeKey(...parts));
        assert.deepEqual(back[0], { S: s });
        assert.deepEqual(back[2], { B: Buffer.from(bytes) });
        const n = (back[1] as { N: string }).N;
        assert.equal(n, canonicalNumber(render(d)));
        // The canonical form encodes to the same bytes as the original.
        assert.deepEqual(encodeKeyPart({ N: n }), encodeKeyPart({ N: render(d) }));
      }),
      { numRuns: 1000 },
    );
  });

  it('treats equal numbers written differently as one key, as DynamoDB does', () => {
    const same = ['1', '1.0', '01', '10e-1', '0.1E1', '+1', '1.000000'];
    for (const n of same) assert.deepEqual(encodeKeyPart({ N: n }), encodeKeyPart({ N: '1' }), n);
    assert.deepEqual(encodeKeyPart({ N: '-0' }), encodeKeyPart({ N: '0' }));
    assert.deepEqual(encodeKeyPart({ N: '0.000' }), encodeKeyPart({ N: '0' }));
    assert.equal(canonicalNumber('-001.2300'), '-1.23');
    assert.equal(canonicalNumber('1.5e3'), '1500');
    assert.equal(canonicalNumber('12e-5'), '0.00012');
  });

  it('sorts DynamoDB extremes and near neighbours correctly', () => {
    const ascending = [
      '-9.9999999999999999999999999999999999999E+125',
      '-1000',
      '-1.5',
      '-1',
      '-0.5',
      '-1E-130',
      '0',
      '1E-130',
      '0.5',
      '1',
      `1.${'0'.repeat(36)}1`,
      '1.5',
      '12345678901234567890123456789012345678',
      '12345678901234567890123456789012345679',
      '9.9999999999999999999999999999999999999E+125',
    ];
    const encoded = ascending.map((n) => encodeKeyPart({ N: n }));
    for (let i = 1; i < encoded.length; i++) {
      assert.ok(
        Buffer.compare(encoded[i - 1]!, encoded[i]!) < 0,
        `${ascending[i - 1]} < ${ascending[i]}`,
      );
    }
  });

  it('keeps strings with NUL bytes and prefixes apart', () => {
    const order = [
      '',
      '\u0000',
      '\u0000\u0000',
      'a',
      'a\u0000',
      'a\u0000b',
      'a\u0001',
      'ab',
      '\u00e9',
      '\u{10000}',
    ];
    const encoded = order.map((S) => encodeKey({ S }, { S: 'x' }));
    for (let i = 1; i < encoded.length; i++)
      assert.ok(Buffer.compare(encoded[i - 1]!, encoded[i]!) < 0, order[i]);
  });

  it('builds begins_with prefixes that match exactly the keys starting with them', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 4 }),
        fc.string({ maxLength: 4 }),
        fc.string({ maxLength: 3 }),
        (hash, sortKey, prefix) => {
          const key = encodeKey({ S: hash }, { S: sortKey });
          const p = encodeKeyPrefix([{ S: hash }], { S: prefix });
          const starts = key.subarray(0, p.length).equals(p);
          assert.equal(
            starts,
            Buffer.from(sortKey).subarray(0, Buffer.byteLength(prefix)).equals(Buffer.from(prefix)),
          );
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('computes the upper bound of a prefix', () => {
    assert.deepEqual(prefixUpperBound(Buffer.from([1, 2, 3])), Buffer.from([1, 2, 4]));
    assert.deepEqual(prefixUpperBound(Buffer.from([1, 0xff, 0xff])), Buffer.from([2]));
    assert.equal(prefixUpperBound(Buffer.from([0xff])), undefined);
  });

  it('rejects numbers that are not numbers or have more than 38 significant digits', () => {
    for (const bad of ['abc', '', '1.2.3', '--1', '1e', '.']) {
      assert.throws(
        () => encodeKeyPart({ N: bad }),
        (e: unknown) => isStratusError(e),
        bad,
      );
    }
    assert.throws(() => encodeKeyPart({ N: '1'.repeat(39) }), /more than 38/);
    assert.throws(() => decodeKey(Buffer.from([0x09])), /malformed/);
  });
});
