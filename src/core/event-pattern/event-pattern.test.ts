import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { AwsError } from '../errors.js';
import { compileEventPattern, matchesEventPattern } from './event-pattern.js';

/** Compiles `pattern` and matches `event`. */
function matches(pattern: unknown, event: unknown): boolean {
  return matchesEventPattern(compileEventPattern(pattern), event);
}

/** The reason text of the InvalidEventPatternException `pattern` raises (location cut off). */
function reasonOf(pattern: unknown): string {
  try {
    compileEventPattern(pattern);
  } catch (error) {
    assert.ok(error instanceof AwsError, `expected an AwsError, got ${String(error)}`);
    assert.equal(error.code, 'InvalidEventPatternException');
    assert.equal(error.status, 400);
    const prefix = 'Event pattern is not valid. Reason: ';
    assert.ok(error.message.startsWith(prefix), error.message);
    return error.message.slice(prefix.length).split('\n at [Source:')[0]!;
  }
  assert.fail(`pattern was accepted: ${JSON.stringify(pattern)}`);
}

const envelope = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'OrderPlaced',
  source: 'com.example.orders',
  account: '111122223333',
  time: '2025-01-21T23:21:10Z',
  region: 'us-east-1',
  resources: ['arn:aws:s3:::bucket-a', 'arn:aws:s3:::bucket-b'],
};

interface Case {
  readonly name: string;
  readonly pattern: unknown;
  readonly event: unknown;
  readonly match: boolean;
}

