import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { AwsError } from '../errors.js';
import { compileFilterPolicy, matchesFilterPolicy } from './filter-policy.js';
import type { FilterPolicyAttribute, FilterPolicyScope } from './filter-policy.js';

function str(value: string): FilterPolicyAttribute {
  return { Type: 'String', Value: value };
}
function num(value: string): FilterPolicyAttribute {
  return { Type: 'Number', Value: value };
}
function arr(values: unknown[]): FilterPolicyAttribute {
  return { Type: 'String.Array', Value: JSON.stringify(values) };
}

function attrsMatch(policy: unknown, attributes: Record<string, FilterPolicyAttribute>): boolean {
  return matchesFilterPolicy(compileFilterPolicy(policy, 'MessageAttributes'), { attributes });
}

function bodyMatches(policy: unknown, body: unknown): boolean {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return matchesFilterPolicy(compileFilterPolicy(policy, 'MessageBody'), { body: text });
}

/** The message of the InvalidParameter error `policy` raises. */
function messageOf(policy: unknown, scope: FilterPolicyScope = 'MessageAttributes'): string {
  try {
    compileFilterPolicy(policy, scope);
  } catch (error) {
    assert.ok(error instanceof AwsError, `expected an AwsError, got ${String(error)}`);
    assert.equal(error.code, 'InvalidParameter');
    assert.equal(error.status, 400);
    return error.message.split('\n at [Source:')[0]!;
  }
  assert.fail(`policy was accepted: ${JSON.stringify(policy)}`);
}

