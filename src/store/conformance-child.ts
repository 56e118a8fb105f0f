/**
 * A second Stratus process for the conformance suite: forked by `conformance.ts`, it opens the
 * same store and races the parent's other child, or writes until it is killed with SIGKILL.
 * Speaks over the IPC channel only.
 */

import { openStore } from './open-store.js';
import { isStoreConflict } from './store-errors.js';
import type { StoreLocation, StoreOptions } from './types.js';

export type ChildCommand =
  | {
      kind: 'race';
      location: StoreLocation;
      options: StoreOptions;
      keys: number;
      increments: number;
      me: string;
    }
  | { kind: 'write-until-killed'; location: StoreLocation; options: StoreOptions };

export type ChildReport =
  | { kind: 'ready' }
  | { kind: 'race-done'; wins: number[]; increments: number; conflicts: number }
  | { kind: 'written'; n: number }
  | { kind: 'error'; message: string; code?: string };

const send = (m: ChildReport): void => {
  process.send?.(m);
};

async function race(c: Extract<ChildCommand, { kind: 'race' }>): Promise<void> {
  const store = await openStore(c.location, c.options);
  send({ kind: 'ready' });
  await new Promise<void>((resolve) => process.once('message', () => resolve()));
  const wins: number[] = [];
  // Both processes try to create the same keys; exactly one put per key may succeed.
  for (let k = 0; k < c.keys; k++) {
    try {
      await store.kv.put('race', Buffer.from(`key-${k}`), Buffer.from(c.me), { ifAbsent: true });
      wins.push(k);
    } catch (e) {
      if (!isStoreConflict(e)) throw e;
    }
  }
  // Optimistic read-modify-write of one counter: a lost update would show in the final count.
  let conflicts = 0;
  for (let i = 0; i < c.increments;) {
    const cur = await store.kv.get('race', Buffer.from('counter'));
    const n = cur === undefined ? 0 : Number(cur.value.toString());
    try {
      if (cur === undefined) {
        await store.kv.put('race', Buffer.from('counter'), Buffer.from(String(n + 1)), {
          ifAbsent: true,
        });
      } else {
        await store.kv.put('race', Buffer.from('counter'), Buffer.from(String(n + 1)), {
          ifVersion: cur.version,
        });
      }
      i++;
    } catch (e) {
      if (!isStoreConflict(e)) throw e;
      conflicts++;
    }
  }
  await store.close();
  send({ kind: 'race-done', wins, increments: c.increments, conflicts });
}

async function writeUntilKilled(
  c: Extract<ChildCommand, { kind: 'write-until-killed' }>,
): Promise<void> {
  const store = await openStore(c.location, c.options);
  send({ kind: 'ready' });
  for (let n = 0; ; n++) {
    await store.transaction(async (tx) => {
      await tx.kv.put(
        'durable',
        Buffer.from(`item-${String(n).padStart(6, '0')}`),
        Buffer.from(`value-${n}`),
      );
      await tx.logs.append('durable-log', Buffer.from(`record-${n}`));
    });
    await store.queues.send('durable-queue', { body: `message-${n}` });
    // Only what was acknowledged (the awaited commit) is reported, so the parent may hold us to it.
    send({ kind: 'written', n });
  }
}

process.once('message', (cmd: ChildCommand) => {
  const run = cmd.kind === 'race' ? race(cmd) : writeUntilKilled(cmd);
  run.then(
    () => process.disconnect(),
    (e: unknown) => {
      const err = e as { message?: string; code?: string };
      send({
        kind: 'error',
        message: String(err.message ?? e),
        ...(err.code === undefined ? {} : { code: err.code }),
      });
      process.exitCode = 1;
      process.disconnect();
    },
  );
});
