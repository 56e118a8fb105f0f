import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  addNumberStrings,
  canonicalizeNumber,
  compareNumberStrings,
  subtractNumberStrings,
} from './number.js';
import { AwsError } from '../../../core/errors.js';

function rejects(fn: () => unknown, message: string): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof AwsError);
    assert.equal(error.code, 'ValidationException');
    assert.equal(error.status, 400);
    assert.equal(error.message, message);
    return true;
  });
}

test('numbers are returned in DynamoDB canonical form (plain, no trailing zeros, -0 is 0)', () => {
  const cases: [string, string][] = [
    ['01.50', '1.5'],
    ['00042', '42'],
    ['1.0', '1'],
    ['3.140', '3.14'],
    ['1.5E2', '150'],
    ['1E+3', '1000'],
    ['1e2', '100'],
    ['-0', '0'],
    ['0.000', '0'],
    ['0e10', '0'],
    ['123.4500e-2', '1.2345'],
    ['.5', '0.5'],
    ['5.', '5'],
    ['+7', '7'],
    ['-0.0012300', '-0.00123'],
    ['1234567895171680000000000000000000000000', '1234567895171680000000000000000000000000'],
    ['1E+125', '1' + '0'.repeat(125)],
    ['1E-130', '0.' + '0'.repeat(129) + '1'],
    [
      '9.9999999999999999999999999999999999999E+125',
      '99999999999999999999999999999999999999' + '0'.repeat(88),
    ],
  ];
  for (const [input, expected] of cases) assert.equal(canonicalizeNumber(input), expected, input);
});

test('invalid number text gets AWS messages', () => {
  rejects(() => canonicalizeNumber(''), 'The parameter cannot be converted to a numeric value');
  for (const bad of [
    'abc',
    ' 1.23',
    '1e',
    '1e+',
    'inf',
    'NaN',
    'Infinity',
    '0x10',
    '1_000',
    '"1"',
  ]) {
    rejects(
      () => canonicalizeNumber(bad),
      `The parameter cannot be converted to a numeric value: ${bad}`,
    );
  }
});

test('39 significant digits are rejected, 38 accepted', () => {
  assert.equal(canonicalizeNumber('1'.repeat(38)), '1'.repeat(38));
  rejects(
    () => canonicalizeNumber('1'.repeat(39)),
    'Attempting to store more than 38 significant digits in a Number',
  );
});

test('range limits: overflow above 9.99…E+125, underflow below 1E-130', () => {
  rejects(
    () => canonicalizeNumber('1E+126'),
    'Number overflow. Attempting to store a number with magnitude larger than supported range',
  );
  rejects(
    () => canonicalizeNumber('-1e126'),
    'Number overflow. Attempting to store a number with magnitude larger than supported range',
  );
  rejects(
    () => canonicalizeNumber('1E-131'),
    'Number underflow. Attempting to store a number with magnitude smaller than supported range',
  );
  rejects(
    () => canonicalizeNumber('1E999999999999999999999'),
    'Number overflow. Attempting to store a number with magnitude larger than supported range',
  );
  assert.equal(canonicalizeNumber('0E999999999999999999999'), '0');
});

test('arithmetic is exact decimal', () => {
  assert.equal(addNumberStrings('0.1', '0.2'), '0.3');
  assert.equal(addNumberStrings('-5', '5'), '0');
  assert.equal(addNumberStrings('1E+20', '1'), '100000000000000000001');
  assert.equal(subtractNumberStrings('10', '0.01'), '9.99');
  assert.equal(subtractNumberStrings('-1.5', '2.5'), '-4');
});

test('arithmetic that leaves the range or needs 39 digits is rejected, not rounded', () => {
  rejects(
    () => addNumberStrings('9.9999999999999999999999999999999999999E+125', '1E+125'),
    'Number overflow. Attempting to store a number with magnitude larger than supported range',
  );
  rejects(
    () => addNumberStrings('1' + '0'.repeat(37), '0.1'),
    'Attempting to store more than 38 significant digits in a Number',
  );
  rejects(
    () => subtractNumberStrings('1E-130', '9E-131'),
    'Number underflow. Attempting to store a number with magnitude smaller than supported range',
  );
});

test('numbers compare by value', () => {
  assert.equal(compareNumberStrings('10.00', '1E1'), 0);
  const ordered = ['-1E+100', '-10', '-2', '-0.5', '0', '0.001', '1.5', '10', '1E+2', '1E+100'];
  for (let i = 0; i + 1 < ordered.length; i++) {
    assert.ok(
      compareNumberStrings(ordered[i]!, ordered[i + 1]!) < 0,
      `${ordered[i]} < ${ordered[i + 1]}`,
    );
    assert.ok(compareNumberStrings(ordered[i + 1]!, ordered[i]!) > 0);
  }
  assert.ok(compareNumberStrings('-0.001', '-0.01') > 0);
  assert.ok(compareNumberStrings('99', '100') < 0);
});

test('property: sums of scaled integers match exact BigInt arithmetic and compare consistently', () => {
  const scaled = fc.tuple(
    fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }),
    fc.integer({ min: 0, max: 6 }),
  );
  const text = ([units, scale]: [bigint, number]): string => {
    const negative = units < 0n;
    const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
    const body = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
    return negative ? `-${body}` : body;
  };
  fc.assert(
    fc.property(scaled, scaled, (a, b) => {
      const scale = Math.max(a[1], b[1]);
      const ua = a[0] * 10n ** BigInt(scale - a[1]);
      const ub = b[0] * 10n ** BigInt(scale - b[1]);
      const expected = canonicalizeNumber(text([ua + ub, scale]));
      assert.equal(addNumberStrings(text(a), text(b)), expected);
      assert.equal(
        Math.sign(compareNumberStrings(text(a), text(b))),
        ua === ub ? 0 : ua < ub ? -1 : 1,
      );
    }),
  );
});