describe('matchesFilterPolicy, MessageAttributes scope', () => {
  const cases: [string, unknown, Record<string, FilterPolicyAttribute>, boolean][] = [
    ['exact string', { sport: ['rugby'] }, { sport: str('rugby') }, true],
    ['exact string is case-sensitive', { sport: ['rugby'] }, { sport: str('Rugby') }, false],
    ['list is OR', { sport: ['soccer', 'rugby'] }, { sport: str('rugby') }, true],
    ['keys are ANDed', { sport: ['rugby'], level: ['pro'] }, { sport: str('rugby') }, false],
    [
      'keys not in the policy are ignored',
      { sport: ['rugby'] },
      { sport: str('rugby'), x: str('y') },
      true,
    ],
    [
      'exact number against a Number attribute',
      { price: [301.5] },
      { price: num('3.015e2') },
      true,
    ],
    ['exact number against a String attribute', { price: [301.5] }, { price: str('301.5') }, false],
    [
      'numeric range against a Number attribute',
      { price: [{ numeric: ['>=', 100, '<', 200] }] },
      { price: num('150') },
      true,
    ],
    [
      'numeric range outside',
      { price: [{ numeric: ['>=', 100, '<', 200] }] },
      { price: num('200') },
      false,
    ],
    [
      'numeric never matches a String attribute',
      { price: [{ numeric: ['>', 0] }] },
      { price: str('5') },
      false,
    ],
    ['prefix', { event: [{ prefix: 'order-' }] }, { event: str('order-placed') }, true],
    ['prefix, no match', { event: [{ prefix: 'order-' }] }, { event: str('item-added') }, false],
    ['suffix', { file: [{ suffix: '.png' }] }, { file: str('a.png') }, true],
    ['suffix, no match', { file: [{ suffix: '.png' }] }, { file: str('a.jpg') }, false],
    ['equals-ignore-case', { c: [{ 'equals-ignore-case': 'RED' }] }, { c: str('red') }, true],
    [
      'equals-ignore-case, no match',
      { c: [{ 'equals-ignore-case': 'RED' }] },
      { c: str('blue') },
      false,
    ],
    [
      'anything-but scalar',
      { sport: [{ 'anything-but': 'rugby' }] },
      { sport: str('tennis') },
      true,
    ],
    [
      'anything-but scalar, excluded',
      { sport: [{ 'anything-but': 'rugby' }] },
      { sport: str('rugby') },
      false,
    ],
    ['anything-but needs the attribute', { sport: [{ 'anything-but': 'rugby' }] }, {}, false],
    [
      'anything-but or exists false accepts absence',
      { sport: [{ 'anything-but': 'rugby' }, { exists: false }] },
      {},
      true,
    ],
    ['anything-but number list', { n: [{ 'anything-but': [1, 2] }] }, { n: num('3') }, true],
    [
      'anything-but number list, excluded',
      { n: [{ 'anything-but': [1, 2] }] },
      { n: num('2') },
      false,
    ],
    [
      'anything-but prefix',
      { e: [{ 'anything-but': { prefix: 'order-' } }] },
      { e: str('item') },
      true,
    ],
    [
      'anything-but prefix, excluded',
      { e: [{ 'anything-but': { prefix: 'order-' } }] },
      { e: str('order-1') },
      false,
    ],
    ['exists true', { k: [{ exists: true }] }, { k: str('v') }, true],
    ['exists true, missing', { k: [{ exists: true }] }, {}, false],
    ['exists false', { k: [{ exists: false }] }, {}, true],
    ['exists false, present', { k: [{ exists: false }] }, { k: str('v') }, false],
    ['null does not match a missing key', { k: [null, { 'anything-but': 'whatever' }] }, {}, false],
    ['cidr', { ip: [{ cidr: '10.0.0.0/24' }] }, { ip: str('10.0.0.7') }, true],
    [
      'cidr, a non-address string',
      { ip: [{ cidr: '10.0.0.0/24' }] },
      { ip: str('10.0.0.256') },
      false,
    ],
    [
      'String.Array: any element matches',
      { tags: ['value1'] },
      { tags: arr(['value1', 'value2']) },
      true,
    ],
    [
      'String.Array: no element matches',
      { tags: ['value1'] },
      { tags: arr(['value2', 'value3']) },
      false,
    ],
    [
      'String.Array with numbers and booleans',
      { tags: [3, true] },
      { tags: arr(['a', true]) },
      true,
    ],
    [
      'String.Array anything-but: no element may be listed',
      { tags: [{ 'anything-but': ['rugby', 'tennis'] }] },
      { tags: arr(['rugby', 'baseball']) },
      false,
    ],
    [
      'String.Array anything-but: none listed',
      { tags: [{ 'anything-but': ['rugby', 'tennis'] }] },
      { tags: arr(['golf', 'baseball']) },
      true,
    ],
    [
      'Binary attributes satisfy exists only',
      { b: [{ exists: true }] },
      { b: { Type: 'Binary', Value: 'AAE=' } },
      true,
    ],
    [
      'Binary attributes equal nothing',
      { b: ['AAE='] },
      { b: { Type: 'Binary', Value: 'AAE=' } },
      false,
    ],
    [
      'Binary attributes fail anything-but',
      { b: [{ 'anything-but': 'x' }] },
      { b: { Type: 'Binary', Value: 'AAE=' } },
      false,
    ],
    [
      'SDK-shaped attributes',
      { sport: ['rugby'] },
      { sport: { DataType: 'String', StringValue: 'rugby' } },
      true,
    ],
    ['$or across keys', { $or: [{ a: ['1'] }, { b: ['2'] }] }, { b: str('2') }, true],
    ['$or, neither', { $or: [{ a: ['1'] }, { b: ['2'] }] }, { b: str('3') }, false],
    ['attribute names with dots are one name', { 'a.b': ['x'] }, { 'a.b': str('x') }, true],
  ];
  for (const [name, policy, attributes, expected] of cases) {
    test(`${name} → ${expected}`, () => {
      assert.equal(attrsMatch(policy, attributes), expected);
      assert.equal(attrsMatch(JSON.stringify(policy), attributes), expected);
    });
  }

  test('String.Array anything-but can follow the older "one unlisted element" rule', () => {
    const policy = compileFilterPolicy(
      { tags: [{ 'anything-but': ['rugby', 'tennis'] }] },
      'MessageAttributes',
      {
        stringArrayAnythingBut: 'any',
      },
    );
    assert.equal(
      matchesFilterPolicy(policy, { attributes: { tags: arr(['rugby', 'baseball']) } }),
      true,
    );
    assert.equal(
      matchesFilterPolicy(policy, { attributes: { tags: arr(['rugby', 'tennis']) } }),
      false,
    );
  });

  test('an empty policy lets every message through', () => {
    assert.equal(attrsMatch('{}', {}), true);
    assert.equal(
      matchesFilterPolicy(compileFilterPolicy('{}', 'MessageBody'), { body: 'not json' }),
      true,
    );
  });

  test('the SNS developer guide example: store and event type with price range', () => {
    const policy = compileFilterPolicy({
      store: ['example_corp'],
      event: [{ 'anything-but': 'order_cancelled' }],
      customer_interests: ['rugby', 'football', 'baseball'],
      price_usd: [{ numeric: ['>=', 100] }],
    });
    const attributes = {
      store: str('example_corp'),
      event: str('order_placed'),
      customer_interests: arr(['soccer', 'rugby', 'hockey']),
      price_usd: num('210.75'),
    };
    assert.equal(matchesFilterPolicy(policy, { attributes }), true);
    assert.equal(
      matchesFilterPolicy(policy, { attributes: { ...attributes, price_usd: num('99.99') } }),
      false,
    );
    assert.equal(
      matchesFilterPolicy(policy, { attributes: { ...attributes, event: str('order_cancelled') } }),
      false,
    );
  });
});