/** Every operator against a matching and a non-matching event. */
const cases: readonly Case[] = [
  // Literals.
  {
    name: 'exact string',
    pattern: { source: ['com.example.orders'] },
    event: envelope,
    match: true,
  },
  {
    name: 'exact string, other value',
    pattern: { source: ['com.other'] },
    event: envelope,
    match: false,
  },
  {
    name: 'strings are case-sensitive',
    pattern: { source: ['COM.EXAMPLE.ORDERS'] },
    event: envelope,
    match: false,
  },
  { name: 'strings keep trailing spaces', pattern: { a: ['x '] }, event: { a: 'x' }, match: false },
  {
    name: 'emoji strings compare exactly',
    pattern: { a: ['🚀 go'] },
    event: { a: '🚀 go' },
    match: true,
  },
  {
    name: 'list is OR',
    pattern: { source: ['a', 'com.example.orders'] },
    event: envelope,
    match: true,
  },
  {
    name: 'fields are ANDed',
    pattern: { source: ['com.example.orders'], region: ['eu-west-1'] },
    event: envelope,
    match: false,
  },
  {
    name: 'field names are case-sensitive',
    pattern: { MY_KEY: ['v'] },
    event: { my_key: 'v' },
    match: false,
  },
  { name: 'number equals number', pattern: { n: [300] }, event: { n: 300 }, match: true },
  {
    name: 'number equals the same number written as a float',
    pattern: { n: [300] },
    event: JSON.parse('{"n":300.0}'),
    match: true,
  },
  { name: 'number in exponent form', pattern: { n: [3.018e2] }, event: { n: 301.8 }, match: true },
  {
    name: 'number never equals a string',
    pattern: { n: [300] },
    event: { n: '300' },
    match: false,
  },
  {
    name: 'string never equals a number',
    pattern: { n: ['300'] },
    event: { n: 300 },
    match: false,
  },
  { name: 'true', pattern: { b: [true] }, event: { b: true }, match: true },
  {
    name: 'true is not the string "true"',
    pattern: { b: [true] },
    event: { b: 'true' },
    match: false,
  },
  { name: 'false', pattern: { b: [false] }, event: { b: false }, match: true },
  { name: 'null matches JSON null', pattern: { v: [null] }, event: { v: null }, match: true },
  { name: 'null does not match a missing field', pattern: { v: [null] }, event: {}, match: false },
  {
    name: 'null does not match the string "null"',
    pattern: { v: [null] },
    event: { v: 'null' },
    match: false,
  },
  {
    name: 'empty string matches only the empty string',
    pattern: { v: [''] },
    event: { v: '' },
    match: true,
  },
  { name: 'empty string vs null', pattern: { v: [''] }, event: { v: null }, match: false },
  {
    name: 'a literal never equals an object',
    pattern: { v: ['x'] },
    event: { v: { x: 'x' } },
    match: false,
  },
  {
    name: 'absent pattern fields are ignored',
    pattern: { source: ['com.example.orders'] },
    event: { ...envelope, extra: 1 },
    match: true,
  },
  // Arrays in the event.
  {
    name: 'event arrays match when any element matches',
    pattern: { resources: ['arn:aws:s3:::bucket-b', 'x'] },
    event: envelope,
    match: true,
  },
  {
    name: 'event arrays that share nothing',
    pattern: { resources: ['arn:aws:s3:::bucket-c'] },
    event: envelope,
    match: false,
  },
  {
    name: 'an empty event array matches nothing, not even null',
    pattern: { resources: [null] },
    event: { resources: [] },
    match: false,
  },
  {
    name: 'nested event arrays are flattened',
    pattern: { a: [3] },
    event: { a: [[1, 2], [3]] },
    match: true,
  },
  {
    name: 'arrays of objects are traversed',
    pattern: { detail: { items: { id: ['b'] } } },
    event: { detail: { items: [{ id: 'a' }, { id: 'b' }] } },
    match: true,
  },
  {
    name: 'arrays of objects, no element matches',
    pattern: { detail: { items: { id: ['c'] } } },
    event: { detail: { items: [{ id: 'a' }, { id: 'b' }] } },
    match: false,
  },
  {
    name: 'fields under an array of objects match within one element',
    pattern: { items: { id: ['a'], qty: [2] } },
    event: {
      items: [
        { id: 'a', qty: 1 },
        { id: 'b', qty: 2 },
      ],
    },
    match: false,
  },
  {
    name: 'fields under an array of objects, same element',
    pattern: { items: { id: ['b'], qty: [2] } },
    event: {
      items: [
        { id: 'a', qty: 1 },
        { id: 'b', qty: 2 },
      ],
    },
    match: true,
  },
  // Nesting and dotted names.
  {
    name: 'nested objects',
    pattern: { detail: { state: { status: ['running'] } } },
    event: { detail: { state: { status: 'running' } } },
    match: true,
  },
  {
    name: 'a detail that is a JSON string is not parsed',
    pattern: { detail: { a: ['b'] } },
    event: { detail: '{"a":"b"}' },
    match: false,
  },
  {
    name: 'dotted pattern name matches nested event',
    pattern: { detail: { 'state.status': ['running'] } },
    event: { detail: { state: { status: 'running' } } },
    match: true,
  },
  {
    name: 'nested pattern matches dotted event name',
    pattern: { detail: { state: { status: ['running'] } } },
    event: { detail: { 'state.status': 'running' } },
    match: true,
  },
  {
    name: 'dotted event name holding an object is one level deeper',
    pattern: { detail: { state: { status: ['running'] } } },
    event: { detail: { 'state.status': { status: 'running' } } },
    match: false,
  },
  {
    name: 'dotted pattern name is one level deeper',
    pattern: { detail: { 'state.status': { status: ['running'] } } },
    event: { detail: { state: { status: 'running' } } },
    match: false,
  },
  // prefix / suffix.
  { name: 'prefix', pattern: { time: [{ prefix: '2025-01' }] }, event: envelope, match: true },
  {
    name: 'prefix, no match',
    pattern: { time: [{ prefix: '2024-' }] },
    event: envelope,
    match: false,
  },
  {
    name: 'empty prefix matches any string',
    pattern: { v: [{ prefix: '' }] },
    event: { v: 'anything' },
    match: true,
  },
  {
    name: 'prefix never matches a number',
    pattern: { v: [{ prefix: '1' }] },
    event: { v: 12 },
    match: false,
  },
  {
    name: 'prefix with equals-ignore-case',
    pattern: { v: [{ prefix: { 'equals-ignore-case': 'ORDER' } }] },
    event: { v: 'order-17' },
    match: true,
  },
  {
    name: 'prefix with equals-ignore-case, no match',
    pattern: { v: [{ prefix: { 'equals-ignore-case': 'ORDER' } }] },
    event: { v: 'item-17' },
    match: false,
  },
  {
    name: 'suffix',
    pattern: { key: [{ suffix: '.png' }] },
    event: { key: 'a/b.png' },
    match: true,
  },
  {
    name: 'suffix is case-sensitive',
    pattern: { key: [{ suffix: '.png' }] },
    event: { key: 'a/b.PNG' },
    match: false,
  },
  {
    name: 'suffix with equals-ignore-case',
    pattern: { key: [{ suffix: { 'equals-ignore-case': '.PNG' } }] },
    event: { key: 'a/b.png' },
    match: true,
  },
  {
    name: 'suffix with equals-ignore-case, no match',
    pattern: { key: [{ suffix: { 'equals-ignore-case': '.PNG' } }] },
    event: { key: 'a/b.jpg' },
    match: false,
  },
  // equals-ignore-case.
  {
    name: 'equals-ignore-case',
    pattern: { 'detail-type': [{ 'equals-ignore-case': 'orderplaced' }] },
    event: envelope,
    match: true,
  },
  {
    name: 'equals-ignore-case, no match',
    pattern: { 'detail-type': [{ 'equals-ignore-case': 'orderplace' }] },
    event: envelope,
    match: false,
  },
  {
    name: 'equals-ignore-case on an array',
    pattern: { tags: [{ 'equals-ignore-case': 'RED' }] },
    event: { tags: ['blue', 'red'] },
    match: true,
  },
  {
    name: 'equals-ignore-case with non-ASCII letters',
    pattern: { v: [{ 'equals-ignore-case': 'ÉTÉ' }] },
    event: { v: 'été' },
    match: true,
  },
  {
    name: 'equals-ignore-case empty matches only empty',
    pattern: { v: [{ 'equals-ignore-case': '' }] },
    event: { v: 'a' },
    match: false,
  },
  // wildcard.
  {
    name: 'wildcard',
    pattern: { arn: [{ wildcard: 'arn:aws:events:us-east-1:*:event-bus/*' }] },
    event: { arn: 'arn:aws:events:us-east-1:123456789012:event-bus/main' },
    match: true,
  },
  {
    name: 'wildcard star crosses slashes',
    pattern: { path: [{ wildcard: '/Users/*/doc.txt' }] },
    event: { path: '/Users/me/dir/dir/doc.txt' },
    match: true,
  },
  {
    name: 'wildcard, no match',
    pattern: { path: [{ wildcard: '/Users/*/doc.txt' }] },
    event: { path: '/Users/me/doc.md' },
    match: false,
  },
  {
    name: 'wildcard with an escaped star',
    pattern: { v: [{ wildcard: 'a\\*b' }] },
    event: { v: 'a*b' },
    match: true,
  },
  {
    name: 'wildcard escaped star is literal',
    pattern: { v: [{ wildcard: 'a\\*b' }] },
    event: { v: 'axb' },
    match: false,
  },
  {
    name: 'empty wildcard matches only the empty string',
    pattern: { v: [{ wildcard: '' }] },
    event: { v: 'x' },
    match: false,
  },
  {
    name: 'wildcard never matches a number',
    pattern: { v: [{ wildcard: '*' }] },
    event: { v: 1 },
    match: false,
  },
  // anything-but.
  {
    name: 'anything-but string',
    pattern: { state: [{ 'anything-but': 'initializing' }] },
    event: { state: 'running' },
    match: true,
  },
  {
    name: 'anything-but string, excluded',
    pattern: { state: [{ 'anything-but': 'initializing' }] },
    event: { state: 'initializing' },
    match: false,
  },
  {
    name: 'anything-but string list',
    pattern: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] },
    event: { state: 'running' },
    match: true,
  },
  {
    name: 'anything-but string list, excluded',
    pattern: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] },
    event: { state: 'stopped' },
    match: false,
  },
  {
    name: 'anything-but number',
    pattern: { n: [{ 'anything-but': 100 }] },
    event: { n: 101 },
    match: true,
  },
  {
    name: 'anything-but number, excluded',
    pattern: { n: [{ 'anything-but': 100 }] },
    event: { n: 100 },
    match: false,
  },
  {
    name: 'anything-but number list',
    pattern: { n: [{ 'anything-but': [100, 200, 300] }] },
    event: { n: 999 },
    match: true,
  },
  {
    name: 'anything-but number list, excluded',
    pattern: { n: [{ 'anything-but': [100, 200, 300] }] },
    event: { n: 200 },
    match: false,
  },
  {
    name: 'anything-but zero',
    pattern: { n: [{ 'anything-but': 0 }] },
    event: { n: 0 },
    match: false,
  },
  {
    name: 'anything-but matches a present null',
    pattern: { v: [{ 'anything-but': 'x' }] },
    event: { v: null },
    match: true,
  },
  {
    name: 'anything-but never matches a missing field',
    pattern: { v: [{ 'anything-but': 'x' }] },
    event: {},
    match: false,
  },
  {
    name: 'anything-but of numbers matches a string',
    pattern: { v: [{ 'anything-but': 5 }] },
    event: { v: '5' },
    match: true,
  },
  {
    name: 'anything-but on an array: some element not excluded',
    pattern: { v: [{ 'anything-but': 'a' }] },
    event: { v: ['a', 'b'] },
    match: true,
  },
  {
    name: 'anything-but prefix',
    pattern: { state: [{ 'anything-but': { prefix: 'init' } }] },
    event: { state: 'running' },
    match: true,
  },
  {
    name: 'anything-but prefix, excluded',
    pattern: { state: [{ 'anything-but': { prefix: 'init' } }] },
    event: { state: 'initializing' },
    match: false,
  },
  {
    name: 'anything-but prefix matches a number',
    pattern: { state: [{ 'anything-but': { prefix: 'init' } }] },
    event: { state: 123 },
    match: true,
  },
  {
    name: 'anything-but prefix matches null',
    pattern: { state: [{ 'anything-but': { prefix: 'init' } }] },
    event: { state: null },
    match: true,
  },
  {
    name: 'anything-but prefix list',
    pattern: { state: [{ 'anything-but': { prefix: ['init', 'stop'] } }] },
    event: { state: 'stopping' },
    match: false,
  },
  {
    name: 'anything-but suffix',
    pattern: { key: [{ 'anything-but': { suffix: '.txt' } }] },
    event: { key: 'a.png' },
    match: true,
  },
  {
    name: 'anything-but suffix, excluded',
    pattern: { key: [{ 'anything-but': { suffix: '.txt' } }] },
    event: { key: 'a.txt' },
    match: false,
  },
  {
    name: 'anything-but suffix, missing',
    pattern: { key: [{ 'anything-but': { suffix: '.txt' } }] },
    event: {},
    match: false,
  },
  {
    name: 'anything-but wildcard',
    pattern: { p: [{ 'anything-but': { wildcard: '*/lib/*' } }] },
    event: { p: '/src/app.ts' },
    match: true,
  },
  {
    name: 'anything-but wildcard, excluded',
    pattern: { p: [{ 'anything-but': { wildcard: '*/lib/*' } }] },
    event: { p: '/x/lib/y' },
    match: false,
  },
  {
    name: 'anything-but wildcard list',
    pattern: { p: [{ 'anything-but': { wildcard: ['*/lib/*', '*.md'] } }] },
    event: { p: 'README.md' },
    match: false,
  },
  {
    name: 'anything-but empty wildcard matches a non-empty string',
    pattern: { p: [{ 'anything-but': { wildcard: '' } }] },
    event: { p: 'dir/file' },
    match: true,
  },
  {
    name: 'anything-but wildcard matches a number',
    pattern: { p: [{ 'anything-but': { wildcard: '*' } }] },
    event: { p: 5 },
    match: true,
  },
  {
    name: 'anything-but equals-ignore-case',
    pattern: { s: [{ 'anything-but': { 'equals-ignore-case': 'STOPPED' } }] },
    event: { s: 'running' },
    match: true,
  },
  {
    name: 'anything-but equals-ignore-case, excluded',
    pattern: { s: [{ 'anything-but': { 'equals-ignore-case': 'STOPPED' } }] },
    event: { s: 'stopped' },
    match: false,
  },
  {
    name: 'anything-but equals-ignore-case list',
    pattern: { s: [{ 'anything-but': { 'equals-ignore-case': ['A', 'B'] } }] },
    event: { s: 'b' },
    match: false,
  },
  {
    name: 'anything-but equals-ignore-case matches null',
    pattern: { s: [{ 'anything-but': { 'equals-ignore-case': 'A' } }] },
    event: { s: null },
    match: true,
  },
  // numeric.
  {
    name: 'numeric range',
    pattern: { c: [{ numeric: ['>', 0, '<=', 5] }] },
    event: { c: 5 },
    match: true,
  },
  {
    name: 'numeric range, below',
    pattern: { c: [{ numeric: ['>', 0, '<=', 5] }] },
    event: { c: 0 },
    match: false,
  },
  {
    name: 'numeric range, above',
    pattern: { c: [{ numeric: ['>=', 0, '<', 5] }] },
    event: { c: 5 },
    match: false,
  },
  {
    name: 'numeric range, closed bottom',
    pattern: { c: [{ numeric: ['>=', 0, '<', 5] }] },
    event: { c: 0 },
    match: true,
  },
  { name: 'numeric <', pattern: { c: [{ numeric: ['<', 10] }] }, event: { c: 9.99 }, match: true },
  {
    name: 'numeric <=, above',
    pattern: { c: [{ numeric: ['<=', 10] }] },
    event: { c: 10.5 },
    match: false,
  },
  {
    name: 'numeric = compares numerically',
    pattern: { x: [{ numeric: ['=', 3.018e2] }] },
    event: { x: 301.8 },
    match: true,
  },
  {
    name: 'numeric = , no match',
    pattern: { x: [{ numeric: ['=', 3.018e2] }] },
    event: { x: 9.018e2 },
    match: false,
  },
  {
    name: 'numeric accepts floats for integer bounds',
    pattern: { x: [{ numeric: ['>', 100] }] },
    event: { x: 101.0 },
    match: true,
  },
  {
    name: 'numeric never matches a numeric string',
    pattern: { x: [{ numeric: ['>', 100] }] },
    event: { x: '300' },
    match: false,
  },
  {
    name: 'numeric never matches null',
    pattern: { x: [{ numeric: ['>', 100] }] },
    event: { x: null },
    match: false,
  },
  {
    name: 'numeric never matches a missing field',
    pattern: { x: [{ numeric: ['<', 100] }] },
    event: {},
    match: false,
  },
  {
    name: 'numeric on negative numbers',
    pattern: { x: [{ numeric: ['>', -10, '<', -1] }] },
    event: { x: -5 },
    match: true,
  },
  // exists.
  {
    name: 'exists true',
    pattern: { detail: { k: [{ exists: true }] } },
    event: { detail: { k: 'v' } },
    match: true,
  },
  {
    name: 'exists true matches null',
    pattern: { detail: { k: [{ exists: true }] } },
    event: { detail: { k: null } },
    match: true,
  },
  {
    name: 'exists true, missing',
    pattern: { detail: { k: [{ exists: true }] } },
    event: { detail: { other: 'v' } },
    match: false,
  },
  {
    name: 'exists true does not match an object (leaves only)',
    pattern: { dynamodb: { key: [{ exists: true }] } },
    event: { dynamodb: { key: { S: 'x' } } },
    match: false,
  },
  {
    name: 'exists true does not match an empty array',
    pattern: { resources: [{ exists: true }] },
    event: { resources: [] },
    match: false,
  },
  {
    name: 'exists true on an array of objects',
    pattern: { a: { id: [{ exists: true }] } },
    event: { a: [{ k: 1 }, { id: 'x' }, { k: 2 }] },
    match: true,
  },
  {
    name: 'exists false, missing',
    pattern: { detail: { k: [{ exists: false }] } },
    event: { detail: {} },
    match: true,
  },
  {
    name: 'exists false, present',
    pattern: { detail: { k: [{ exists: false }] } },
    event: { detail: { k: 'v' } },
    match: false,
  },
  {
    name: 'exists false with a missing intermediate node',
    pattern: { detail: { l1: { 'l2:': { l3: { l4: [{ exists: false }] } } } } },
    event: { detail: { l1: { l2: 'v' } } },
    match: true,
  },
  {
    name: 'exists false, deep and present',
    pattern: { d: { l1: { l2: { l3: [{ exists: false }] } } } },
    event: { d: { l1: { l2: { l3: 'v' } } } },
    match: false,
  },
  {
    name: 'exists false, intermediate node is a string',
    pattern: { d: { a: { b: [{ exists: false }] } } },
    event: { d: { a: 'text' } },
    match: true,
  },
  {
    name: 'exists false on an object counts as absent',
    pattern: { d: { a: [{ exists: false }] } },
    event: { d: { a: { b: 1 } } },
    match: true,
  },
  {
    name: 'exists ORed with anything-but: missing field',
    pattern: { d: { s: [{ 'anything-but': ['roses'] }, { exists: false }] } },
    event: { d: {} },
    match: true,
  },
  {
    name: 'exists ORed with anything-but: excluded value',
    pattern: { d: { s: [{ 'anything-but': ['roses'] }, { exists: false }] } },
    event: { d: { s: 'roses' } },
    match: false,
  },
  {
    name: 'exists true ORed with a literal',
    pattern: { v: ['x', { exists: true }] },
    event: { v: 'y' },
    match: true,
  },
  // cidr.
  {
    name: 'cidr IPv4',
    pattern: { ip: [{ cidr: '10.0.0.0/24' }] },
    event: { ip: '10.0.0.255' },
    match: true,
  },
  {
    name: 'cidr IPv4, outside',
    pattern: { ip: [{ cidr: '10.0.0.0/24' }] },
    event: { ip: '10.0.1.0' },
    match: false,
  },
  {
    name: 'cidr IPv4, odd mask',
    pattern: { ip: [{ cidr: '10.0.0.0/23' }] },
    event: { ip: '10.0.1.17' },
    match: true,
  },
  {
    name: 'cidr IPv4, invalid address is false',
    pattern: { ip: [{ cidr: '10.0.0.0/8' }] },
    event: { ip: '10.0.0.256' },
    match: false,
  },
  {
    name: 'cidr IPv4, a number is false',
    pattern: { ip: [{ cidr: '10.0.0.0/8' }] },
    event: { ip: 10 },
    match: false,
  },
  {
    name: 'cidr IPv6',
    pattern: { ip: [{ cidr: '2001:db8:1234:1a00::/56' }] },
    event: { ip: '2001:db8:1234:1aff:ffff:ffff:ffff:ffff' },
    match: true,
  },
  {
    name: 'cidr IPv6, outside',
    pattern: { ip: [{ cidr: '2001:db8:1234:1a00::/56' }] },
    event: { ip: '2001:db8:1234:1b00::1' },
    match: false,
  },
  {
    name: 'cidr IPv6 never matches IPv4',
    pattern: { ip: [{ cidr: '::/1' }] },
    event: { ip: '10.0.0.1' },
    match: false,
  },
  // $or.
  {
    name: '$or, second branch',
    pattern: {
      detail: { $or: [{ c: [{ numeric: ['>', 0, '<=', 5] }] }, { d: [{ numeric: ['<', 10] }] }] },
    },
    event: { detail: { c: 0, d: 0 } },
    match: true,
  },
  {
    name: '$or, no branch',
    pattern: { detail: { $or: [{ c: [{ numeric: ['>', 0] }] }, { d: [{ numeric: ['<', 10] }] }] } },
    event: { detail: { c: 0, d: 10 } },
    match: false,
  },
  {
    name: '$or is ANDed with its siblings',
    pattern: { source: ['x'], $or: [{ a: [1] }, { b: [2] }] },
    event: { source: 'y', a: 1 },
    match: false,
  },
  {
    name: '$or at top level with siblings',
    pattern: { source: ['x'], $or: [{ a: [1] }, { b: [2] }] },
    event: { source: 'x', b: 2 },
    match: true,
  },
  {
    name: 'nested $or',
    pattern: { $or: [{ a: [1] }, { $or: [{ b: [2] }, { c: [3] }] }] },
    event: { c: 3 },
    match: true,
  },
  {
    name: '$or with exists false',
    pattern: { $or: [{ a: [{ exists: false }] }, { b: [1] }] },
    event: { a: 1, b: 2 },
    match: false,
  },
];

