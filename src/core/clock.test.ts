import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualClock } from './clock.js';

test('ManualClock runs due timers in time order and skips cancelled ones', () => {
  const clock = new ManualClock(1000);
  const fired: string[] = [];
  clock.setTimeout(() => fired.push('b'), 200);
  clock.setTimeout(() => fired.push('a'), 100);
  const c = clock.setTimeout(() => fired.push('c'), 150);
  c.cancel();
  clock.advance(150);
  assert.deepEqual(fired, ['a']);
  assert.equal(clock.now(), 1150);
  clock.advance(100);
  assert.deepEqual(fired, ['a', 'b']);
  assert.equal(clock.monotonic(), 250);
});

test('a timer set by a firing timer runs in the same advance when it falls due', () => {
  const clock = new ManualClock(0);
  const fired: number[] = [];
  clock.setTimeout(() => {
    fired.push(clock.now());
    clock.setTimeout(() => fired.push(clock.now()), 10);
  }, 10);
  clock.advance(30);
  assert.deepEqual(fired, [10, 20]);
});
