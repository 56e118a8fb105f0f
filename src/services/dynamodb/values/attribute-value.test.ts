import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateAttributeMap, validateAttributeValue } from './attribute-value.js';
import { AwsError } from '../../../core/errors.js';

function rejects(value: unknown, message: string, code = 'ValidationException'): void {
  assert.throws(
    () => validateAttributeValue(value),
    (error: unknown) =>
      error instanceof AwsError && error.code === code && error.message === message,
    message,
  );
}

test('valid values pass and numbers are canonicalized, recursively', () => {
  assert.deepEqual(validateAttributeValue({ N: '1.50' }), { N: '1.5' });
  assert.deepEqual(validateAttributeValue({ NS: ['1.0', '2'] }), { NS: ['1', '2'] });
  assert.deepEqual(validateAttributeValue({ M: { a: { L: [{ N: '00042' }, { S: '' }] } } }), {
    M: { a: { L: [{ N: '42' }, { S: '' }] } },
  });
  assert.deepEqual(validateAttributeValue({ SS: [''] }), { SS: [''] });
  assert.deepEqual(validateAttributeValue({ NULL: true }), { NULL: true });
  assert.deepEqual(validateAttributeValue({ BOOL: false }), { BOOL: false });
  assert.deepEqual(validateAttributeValue({ L: [] }), { L: [] });
  assert.deepEqual(validateAttributeValue({ M: {} }), { M: {} });
});

test('an AttributeValue needs exactly one type', () => {
  rejects(
    {},
    'Supplied AttributeValue is empty, must contain exactly one of the supported datatypes',
  );
  rejects(
    { Q: 'x' },
    'Supplied AttributeValue is empty, must contain exactly one of the supported datatypes',
  );
  rejects(
    { S: 'a', N: '1' },
    'Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes',
  );
});

test('NULL false, empty sets and duplicate set members get AWS messages', () => {
  rejects(
    { NULL: false },
    'One or more parameter values were invalid: Null attribute value types must have the value of true',
  );
  rejects({ SS: [] }, 'One or more parameter values were invalid: An string set  may not be empty');
  rejects({ NS: [] }, 'One or more parameter values were invalid: An number set  may not be empty');
  rejects({ BS: [] }, 'One or more parameter values were invalid: Binary sets should not be empty');
  rejects(
    { SS: ['a', 'a'] },
    'One or more parameter values were invalid: Input collection [a, a] contains duplicates.',
  );
  rejects(
    { BS: ['Yg==', 'Yg=='] },
    'One or more parameter values were invalid: Input collection [Yg==, Yg==]of type BS contains duplicates.',
  );
  rejects({ NS: ['1', '1.0'] }, 'Input collection contains duplicates');
  rejects(
    { M: { x: { SS: [] } } },
    'One or more parameter values were invalid: An string set  may not be empty',
  );
});

test('invalid numbers inside values are rejected', () => {
  rejects({ N: 'abc' }, 'The parameter cannot be converted to a numeric value: abc');
  rejects({ NS: ['1', 'x'] }, 'The parameter cannot be converted to a numeric value: x');
  rejects({ N: 5 }, 'NUMBER_VALUE cannot be converted to String', 'SerializationException');
});

test('nesting deeper than 32 levels is rejected', () => {
  let ok: unknown = { S: 'leaf' };
  for (let i = 0; i < 32; i++) ok = { L: [ok] };
  assert.doesNotThrow(() => validateAttributeValue(ok));
  rejects(
    { L: [ok] },
    'Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit',
  );
});

test('maps validate every attribute', () => {
  assert.deepEqual(validateAttributeMap({ id: { S: 'a' }, n: { N: '1e2' } }), {
    id: { S: 'a' },
    n: { N: '100' },
  });
  assert.throws(() => validateAttributeMap({ '': { S: 'a' } }), /Empty attribute name/);
});