describe('matchesEventPattern', () => {
  for (const c of cases) {
    test(`${c.name} → ${c.match}`, () => {
      assert.equal(matches(c.pattern, c.event), c.match);
      // The same pattern given as JSON text behaves the same.
      assert.equal(matches(JSON.stringify(c.pattern), c.event), c.match);
    });
  }

  test('the EventBridge user guide example: EC2 state change to running or stopped', () => {
    const pattern = compileEventPattern(
      '{"source":["aws.ec2"],"detail-type":["EC2 Instance State-change Notification"],"detail":{"state":["running","stopped"]}}',
    );
    const event = {
      ...envelope,
      source: 'aws.ec2',
      'detail-type': 'EC2 Instance State-change Notification',
      detail: { 'instance-id': 'i-1', state: 'running' },
    };
    assert.equal(matchesEventPattern(pattern, event), true);
    assert.equal(matchesEventPattern(pattern, { ...event, detail: { state: 'pending' } }), false);
    assert.equal(matchesEventPattern(pattern, { ...event, source: 'aws.s3' }), false);
  });

  test('the complex example: prefix, anything-but, numeric ranges and an anything-but list', () => {
    const pattern = compileEventPattern({
      time: [{ prefix: '2025-01' }],
      detail: {
        state: [{ 'anything-but': 'initializing' }],
        'c-count': [{ numeric: ['>', 0, '<=', 5] }],
        'd-count': [{ numeric: ['<', 10] }],
        'x-limit': [{ 'anything-but': [100, 200, 300] }],
      },
    });
    const detail = { state: 'processing', 'c-count': 3, 'd-count': 9, 'x-limit': 999 };
    assert.equal(matchesEventPattern(pattern, { ...envelope, detail }), true);
    assert.equal(
      matchesEventPattern(pattern, { ...envelope, detail: { ...detail, 'x-limit': 300 } }),
      false,
    );
    assert.equal(
      matchesEventPattern(pattern, { ...envelope, time: '2017-10-02T00:00:00Z', detail }),
      false,
    );
  });

  test('duplicate keys in pattern text: the last one wins', () => {
    assert.equal(matches('{"a":["x"],"a":["y"]}', { a: 'y' }), true);
    assert.equal(matches('{"a":["x"],"a":["y"]}', { a: 'x' }), false);
  });

  test('a dotted path and a nested path to the same field: the later one wins', () => {
    assert.equal(matches('{"a.b":["x"],"a":{"b":["y"]}}', { a: { b: 'y' } }), true);
  });

  test('events that are not objects match only what absence allows', () => {
    assert.equal(matches({ a: [{ exists: false }] }, 'text'), true);
    assert.equal(matches({ a: ['x'] }, null), false);
  });

  test('an array event is matched element by element', () => {
    assert.equal(matches({ a: ['x'] }, [{ a: 'y' }, { a: 'x' }]), true);
  });

  test('prototype names in events and patterns are plain keys', () => {
    assert.equal(matches({ constructor: [{ exists: false }] }, {}), true);
    assert.equal(matches({ toString: [{ exists: true }] }, {}), false);
    assert.equal(matches('{"__proto__":["x"]}', JSON.parse('{"__proto__":"x"}')), true);
  });
});