describe('matchesFilterPolicy, MessageBody scope', () => {
  const cases: [string, unknown, unknown, boolean][] = [
    ['top-level key', { sport: ['rugby'] }, { sport: 'rugby' }, true],
    ['nested keys', { order: { status: ['paid'] } }, { order: { status: 'paid' } }, true],
    [
      'nested keys, no match',
      { order: { status: ['paid'] } },
      { order: { status: 'open' } },
      false,
    ],
    [
      'dotted policy key matches nested body',
      { 'object.nested': ['v'] },
      { object: { nested: 'v' } },
      true,
    ],
    [
      'nested policy matches dotted body key',
      { object: { nested: ['v'] } },
      { 'object.nested': 'v' },
      true,
    ],
    ['numbers compare numerically', { price: [301.5] }, JSON.parse('{"price": 3.015e2}'), true],
    ['a number is not a string', { price: ['301.5'] }, { price: 301.5 }, false],
    ['booleans', { ok: [true] }, { ok: true }, true],
    ['null matches JSON null', { v: [null] }, { v: null }, true],
    ['arrays: any element', { tags: ['b'] }, { tags: ['a', 'b'] }, true],
    [
      'arrays of objects: any element',
      { items: { id: ['2'] } },
      { items: [{ id: '1' }, { id: '2' }] },
      true,
    ],
    [
      'fields of one array element are not mixed with another',
      { Records: { s3: { bucket: ['b1'], key: [{ prefix: 'img/' }] } } },
      { Records: [{ s3: { bucket: 'b1', key: 'doc/a' } }, { s3: { bucket: 'b2', key: 'img/b' } }] },
      false,
    ],
    ['an empty array counts as absent', { tags: [{ exists: false }] }, { tags: [] }, true],
    ['an empty array fails exists true', { tags: [{ exists: true }] }, { tags: [] }, false],
    [
      '$or at both levels',
      { a: ['1'], $or: [{ b: { $or: [{ c: ['x'] }, { d: ['y'] }] } }, { e: ['z'] }] },
      { a: '1', b: { d: 'y' } },
      true,
    ],
    [
      '$or at both levels, no branch',
      { a: ['1'], $or: [{ b: { $or: [{ c: ['x'] }, { d: ['y'] }] } }, { e: ['z'] }] },
      { a: '1', b: { d: 'n' } },
      false,
    ],
    ['a body that is not JSON matches nothing', { a: [{ exists: false }] }, 'plain text', false],
    [
      'a JSON body that is not an object matches nothing',
      { a: [{ exists: false }] },
      '[1, 2]',
      false,
    ],
  ];
  for (const [name, policy, body, expected] of cases) {
    test(`${name} → ${expected}`, () => {
      assert.equal(bodyMatches(policy, body), expected);
    });
  }

  test('a missing body matches nothing', () => {
    assert.equal(matchesFilterPolicy(compileFilterPolicy({ a: ['x'] }, 'MessageBody'), {}), false);
  });

  test('anything-but on a body array: one element not listed suffices', () => {
    assert.equal(bodyMatches({ tags: [{ 'anything-but': ['a'] }] }, { tags: ['a', 'b'] }), true);
  });
});

