import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { describeChar, describeLocation, parseJsonSource } from './json-source.js';
import type { JsonNode } from './json-source.js';

class Failure extends Error {
  constructor(
    readonly reason: string,
    readonly offset: number,
  ) {
    super(reason);
  }
}

function parse(text: string): JsonNode | undefined {
  return parseJsonSource(text, (reason, offset) => {
    throw new Failure(reason, offset);
  });
}

function failure(text: string): Failure {
  try {
    parse(text);
  } catch (error) {
    assert.ok(error instanceof Failure);
    return error;
  }
  assert.fail(`accepted: ${text}`);
}

/** Turns the positioned tree back into a plain value. */
function plain(node: JsonNode): unknown {
  switch (node.kind) {
    case 'object':
      return Object.fromEntries(node.entries.map((e) => [e.key, plain(e.value)]));
    case 'array':
      return node.items.map(plain);
    case 'string':
    case 'number':
      return node.value;
    case 'true':
      return true;
    case 'false':
      return false;
    default:
      return null;
  }
}

test('parses what JSON.parse parses, to the same value', () => {
  fc.assert(
    fc.property(fc.jsonValue(), (value) => {
      const text = JSON.stringify(value, null, 1);
      const node = parse(text);
      assert.ok(node !== undefined);
      assert.deepEqual(plain(node), JSON.parse(text));
    }),
    { numRuns: 500 },
  );
});

test('records start and end offsets and keeps duplicate keys in order', () => {
  const node = parse(' {"a": [1, "x"], "a": true}');
  assert.ok(node?.kind === 'object');
  assert.equal(node.start, 1);
  assert.equal(node.end, 27);
  assert.deepEqual(
    node.entries.map((e) => e.key),
    ['a', 'a'],
  );
  const list = node.entries[0]!.value;
  assert.ok(list.kind === 'array');
  assert.deepEqual([list.start, list.end], [7, 15]);
});

test('stops after the first value, as a streaming parser does', () => {
  assert.deepEqual(plain(parse('{"a":["b"]} trailing') as JsonNode), { a: ['b'] });
  assert.equal(parse('   '), undefined);
});

test('parser messages in the words of AWS parser', () => {
  const table: [string, string, number][] = [
    [
      'nope',
      "Unrecognized token 'nope': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')",
      4,
    ],
    [
      '{"a": tru}',
      "Unrecognized token 'tru': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')",
      9,
    ],
    [
      "{'a': 1}",
      "Unexpected character (''' (code 39)): was expecting double-quote to start field name",
      1,
    ],
    [
      '{"a" 1}',
      "Unexpected character ('1' (code 49)): was expecting a colon to separate field name and value",
      5,
    ],
    [
      '{"a": 1 2}',
      "Unexpected character ('2' (code 50)): was expecting comma to separate Object entries",
      8,
    ],
    [
      '[1 2]',
      "Unexpected character ('2' (code 50)): was expecting comma to separate Array entries",
      3,
    ],
    ['[1,]', "Unexpected character (']' (code 93)): expected a value", 3],
    ['{"a":', 'Unexpected end-of-input: expected a value', 5],
    ['{"a": 1', 'Unexpected end-of-input: expected close marker for OBJECT', 7],
    ['"abc', 'Unexpected end-of-input: was expecting closing quote for a string value', 4],
    [
      '"a\nb"',
      'Illegal unquoted character ((CTRL-CHAR, code 10)): has to be escaped using backslash to be included in string value',
      2,
    ],
    ['"\\q"', "Unrecognized character escape 'q' (code 113)", 3],
    ['01', 'Invalid numeric value: Leading zeroes not allowed', 2],
    [
      '-x',
      "Unexpected character ('x' (code 120)): expected digit (0-9) to follow minus sign, for valid numeric value",
      1,
    ],
  ];
  for (const [text, reason, offset] of table) {
    const f = failure(text);
    assert.equal(f.reason, reason, text);
    assert.equal(f.offset, offset, text);
  }
});

test('characters are described as AWS parser does', () => {
  assert.equal(describeChar('a'), "'a' (code 97)");
  assert.equal(describeChar('\t'), '(CTRL-CHAR, code 9)');
  assert.equal(describeChar('é'), "'é' (code 233 / 0xe9)");
});

test('locations count lines and columns from 1', () => {
  assert.equal(
    describeLocation('{"a":\n 1}', 8),
    '\n at [Source: (String)"{"a":\n 1}"; line: 2, column: 3]',
  );
});