interface InvalidCase {
  readonly pattern: string;
  readonly reason: string;
}

/** Validation reasons, in AWS's words. */
const invalid: readonly InvalidCase[] = [
  {
    pattern: 'this is not json',
    reason:
      "Unrecognized token 'this': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')",
  },
  {
    pattern: "{'bad': 'quotation'}",
    reason: "Unexpected character (''' (code 39)): was expecting double-quote to start field name",
  },
  {
    pattern: '{"not": closed mark"',
    reason:
      "Unrecognized token 'closed': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')",
  },
  { pattern: '{"a": ["x"', reason: 'Unexpected end-of-input: expected close marker for ARRAY' },
  {
    pattern: '{"a": ["x"] "b": 1}',
    reason: "Unexpected character ('\"' (code 34)): was expecting comma to separate Object entries",
  },
  { pattern: '["not", "a", "dict"]', reason: 'Filter is not an object' },
  { pattern: '"text"', reason: 'Filter is not an object' },
  { pattern: '', reason: 'Filter is not an object' },
  { pattern: '{}', reason: 'Empty objects are not allowed' },
  { pattern: '{"detail": {}}', reason: 'Empty objects are not allowed' },
  { pattern: '{"int": 42}', reason: '"int" must be an object or an array' },
  { pattern: '{"string": "my-value"}', reason: '"string" must be an object or an array' },
  { pattern: '{"resources": []}', reason: 'Empty arrays are not allowed' },
  { pattern: '{"a": [["x"]]}', reason: 'Match value must be String, number, true, false, or null' },
  { pattern: '{"a": [{}]}', reason: 'Match expression name not found' },
  { pattern: '{"my_key": [{"EXISTS": true}]}', reason: 'Unrecognized match type EXISTS' },
  {
    pattern: '{"d": {"equal": [{"NUMERIC": ["=", 5]}]}}',
    reason: 'Unrecognized match type NUMERIC',
  },
  {
    pattern: '{"a": [{"prefix": "x", "suffix": "y"}]}',
    reason: 'Only one key allowed in match expression',
  },
  { pattern: '{"time": [{"prefix": 123}]}', reason: 'prefix match pattern must be a string' },
  {
    pattern: '{"time": [{"prefix": ["2022-07-13"]}]}',
    reason: 'prefix match pattern must be a string',
  },
  { pattern: '{"a": [{"prefix": {"wrong": "x"}}]}', reason: 'Unsupported prefix pattern: wrong' },
  {
    pattern: '{"a": [{"prefix": {"equals-ignore-case": 1}}]}',
    reason: 'equals-ignore-case match pattern must be a string',
  },
  { pattern: '{"FileName": [{"suffix": 123}]}', reason: 'suffix match pattern must be a string' },
  {
    pattern: '{"FileName": [{"suffix": [".png"]}]}',
    reason: 'suffix match pattern must be a string',
  },
  { pattern: '{"a": [{"suffix": {"other": "x"}}]}', reason: 'Unsupported suffix pattern: other' },
  {
    pattern: '{"dt": [{"equals-ignore-case": ["ec2"]}]}',
    reason: 'equals-ignore-case match pattern must be a string',
  },
  {
    pattern: '{"dt": [{"equals-ignore-case": {"prefix": "ec2"}}]}',
    reason: 'equals-ignore-case match pattern must be a string',
  },
  { pattern: '{"arn": [{"wildcard": 123}]}', reason: 'wildcard match pattern must be a string' },
  { pattern: '{"arn": [{"wildcard": ["a*"]}]}', reason: 'wildcard match pattern must be a string' },
  {
    pattern: '{"arn": [{"wildcard": "arn:aws:events:us-east-1:**:event-bus/*"}]}',
    reason: 'Consecutive wildcard characters at pos 26',
  },
  { pattern: '{"arn": [{"wildcard": "a\\\\b"}]}', reason: 'Invalid escape character at pos 2' },
  {
    pattern: '{"a": [{"anything-but": null}]}',
    reason: 'Value of anything-but must be an array or single string/number value.',
  },
  {
    pattern: '{"a": [{"anything-but": true}]}',
    reason: 'Value of anything-but must be an array or single string/number value.',
  },
  {
    pattern: '{"a": [{"anything-but": {"prefix": {"equals-ignore-case": "file"}}}]}',
    reason: 'Value of anything-but must be an array or single string/number value.',
  },
  {
    pattern: '{"a": [{"anything-but": {"suffix": {"equals-ignore-case": ".png"}}}]}',
    reason: 'Value of anything-but must be an array or single string/number value.',
  },
  {
    pattern: '{"a": [{"anything-but": ["a", null]}]}',
    reason: 'Inside anything but list, start|null|boolean is not supported.',
  },
  {
    pattern: '{"a": [{"anything-but": ["a", true]}]}',
    reason: 'Inside anything but list, start|null|boolean is not supported.',
  },
  {
    pattern: '{"a": [{"anything-but": ["a", 1]}]}',
    reason:
      'Inside anything but list, either all values are number or string, mixed type is not supported',
  },
  {
    pattern: '{"a": [{"anything-but": []}]}',
    reason:
      'Inside anything but list, either all values are number or string, mixed type is not supported',
  },
  {
    pattern: '{"a": [{"anything-but": {"exists": true}}]}',
    reason: 'Unsupported anything-but pattern: exists',
  },
  { pattern: '{"a": [{"anything-but": {}}]}', reason: 'Anything-But expression name not found' },
  {
    pattern: '{"a": [{"anything-but": {"prefix": ""}}]}',
    reason: 'Null prefix/suffix not allowed',
  },
  {
    pattern: '{"a": [{"anything-but": {"suffix": ["x", ""]}}]}',
    reason: 'Null prefix/suffix not allowed',
  },
  {
    pattern: '{"a": [{"anything-but": {"prefix": 123}}]}',
    reason: 'prefix/suffix match pattern must be a string',
  },
  {
    pattern: '{"a": [{"anything-but": {"suffix": [123, ".txt"]}}]}',
    reason: 'prefix/suffix match pattern must be a string',
  },
  {
    pattern: '{"a": [{"anything-but": {"wildcard": 123}}]}',
    reason: 'wildcard match pattern must be a string',
  },
  {
    pattern: '{"a": [{"anything-but": {"wildcard": [123, "*/dir/*"]}}]}',
    reason: 'wildcard match pattern must be a string',
  },
  {
    pattern: '{"a": [{"anything-but": {"wildcard": "a**"}}]}',
    reason: 'Consecutive wildcard characters at pos 2',
  },
  {
    pattern: '{"a": [{"anything-but": {"equals-ignore-case": 123}}]}',
    reason:
      'Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.',
  },
  {
    pattern: '{"a": [{"anything-but": {"equals-ignore-case": [123, 456]}}]}',
    reason:
      'Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.',
  },
  {
    pattern: '{"a": [{"anything-but": "x", "prefix": "y"}]}',
    reason: 'Too many elements in numeric expression',
  },
  { pattern: '{"a": [{"numeric": 5}]}', reason: 'Value of numeric must be an array.' },
  { pattern: '{"a": [{"numeric": []}]}', reason: 'Invalid member in numeric match: ]' },
  { pattern: '{"a": [{"numeric": [1, "<="]}]}', reason: 'Invalid member in numeric match: 1' },
  {
    pattern: '{"a": [{"numeric": ["operator"]}]}',
    reason: 'Unrecognized numeric range operator: operator',
  },
  { pattern: '{"a": [{"numeric": ["=", "000"]}]}', reason: 'Value of equals must be numeric' },
  { pattern: '{"a": [{"numeric": [">="]}]}', reason: 'Value of >= must be numeric' },
  { pattern: '{"c": [{"numeric": [">", 0, "<"]}]}', reason: 'Value of < must be numeric' },
  {
    pattern: '{"a": [{"numeric": ["<", 100, ">", 10]}]}',
    reason: 'Too many elements in numeric expression',
  },
  { pattern: '{"c": [{"numeric": [">", 0, ">", 0]}]}', reason: 'Bad numeric range operator: >' },
  { pattern: '{"a": [{"numeric": [">", 3, "<", 1]}]}', reason: 'Bottom must be less than top' },
  { pattern: '{"a": [{"numeric": [">", 20, 30]}]}', reason: 'Bad value in numeric range: 30' },
  {
    pattern: '{"a": [{"numeric": [">", 20, "<", 30, "<", 50]}]}',
    reason: 'Too many terms in numeric range expression',
  },
  {
    pattern: '{"a": [{"numeric": [">", 1], "x": 1}]}',
    reason: 'Too many elements in numeric expression',
  },
  {
    pattern: '{"a": [{"exists": null}]}',
    reason: 'exists match pattern must be either true or false.',
  },
  {
    pattern: '{"a": [{"exists": "no"}]}',
    reason: 'exists match pattern must be either true or false.',
  },
  { pattern: '{"ip": [{"cidr": ["bad-type"]}]}', reason: 'prefix match pattern must be a string' },
  { pattern: '{"ip": [{"cidr": "bad-filter"}]}', reason: "Malformed CIDR, one '/' required" },
  { pattern: '{"ip": [{"cidr": "10.0.0.0/8/8"}]}', reason: "Malformed CIDR, one '/' required" },
  {
    pattern: '{"ip": [{"cidr": "bad-filter/x"}]}',
    reason: 'Malformed CIDR, mask bits must be an integer',
  },
  {
    pattern: '{"ip": [{"cidr": "10.0.0.0/-1"}]}',
    reason: 'Malformed CIDR, mask bits must not be negative',
  },
  { pattern: '{"ip": [{"cidr": "xx.11.xx/8"}]}', reason: 'Nonstandard IP address: xx.11.xx' },
  {
    pattern: '{"ip": [{"cidr": "xxxx:db8:1234:1a00::/56"}]}',
    reason: 'Nonstandard IP address: xxxx:db8:1234:1a00::',
  },
  { pattern: '{"ip": [{"cidr": "10.0.0.0/32"}]}', reason: 'IPv4 mask bits must be < 32' },
  { pattern: '{"ip": [{"cidr": "::/128"}]}', reason: 'IPv6 mask bits must be < 128' },
  { pattern: '{"$or": {"a": ["x"]}}', reason: 'It must be an Array followed with $or.' },
  {
    pattern: '{"$or": [{"a": ["x"]}]}',
    reason: 'There must have at least 2 Objects in $or relationship.',
  },
  {
    pattern: '{"$or": [{"a": ["x"]}, "b"]}',
    reason: 'Only JSON object is allowed in array of $or relationship.',
  },
  {
    pattern: '{"$or": [{"a": ["x"]}, {"numeric": ["x"]}]}',
    reason: 'numeric is Ruler reserved fieldName which cannot be used inside $or.',
  },
];