describe('compileFilterPolicy validation', () => {
  const prefix = 'Invalid parameter: FilterPolicy: ';
  const cases: [string, string][] = [
    ['{"key":[["value"]]}', 'Match value must be String, number, true, false, or null'],
    ['{"key":[{"wrong-operator":true}]}', 'Unrecognized match type wrong-operator'],
    ['{"key":[{"wildcard":"a*"}]}', 'Unrecognized match type wildcard'],
    ['{"key":[{"suffix":"value","prefix":"value2"}]}', 'Only one key allowed in match expression'],
    ['{"key":[]}', 'Empty arrays are not allowed'],
    ['{"key":[{"suffix":100}]}', 'suffix match pattern must be a string'],
    ['{"key":[{"suffix":null}]}', 'suffix match pattern must be a string'],
    ['{"key":[{"suffix":[]}]}', 'suffix match pattern must be a string'],
    ['{"key":[{"suffix":["a","b"]}]}', 'suffix match pattern must be a string'],
    ['{"key":[{"prefix":1}]}', 'prefix match pattern must be a string'],
    ['{"key":[{"prefix":{"equals-ignore-case":"a"}}]}', 'prefix match pattern must be a string'],
    ['{"key":[{"equals-ignore-case":1}]}', 'equals-ignore-case match pattern must be a string'],
    ['{"key_a":"value_one"}', '"key_a" must be an object or an array'],
    ['{"key":[{"cidr":["bad-filter"]}]}', 'prefix match pattern must be a string'],
    ['{"key":[{"cidr":"bad-filter"}]}', "Malformed CIDR, one '/' required"],
    ['{"key":[{"cidr":"bad-filter/x"}]}', 'Malformed CIDR, mask bits must be an integer'],
    ['{"key":[{"cidr":"xx.11.xx/8"}]}', 'Nonstandard IP address: xx.11.xx'],
    ['{"key":[{"numeric":[]}]}', 'Invalid member in numeric match: ]'],
    ['{"key":[{"numeric":["operator"]}]}', 'Unrecognized numeric range operator: operator'],
    ['{"key":[{"numeric":[1,"<="]}]}', 'Invalid member in numeric match: 1'],
    ['{"key":[{"numeric":["=","000"]}]}', 'Value of equals must be numeric'],
    ['{"key":[{"numeric":[">="]}]}', 'Value of >= must be numeric'],
    ['{"key":[{"numeric":["<",100,">",10]}]}', 'Too many elements in numeric expression'],
    ['{"key":[{"numeric":[">=",1,">",2]}]}', 'Bad numeric range operator: >'],
    ['{"key":[{"numeric":[">",3,"<",1]}]}', 'Bottom must be less than top'],
    ['{"key":[{"numeric":[">",20,30]}]}', 'Bad value in numeric range: 30'],
    ['{"key":[{"numeric":[">",20,"<",30,"<",50]}]}', 'Too many terms in numeric range expression'],
    ['{"key":[{"numeric":[">",1e10]}]}', 'Value must be between -1.0E9 and 1.0E9, inclusive'],
    ['{"key":[{"exists":null}]}', 'exists match pattern must be either true or false.'],
    ['{"key":[{"exists":"no"}]}', 'exists match pattern must be either true or false.'],
    ['{"key":[{"anything-but":{"suffix":"test"}}]}', 'Unsupported anything-but pattern: suffix'],
    ['{"key":[{"anything-but":{"prefix":false}}]}', 'prefix match pattern must be a string'],
    ['{"key":[{"anything-but":{"prefix":["a"]}}]}', 'prefix match pattern must be a string'],
    [
      '{"key":[{"anything-but":[true]}]}',
      'Inside anything but list, start|null|boolean is not supported.',
    ],
    [
      '{"a":["1"],"b":["1"],"c":["1"],"d":["1"],"e":["1"],"f":["1"]}',
      'Filter policy can not have more than 5 keys',
    ],
    [
      JSON.stringify({ store: Array.from({ length: 151 }, (_, i) => String(i)) }),
      'Filter policy is too complex',
    ],
  ];
  for (const [policy, reason] of cases) {
    test(`${policy.length > 80 ? `${policy.slice(0, 80)}…` : policy} → ${reason}`, () => {
      assert.equal(messageOf(policy), `${prefix}${reason}`);
    });
  }

  test('not JSON: "failed to parse JSON." with the parser detail', () => {
    assert.equal(
      messageOf('{"key": nope}'),
      `${prefix}failed to parse JSON. Unrecognized token 'nope': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')`,
    );
  });

  test('parser-level messages carry a location; the limits do not', () => {
    assert.throws(() => compileFilterPolicy('{"key":[["value"]]}'), {
      message: `${prefix}Match value must be String, number, true, false, or null\n at [Source: (String)"{"key":[["value"]]}"; line: 1, column: 10]`,
    });
    assert.throws(() => compileFilterPolicy('{"a":[1],"b":[1],"c":[1],"d":[1],"e":[1],"f":[1]}'), {
      message: `${prefix}Filter policy can not have more than 5 keys`,
    });
  });

  test('Subscribe words the prefix differently', () => {
    assert.throws(
      () => compileFilterPolicy('{"key":[]}', 'MessageAttributes', { operation: 'Subscribe' }),
      {
        message:
          /^Invalid parameter: Attributes Reason: FilterPolicy: Empty arrays are not allowed/,
      },
    );
  });

  test('nested policies are rejected in the MessageAttributes scope, with a message of their own', () => {
    assert.equal(
      messageOf({ a: { b: ['x'] } }),
      'Invalid parameter: Filter policy scope MessageAttributes does not support nested filter policy',
    );
    assert.doesNotThrow(() => compileFilterPolicy({ a: { b: ['x'] } }, 'MessageBody'));
  });

  test('combinations: leaves multiply (values × depth), $or branches add', () => {
    // 2·1 + 2·2 = 6 (messaging spec §13.5)
    assert.doesNotThrow(() => compileFilterPolicy({ a: [1, 2], $or: [{ b: [1] }, { c: [1, 2] }] }));
    // key_c: 4 values at depth 3, key_e: 3 values at depth 2 → 12 · 6 = 72
    const values = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
    const nested = { key_b: { key_c: values(4), key_d: { key_e: values(3) } } };
    assert.doesNotThrow(() => compileFilterPolicy(nested, 'MessageBody'));
    // 72 · 3 = 216 > 150
    assert.equal(
      messageOf({ ...nested, key_a: values(3) }, 'MessageBody'),
      `${prefix}Filter policy is too complex`,
    );
    // Exactly 150 is allowed; 151 is not.
    assert.doesNotThrow(() => compileFilterPolicy({ a: values(150) }));
    assert.equal(
      messageOf({ a: values(50), $or: [{ b: values(2) }, { c: values(2) }] }),
      `${prefix}Filter policy is too complex`,
    );
  });

  test('the 5-key limit counts the top level only, and the keys of one $or branch', () => {
    assert.doesNotThrow(() =>
      compileFilterPolicy({ a: { b: [1], c: [1], d: [1], e: [1], f: [1], g: [1] } }, 'MessageBody'),
    );
    assert.doesNotThrow(() =>
      compileFilterPolicy({
        a: [1],
        b: [1],
        c: [1],
        $or: [
          { d: [1], e: [1] },
          { f: [1], g: [1] },
        ],
      }),
    );
    assert.equal(
      messageOf({ a: [1], b: [1], c: [1], $or: [{ d: [1], e: [1], f: [1] }, { g: [1] }] }),
      `${prefix}Filter policy can not have more than 5 keys`,
    );
  });

  test('a policy over 256 KB is rejected', () => {
    const big = JSON.stringify({ a: ['x'.repeat(256 * 1024)] });
    assert.match(messageOf(big), /^Invalid parameter: FilterPolicy: Filter policy is too long$/);
  });

  test('compiling never throws anything but an AwsError', () => {
    const value = fc.jsonValue({ maxDepth: 4 });
    fc.assert(
      fc.property(
        value,
        fc.constantFrom<FilterPolicyScope>('MessageAttributes', 'MessageBody'),
        (v, scope) => {
          for (const input of [v, JSON.stringify(v)]) {
            try {
              const compiled = compileFilterPolicy(input, scope);
              matchesFilterPolicy(compiled, {
                attributes: { a: str('x') },
                body: '{"a":[1,{"b":null}]}',
              });
            } catch (error) {
              if (!(error instanceof AwsError)) throw error;
              assert.equal(error.code, 'InvalidParameter');
            }
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
