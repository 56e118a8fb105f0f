import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { matchesWildcard, parseWildcard } from './wildcard.js';

function wild(pattern: string, value: string): boolean {
  const parsed = parseWildcard(pattern);
  assert.ok(typeof parsed !== 'string', parsed as string);
  return matchesWildcard(parsed, value);
}

test('stars match any run of characters, including none', () => {
  const table: [string, string, boolean][] = [
    ['*', '', true],
    ['*', 'anything/at/all', true],
    ['a*', 'a', true],
    ['*a', 'ba', true],
    ['*a', 'ab', false],
    ['a*b*c', 'abc', true],
    ['a*b*c', 'a-b-b-c', true],
    ['a*b*c', 'acb', false],
    ['ab*ba', 'aba', false],
    ['ab*ba', 'abba', true],
    ['', '', true],
    ['', 'x', false],
    ['x', 'x', true],
    ['*.png', 'photo.PNG', false],
    ['a\\*b', 'a*b', true],
    ['a\\\\b', 'a\\b', true],
  ];
  for (const [pattern, value, expected] of table) {
    assert.equal(wild(pattern, value), expected, `${pattern} vs ${value}`);
  }
});

test('bad patterns get AWS reasons with UTF-8 byte positions counted from the opening quote', () => {
  assert.equal(parseWildcard('a**'), 'Consecutive wildcard characters at pos 2');
  assert.equal(parseWildcard('é**'), 'Consecutive wildcard characters at pos 3');
  assert.equal(parseWildcard('ab\\c'), 'Invalid escape character at pos 3');
  assert.equal(parseWildcard('ab\\'), 'Invalid escape character at pos 3');
});

test('wildcard matching agrees with an equivalent regular expression', () => {
  const alphabet = fc.constantFrom('a', 'b', '*');
  fc.assert(
    fc.property(
      fc.array(alphabet, { maxLength: 8 }),
      fc.array(fc.constantFrom('a', 'b'), { maxLength: 10 }),
      (p, v) => {
        const pattern = p.join('').replace(/\*{2,}/gu, '*');
        const value = v.join('');
        const regex = new RegExp(`^${pattern.replace(/\*/gu, '.*')}$`, 'su');
        assert.equal(wild(pattern, value), regex.test(value), `${pattern} vs ${value}`);
      },
    ),
    { numRuns: 2000 },
  );
});