describe('compileEventPattern validation', () => {
  for (const c of invalid) {
    test(`${c.pattern} → ${c.reason}`, () => {
      assert.equal(reasonOf(c.pattern), c.reason);
    });
  }

  test('messages for pattern text carry the parser location AWS appends', () => {
    const cases: [string, string][] = [
      [
        '{"int": 42}',
        '"int" must be an object or an array\n at [Source: (String)"{"int": 42}"; line: 1, column: 11]',
      ],
      [
        '{"resources": []}',
        'Empty arrays are not allowed\n at [Source: (String)"{"resources": []}"; line: 1, column: 17]',
      ],
      [
        '{"my_key": [{"EXISTS": true}]}',
        'Unrecognized match type EXISTS\n at [Source: (String)"{"my_key": [{"EXISTS": true}]}"; line: 1, column: 28]',
      ],
      [
        '{"detail": {"equal": [{"NUMERIC": ["=", 5]}]}}',
        'Unrecognized match type NUMERIC\n at [Source: (String)"{"detail": {"equal": [{"NUMERIC": ["=", 5]}]}}"; line: 1, column: 36]',
      ],
      [
        '{"detail": {"c-count": [{"numeric": [">", 0, ">", 0]}]}}',
        'Bad numeric range operator: >\n at [Source: (String)"{"detail": {"c-count": [{"numeric": [">", 0, ">", 0]}]}}"; line: 1, column: 49]',
      ],
      [
        '{"detail": {"c-count": [{"numeric": [">", 0, "<"]}]}}',
        'Value of < must be numeric\n at [Source: (String)"{"detail": {"c-count": [{"numeric": [">", 0, "<"]}]}}"; line: 1, column: 50]',
      ],
      [
        '{"time": [{"prefix": ["2022-07-13"]}]}',
        'prefix match pattern must be a string\n at [Source: (String)"{"time": [{"prefix": ["2022-07-13"]}]}"; line: 1, column: 23]',
      ],
      [
        "{'bad': 'quotation'}",
        "Unexpected character (''' (code 39)): was expecting double-quote to start field name\n at [Source: (String)\"{'bad': 'quotation'}\"; line: 1, column: 2]",
      ],
      [
        '["not", "a", "dict"]',
        'Filter is not an object\n at [Source: (String)"["not", "a", "dict"]"; line: 1, column: 2]',
      ],
      [
        '{\n  "a": 1\n}',
        '"a" must be an object or an array\n at [Source: (String)"{\n  "a": 1\n}"; line: 2, column: 9]',
      ],
    ];
    for (const [pattern, reason] of cases) {
      assert.throws(() => compileEventPattern(pattern), {
        message: `Event pattern is not valid. Reason: ${reason}`,
      });
    }
  });

  test('errors inside anything-but lists carry the location twice, as AWS words them', () => {
    const pattern = '{"d": {"s": [{"anything-but": {"equals-ignore-case": [123, 456]}}]}}';
    const where = `\n at [Source: (String)"${pattern}"; line: 1, column: 58]`;
    assert.throws(() => compileEventPattern(pattern), {
      message: `Event pattern is not valid. Reason: Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.${where}${where}`,
    });
  });

  test('CIDR errors carry no location', () => {
    assert.throws(() => compileEventPattern('{"ip": [{"cidr": "xx.11.xx/8"}]}'), {
      message: 'Event pattern is not valid. Reason: Nonstandard IP address: xx.11.xx',
    });
  });

  test('the quoted source is cut at 500 characters', () => {
    const long = `{"a": [${'"x",'.repeat(200)} 1, {"nope": 1}]}`;
    assert.throws(
      () => compileEventPattern(long),
      (error: unknown) => {
        assert.ok(error instanceof AwsError);
        assert.match(error.message, /"\[truncated \d+ chars\]; line: 1, column: \d+\]$/);
        return true;
      },
    );
  });

  test('parsed objects get the same reasons, without a location', () => {
    assert.throws(() => compileEventPattern({ a: [] }), {
      message: 'Event pattern is not valid. Reason: Empty arrays are not allowed',
    });
    assert.equal(reasonOf(['x']), 'Filter is not an object');
    assert.equal(reasonOf(null), 'Filter is not an object');
    assert.equal(reasonOf({ a: [Number.NaN] }), "Non-standard token 'NaN'");
  });

  test('compiling never throws anything but an AwsError', () => {
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.constantFrom(
          'prefix',
          'suffix',
          'anything-but',
          'numeric',
          'exists',
          'cidr',
          'wildcard',
          '>',
          '<=',
          '$or',
          '10.0.0.0/8',
          '*',
          '',
        ),
        fc.string(),
        fc.integer(),
        fc.double(),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('value'), { maxLength: 4 }),
        fc.dictionary(
          fc.oneof(
            fc.constantFrom(
              'prefix',
              'suffix',
              'anything-but',
              'numeric',
              'exists',
              'cidr',
              'wildcard',
              'equals-ignore-case',
              '$or',
              'a',
              'a.b',
            ),
            fc.string(),
          ),
          tie('value'),
          { maxKeys: 3 },
        ),
      ),
    })).value;
    const check = (input: unknown): void => {
      try {
        const compiled = compileEventPattern(input);
        matchesEventPattern(compiled, { a: 'x', b: [1, { c: null }] });
      } catch (error) {
        if (!(error instanceof AwsError)) throw error;
        assert.equal(error.code, 'InvalidEventPatternException');
      }
    };
    fc.assert(
      fc.property(json, (value) => {
        check(value);
        check(JSON.stringify(value) ?? '');
      }),
      { numRuns: 2000 },
    );
    fc.assert(fc.property(fc.string(), check), { numRuns: 1000 });
  });
});
