/**
 * The store conformance suite: one set of behaviours every engine must show, run against SQLite
 * and PostgreSQL from their test files. Time is a ManualClock wherever time matters, so
 * visibility timeouts, delays, dedup windows, lease expiry and log trimming are tested by moving
 * time, not by sleeping. Races and crashes use real child processes.
 */

import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { after, afterEach, describe, it } from 'node:test';
import fc from 'fast-check';
import { ManualClock } from '../core/clock.js';
import { isStratusError } from '../core/errors.js';
import type { ChildCommand, ChildReport } from './conformance-child.js';
import type { KeyValue } from './key-codec.js';
import { decodeKey, encodeKey, encodeKeyPrefix } from './key-codec.js';
import { isStoreConflict } from './store-errors.js';
import type { Store, StoreLocation, StoreOptions } from './types.js';

export interface ConformanceEngine {
  /** A fresh, empty location (a new file, or a new schema) for one test. */
  newLocation(): Promise<StoreLocation>;
  /** Opens `location` with the options the suite passes (its clock, `multiProcessOptions`). */
  open(location: StoreLocation, options: StoreOptions): Promise<Store>;
  /** Options that let several processes open one location at once (SQLite: shared locking). */
  multiProcessOptions: StoreOptions;
  /** Releases whatever `newLocation` created. */
  cleanup(): Promise<void>;
}

const b = (s: string): Buffer => Buffer.from(s, 'utf8');
const text = (buf: Buffer | undefined): string | undefined => buf?.toString('utf8');

function forkChild(): ReturnType<typeof fork> {
  return fork(new URL('./conformance-child.js', import.meta.url), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

function nextReport(
  child: ReturnType<typeof fork>,
  kind: ChildReport['kind'],
): Promise<ChildReport> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: ChildReport): void => {
      if (m.kind === 'error') {
        cleanup();
        reject(new Error(`child failed: ${m.code ?? ''} ${m.message}`));
      } else if (m.kind === kind) {
        cleanup();
        resolve(m);
      }
    };
    const onExit = (code: number | null): void => {
      cleanup();
      reject(new Error(`child exited (${String(code)}) before reporting ${kind}`));
    };
    const cleanup = (): void => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

// -- reference ordering for the key codec property -------------------------------------------

function compareDecimal(a: string, b: string): number {
  // Exact comparison through BigInt: scale both to a common exponent.
  const parse = (s: string): [bigint, number] => {
    const m = /^(-?)(\d*)(?:\.(\d*))?$/.exec(s)!;
    const frac = m[3] ?? '';
    const digits = BigInt(`${m[1]}${(m[2] ?? '') + frac || '0'}`);
    return [digits, frac.length];
  };
  const [da, ea] = parse(a);
  const [db, eb] = parse(b);
  const e = Math.max(ea, eb);
  const x = da * 10n ** BigInt(e - ea);
  const y = db * 10n ** BigInt(e - eb);
  return x < y ? -1 : x > y ? 1 : 0;
}

function compareValue(a: KeyValue, b: KeyValue): number {
  if ('S' in a && 'S' in b)
    return Buffer.compare(Buffer.from(a.S, 'utf8'), Buffer.from(b.S, 'utf8'));
  if ('B' in a && 'B' in b) return Buffer.compare(Buffer.from(a.B), Buffer.from(b.B));
  if ('N' in a && 'N' in b) return compareDecimal(a.N, b.N);
  throw new Error('mixed types');
}

function compareComposite(a: KeyValue[], b: KeyValue[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = compareValue(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

/** Random DynamoDB numbers: up to 38 significant digits, a wide exponent range, either sign. */
const numberArb = fc
  .tuple(
    fc.boolean(),
    fc.stringMatching(/^[1-9][0-9]{0,37}$/),
    fc.integer({ min: -60, max: 60 }),
    fc.constantFrom(0, 0, 0, 1),
  )
  .map(([neg, digits, shift, zero]) => {
    if (zero === 1) return '0';
    // Place the decimal point `shift` digits from the right of `digits`.
    let s: string;
    if (shift <= 0) s = digits + '0'.repeat(-shift);
    else if (shift >= digits.length) s = `0.${'0'.repeat(shift - digits.length)}${digits}`;
    else s = `${digits.slice(0, digits.length - shift)}.${digits.slice(digits.length - shift)}`;
    return neg ? `-${s}` : s;
  });

const stringArb = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.string({ unit: 'binary', maxLength: 6 }),
  fc.constantFrom('', 'a', 'a\u0000', 'a\u0000b', 'ab', '\u00ff', '\u{1f600}', 'Z', '\uffff'),
);

const binaryArb = fc.uint8Array({ maxLength: 6 }).map((u) => Buffer.from(u));

function keyPartArb(type: 'S' | 'N' | 'B'): fc.Arbitrary<KeyValue> {
  if (type === 'S') return stringArb.map((S) => ({ S }));
  if (type === 'N') return numberArb.map((N) => ({ N }));
  return binaryArb.map((B) => ({ B }));
}

/** Registers the conformance tests for one engine under `describe(name)`; call it from a test file. */
export function runStoreConformance(name: string, engine: ConformanceEngine): void {
  describe(`store conformance: ${name}`, () => {
    const opened: Store[] = [];
    const open = async (options: StoreOptions = {}, location?: StoreLocation): Promise<Store> => {
      const store = await engine.open(location ?? (await engine.newLocation()), options);
      opened.push(store);
      return store;
    };
    // Each test closes what it opened, so a PostgreSQL run never holds many connections at once.
    afterEach(async () => {
      for (const s of opened.splice(0)) await s.close();
    });
    after(() => engine.cleanup());

    describe('key-value collections', () => {
      it('puts, gets and deletes with versions that grow by one per write', async () => {
        const s = await open();
        assert.equal(await s.kv.get('t', b('k')), undefined);
        assert.equal(await s.kv.put('t', b('k'), b('v1')), 1);
        assert.equal(await s.kv.put('t', b('k'), b('v2')), 2);
        const got = await s.kv.get('t', b('k'));
        assert.equal(text(got?.value), 'v2');
        assert.equal(got?.version, 2);
        assert.deepEqual(got?.key, b('k'));
        // Collections are independent namespaces.
        assert.equal(await s.kv.get('other', b('k')), undefined);
        assert.equal(await s.kv.delete('t', b('k')), true);
        assert.equal(await s.kv.delete('t', b('k')), false);
        assert.equal(await s.kv.get('t', b('k')), undefined);
      });

      it('reads many keys at once, in the order asked, missing ones as undefined', async () => {
        const s = await open();
        await s.kv.put('t', b('a'), b('1'));
        await s.kv.put('t', b('c'), b('3'));
        await s.kv.put('t', b('c'), b('3b'));
        await s.kv.put('other', b('b'), b('x'));
        assert.deepEqual(await s.kv.getMany('t', []), []);
        const got = await s.kv.getMany('t', [b('c'), b('b'), b('a'), b('c')]);
        assert.deepEqual(
          got.map((e) => (e === undefined ? undefined : [text(e.key), text(e.value), e.version])),
          [['c', '3b', 2], undefined, ['a', '1', 1], ['c', '3b', 2]],
        );
        assert.deepEqual(
          (await s.kv.getMany('t', [Buffer.from([0, 255])])).map((e) => e?.value),
          [undefined],
        );
        // Inside a transaction, locked for update, and seeing the transaction's own writes.
        const versions = await s.transaction(async (tx) => {
          await tx.kv.put('t', b('b'), b('2'));
          const entries = await tx.kv.getMany('t', [b('a'), b('b')], { forUpdate: true });
          return entries.map((e) => e?.version);
        });
        assert.deepEqual(versions, [1, 1]);
      });

      it('writes many entries at once, new and existing, each version growing by one', async () => {
        const s = await open();
        await s.kv.put('t', b('b'), b('old'));
        await s.kv.putMany('t', []);
        await s.kv.putMany('t', [
          { key: b('c'), value: b('3') },
          { key: b('b'), value: b('2') },
          { key: Buffer.from([0, 255]), value: Buffer.alloc(0) },
        ]);
        const got = await s.kv.getMany('t', [b('b'), b('c'), Buffer.from([0, 255])]);
        assert.deepEqual(
          got.map((e) => [text(e?.value), e?.version]),
          [
            ['2', 2],
            ['3', 1],
            ['', 1],
          ],
        );
        // Inside a transaction it is undone with the rest.
        await assert.rejects(
          s.transaction(async (tx) => {
            await tx.kv.putMany('t', [
              { key: b('c'), value: b('x') },
              { key: b('d'), value: b('y') },
            ]);
            throw new Error('abort');
          }),
          /abort/,
        );
        assert.deepEqual(
          (await s.kv.getMany('t', [b('c'), b('d')])).map((e) => text(e?.value)),
          ['3', undefined],
        );
      });

      it('stores binary keys and values byte for byte, empty values included', async () => {
        const s = await open();
        const key = Buffer.from([0, 255, 0, 1]);
        const value = randomBytes(70_000);
        await s.kv.put('t', key, value);
        await s.kv.put('t', Buffer.from([0]), Buffer.alloc(0));
        assert.deepEqual((await s.kv.get('t', key))?.value, value);
        assert.equal((await s.kv.get('t', Buffer.from([0])))?.value.length, 0);
      });

      it('rejects a put ifAbsent on an existing key and a write with a stale version', async () => {
        const s = await open();
        await s.kv.put('t', b('k'), b('v1'), { ifAbsent: true });
        await assert.rejects(s.kv.put('t', b('k'), b('v2'), { ifAbsent: true }), isStoreConflict);
        assert.equal(await s.kv.put('t', b('k'), b('v2'), { ifVersion: 1 }), 2);
        await assert.rejects(s.kv.put('t', b('k'), b('v3'), { ifVersion: 1 }), isStoreConflict);
        await assert.rejects(
          s.kv.put('t', b('missing'), b('v'), { ifVersion: 1 }),
          isStoreConflict,
        );
        await assert.rejects(s.kv.delete('t', b('k'), { ifVersion: 1 }), isStoreConflict);
        assert.equal(text((await s.kv.get('t', b('k')))?.value), 'v2');
        assert.equal(await s.kv.delete('t', b('k'), { ifVersion: 2 }), true);
      });

      it('lets exactly one of many concurrent ifAbsent puts win', async () => {
        const s = await open();
        const results = await Promise.allSettled(
          Array.from({ length: 20 }, (_, i) =>
            s.kv.put('t', b('contended'), b(`w${i}`), { ifAbsent: true }),
          ),
        );
        const won = results.filter((r) => r.status === 'fulfilled');
        assert.equal(won.length, 1);
        for (const r of results) if (r.status === 'rejected') assert.ok(isStoreConflict(r.reason));
      });

      it('scans ranges forward and backward with bounds, prefixes, limits and exclusive start keys', async () => {
        const s = await open();
        await s.transaction(async (tx) => {
          for (let i = 0; i < 30; i++)
            await tx.kv.put('t', b(`k${String(i).padStart(2, '0')}`), b(String(i)));
          await tx.kv.put('t', b('j'), b('before'));
          await tx.kv.put('t', b('l'), b('after'));
          await tx.kv.put('u', b('k05'), b('other collection'));
        });
        const keys = async (o: Parameters<Store['kv']['scan']>[1]): Promise<string[]> =>
          (await s.kv.scan('t', o)).map((e) => e.key.toString());
        assert.deepEqual(await keys({ prefix: b('k0'), limit: 3 }), ['k00', 'k01', 'k02']);
        assert.deepEqual(await keys({ prefix: b('k'), reverse: true, limit: 2 }), ['k29', 'k28']);
        assert.deepEqual(await keys({ gte: b('k10'), lt: b('k13') }), ['k10', 'k11', 'k12']);
        assert.deepEqual(await keys({ gt: b('k10'), lte: b('k13') }), ['k11', 'k12', 'k13']);
        assert.deepEqual(await keys({ gt: b('k28') }), ['k29', 'l']);
        assert.deepEqual(await keys({ lt: b('k01'), reverse: true }), ['k00', 'j']);
        assert.deepEqual(await keys({ gte: b('k05'), lte: b('k04') }), []);
        assert.deepEqual(await keys({ prefix: b('k'), limit: 0 }), []);
        assert.equal(await s.kv.count('t', { prefix: b('k') }), 30);
        assert.equal(await s.kv.count('t'), 32);
        // Paginate both ways with the last key as the exclusive start key: each key once, in order.
        for (const reverse of [false, true]) {
          const seen: string[] = [];
          let after: Buffer | undefined;
          for (;;) {
            const page = await s.kv.scan('t', {
              prefix: b('k'),
              limit: 7,
              reverse,
              ...(after ? { after } : {}),
            });
            if (page.length === 0) break;
            seen.push(...page.map((e) => e.key.toString()));
            after = page[page.length - 1]!.key;
          }
          const expected = Array.from({ length: 30 }, (_, i) => `k${String(i).padStart(2, '0')}`);
          assert.deepEqual(seen, reverse ? expected.reverse() : expected);
        }
        assert.equal(await s.kv.clear('t'), 32);
        assert.equal(await s.kv.count('t'), 0);
        assert.equal(await s.kv.count('u'), 1);
      });

      it('orders keys under the key codec exactly as DynamoDB does (property-based)', async () => {
        const s = await open();
        let run = 0;
        await fc.assert(
          fc.asyncProperty(
            fc
              .tuple(
                fc.constantFrom<'S' | 'N' | 'B'>('S', 'N', 'B'),
                fc.constantFrom<'S' | 'N' | 'B'>('S', 'N', 'B'),
              )
              .chain(([hashType, rangeType]) =>
                fc.record({
                  hashes: fc.array(keyPartArb(hashType), { minLength: 1, maxLength: 3 }),
                  items: fc.array(fc.tuple(fc.nat(2), keyPartArb(rangeType)), {
                    minLength: 1,
                    maxLength: 25,
                  }),
                }),
              ),
            async ({ hashes, items }) => {
              const collection = `prop-${run++}`;
              const entries = new Map<string, KeyValue[]>();
              for (const [which, range] of items) {
                const parts = [hashes[which % hashes.length]!, range];
                entries.set(encodeKey(...parts).toString('hex'), parts);
              }
              await s.transaction(async (tx) => {
                for (const [hex] of entries)
                  await tx.kv.put(collection, Buffer.from(hex, 'hex'), b('x'));
              });
              const expected = [...entries.values()].sort(compareComposite);
              const scanned = await s.kv.scan(collection);
              assert.deepEqual(
                scanned.map((e) => JSON.stringify(decodeKey(e.key))),
                expected.map((p) => JSON.stringify(decodeKey(encodeKey(...p)))),
              );
              // Within one partition key, a prefix scan returns exactly that partition, in order.
              const h = hashes[0]!;
              const inPartition = await s.kv.scan(collection, {
                prefix: encodeKey(h),
                reverse: true,
              });
              assert.deepEqual(
                inPartition.map((e) => e.key.toString('hex')),
                expected
                  .filter((p) => compareValue(p[0]!, h) === 0)
                  .reverse()
                  .map((p) => encodeKey(...p).toString('hex')),
              );
            },
          ),
          { numRuns: 40 },
        );
      });

      it('finds sort keys by begins_with through an encoded prefix', async () => {
        const s = await open();
        const hash: KeyValue = { S: 'user#1' };
        for (const r of ['order#001', 'order#002', 'order', 'orders', 'profile', 'ord']) {
          await s.kv.put('t', encodeKey(hash, { S: r }), b(r));
        }
        await s.kv.put('t', encodeKey({ S: 'user#10' }, { S: 'order#003' }), b('other partition'));
        const got = await s.kv.scan('t', { prefix: encodeKeyPrefix([hash], { S: 'order' }) });
        assert.deepEqual(
          got.map((e) => text(e.value)),
          ['order', 'order#001', 'order#002', 'orders'],
        );
      });
    });

    describe('append-only logs', () => {
      it('appends with increasing sequence numbers and reads from a sequence number or a time', async () => {
        const clock = new ManualClock();
        const s = await open({ clock });
        const first = await s.logs.append('shard-0', [b('a'), b('b')]);
        assert.deepEqual(
          first.map((r) => r.seq),
          [1, 2],
        );
        clock.advance(1000);
        const t1 = clock.now();
        await s.logs.append('shard-0', b('c'));
        await s.logs.append('shard-1', b('other'));
        clock.advance(1000);
        await s.logs.append('shard-0', [b('d'), b('e')]);
        const all = await s.logs.read('shard-0');
        assert.deepEqual(
          all.map((r) => [r.seq, text(r.data)]),
          [
            [1, 'a'],
            [2, 'b'],
            [3, 'c'],
            [4, 'd'],
            [5, 'e'],
          ],
        );
        assert.deepEqual(
          (await s.logs.read('shard-0', { afterSeq: 3 })).map((r) => r.seq),
          [4, 5],
        );
        assert.deepEqual(
          (await s.logs.read('shard-0', { fromSeq: 2, limit: 2 })).map((r) => r.seq),
          [2, 3],
        );
        assert.deepEqual(
          (await s.logs.read('shard-0', { fromTime: t1 })).map((r) => r.seq),
          [3, 4, 5],
        );
        assert.deepEqual(await s.logs.read('shard-0', { fromTime: clock.now() + 1 }), []);
        assert.equal(all[2]!.timestamp, t1);
        assert.deepEqual(await s.logs.bounds('shard-0'), { firstSeq: 1, lastSeq: 5 });
        assert.deepEqual(await s.logs.bounds('empty'), { firstSeq: undefined, lastSeq: 0 });
      });

      it('trims records older than an age by the store clock and never reuses sequence numbers', async () => {
        const clock = new ManualClock();
        const s = await open({ clock });
        await s.logs.append('l', [b('old1'), b('old2')]);
        clock.advance(24 * 3600_000);
        await s.logs.append('l', b('new'));
        clock.advance(1);
        assert.equal(await s.logs.trim('l', 24 * 3600_000), 2);
        assert.deepEqual(
          (await s.logs.read('l')).map((r) => text(r.data)),
          ['new'],
        );
        assert.deepEqual(await s.logs.bounds('l'), { firstSeq: 3, lastSeq: 3 });
        assert.equal(await s.logs.trim('l', 0), 1);
        assert.deepEqual(await s.logs.bounds('l'), { firstSeq: undefined, lastSeq: 3 });
        const [next] = await s.logs.append('l', b('later'));
        assert.equal(next!.seq, 4);
        await s.logs.drop('l');
        assert.deepEqual(await s.logs.bounds('l'), { firstSeq: undefined, lastSeq: 0 });
      });
    });

    describe('queues', () => {
      it('hides a received message for its visibility timeout, then redelivers it with a new receipt', async () => {
        const clock = new ManualClock();
        const s = await open({ clock });
        const sent = await s.queues.send('q', { body: 'hello', attributes: '{"a":1}' });
        const [m1] = await s.queues.receive('q', { visibilityTimeoutMs: 30_000 });
        assert.equal(m1?.messageId, sent.messageId);
        assert.equal(text(m1?.body), 'hello');
        assert.equal(m1?.attributes, '{"a":1}');
        assert.equal(m1?.receiveCount, 1);
        assert.equal(m1?.firstReceivedAt, clock.now());
        assert.equal(m1?.sentAt, clock.now());
        assert.deepEqual(await s.queues.receive('q', { visibilityTimeoutMs: 30_000 }), []);
        assert.deepEqual(await s.queues.stats('q'), { visible: 0, inFlight: 1, delayed: 0 });
        clock.advance(29_999);
        assert.deepEqual(await s.queues.receive('q', { visibilityTimeoutMs: 30_000 }), []);
        clock.advance(1);
        const [m2] = await s.queues.receive('q', { visibilityTimeoutMs: 30_000 });
        assert.equal(m2?.messageId, sent.messageId);
        assert.equal(m2?.receiveCount, 2);
        assert.equal(m2?.firstReceivedAt, m1?.firstReceivedAt);
        assert.notEqual(m2?.receiptHandle, m1?.receiptHandle);
        // The old receipt no longer deletes; the newest does.
        assert.equal(await s.queues.delete('q', m1.receiptHandle), false);
        assert.equal(await s.queues.delete('q', 'garbage'), false);
        assert.equal(await s.queues.delete('other-queue', m2.receiptHandle), false);
        assert.equal(await s.queues.delete('q', m2.receiptHandle), true);
        clock.advance(60_000);
        assert.deepEqual(await s.queues.receive('q', { visibilityTimeoutMs: 0 }), []);
      });

      it('changes visibility of an in-flight message and refuses stale or expired receipts', async () => {
        const clock = new ManualClock();
        const s = await open({ clock });
        await s.queues.send('q', { body: 'm' });
        const [m] = await s.queues.receive('q', { visibilityTimeoutMs: 10_000 });
        assert.equal(await s.queues.changeVisibility('q', m!.receiptHandle, 60_000), 'ok');
        clock.advance(30_000);
        assert.deepEqual(await s.queues.receive('q', { visibilityTimeoutMs: 1000 }), []);
        assert.equal(await s.queues.changeVisibility('q', m!.receiptHandle, 0), 'ok');
        assert.equal(await s.queues.changeVisibility('q', m!.receiptHandle, 1000), 'not-in-flight');
        assert.equal(await s.queues.changeVisibility('q', 'nope.nope', 1000), 'invalid-handle');
        const [again] = await s.queues.receive('q', { visibilityTimeoutMs: 1000 });
        assert.equal(again?.receiveCount, 2);
        assert.equal(
          await s.queues.changeVisibility('q', m!.receiptHandle, 1000),
          'invalid-handle',
        );
        // A receive with visibility 0 returns the message but leaves it visible.
        clock.advance(1000);
        const [v0] = await s.queues.receive('q', { visibilityTimeoutMs: 0 });
        assert.equal(v0?.receiveCount, 3);
        assert.equal((await s.queues.receive('q', { visibilityTimeoutMs: 0 }))[0]?.receiveCount, 4);
      });

      it('delivers oldest first, honours per-message delays and reports counts', async () => {
        const clock = new ManualClock();
        const s = await open({ clock });
        await s.queues.send('q', { body: 'late', delayMs: 5000 });
        for (const body of ['a', 'b', 'c']) await s.queues.send('q', { body });
        assert.deepEqual(await s.queues.stats('q'), { visible: 3, inFlight: 0, delayed: 1 });
        const got = await s.queues.receive('q', { visibilityTimeoutMs: 60_000, max: 10 });
        assert.deepEqual(
          got.map((m) => text(m.body)),
          ['a', 'b', 'c'],
        );
        clock.advance(4999);
        assert.deepEqual(await s.queues.receive('q', { visibilityTimeoutMs: 1000 }), []);
        clock.advance(1);
        assert.equal(
          text((await s.queues.receive('q', { visibilityTimeoutMs: 1000 }))[0]?.body),
          'late',
        );
        const peek = await s.queues.peek('q');
        assert.equal(peek.length, 4);
        assert.ok(peek.every((m, i) => i === 0 || m.seq > peek[i - 1]!.seq));
      });

      it('delivers each FIFO group in order with one in-flight batch per group', async () => {
        const clock = new ManualClock();
        const s = await open({ clock });
        await s.queues.send('f', { body: 'g1-1', groupId: 'g1' });
        await s.queues.send('f', { body: 'g2-1', groupId: 'g2' });
        await s.queues.send('f', { body: 'g1-2', groupId: 'g1' });
        await s.queues.send('f', { body: 'g1-3', groupId: 'g1' });
        const first = await s.queues.receive('f', { visibilityTimeoutMs: 30_000, max: 3 });
        // As many as possible from the oldest group first.
        assert.deepEqual(
          first.map((m) => text(m.body)),
          ['g1-1', 'g1-2', 'g1-3'],
        );
        const second = await s.queues.receive('f', { visibilityTimeoutMs: 30_000, max: 10 });
        assert.deepEqual(
          second.map((m) => text(m.body)),
          ['g2-1'],
        );
        // g1 is locked while its batch is in flight, even for new sends into the group.
        await s.queues.send('f', { body: 'g1-4', groupId: 'g1' });
        assert.deepEqual(await s.queues.receive('f', { visibilityTimeoutMs: 30_000, max: 10 }), []);
        // Deleting only a later message of the batch does not unlock the group.
        await s.queues.delete('f', first[2]!.receiptHandle);
        assert.deepEqual(await s.queues.receive('f', { visibilityTimeoutMs: 30_000, max: 10 }), []);
        // Extend the second message; when the others expire only the messages before it return.
        assert.equal(await s.queues.changeVisibility('f', first[1]!.receiptHandle, 120_000), 'ok');
        clock.advance(30_000);
        const third = await s.queues.receive('f', { visibilityTimeoutMs: 30_000, max: 10 });
        assert.deepEqual(
          third.map((m) => text(m.body)),
          ['g1-1', 'g2-1'],
        );
        for (const m of third) await s.queues.delete('f', m.receiptHandle);
        assert.equal(await s.queues.changeVisibility('f', first[1]!.receiptHandle, 0), 'ok');
        const fourth = await s.queues.receive('f', { visibilityTimeoutMs: 30_000, max: 10 });
        assert.deepEqual(
          fourth.map((m) => text(m.body)),
          ['g1-2', 'g1-4'],
        );
      });

      it('drops a duplicate send within the dedup window and accepts it after', async () => {
        const clock = new ManualClock();
        const s = await open({ clock });
        const a = await s.queues.send('f', { body: 'one', groupId: 'g', dedupId: 'd1' });
        const [m] = await s.queues.receive('f', { visibilityTimeoutMs: 1000 });
        await s.queues.delete('f', m!.receiptHandle);
        clock.advance(299_999);
        const dup = await s.queues.send('f', { body: 'again', groupId: 'g', dedupId: 'd1' });
        assert.equal(dup.duplicate, true);
        assert.equal(dup.messageId, a.messageId);
        assert.equal(dup.seq, a.seq);
        assert.equal((await s.queues.stats('f')).visible, 0);
        // Same id, other queue: independent.
        assert.equal((await s.queues.send('f2', { body: 'x', dedupId: 'd1' })).duplicate, false);
        clock.advance(1);
        const later = await s.queues.send('f', { body: 'later', groupId: 'g', dedupId: 'd1' });
        assert.equal(later.duplicate, false);
        assert.notEqual(later.messageId, a.messageId);
        assert.ok(later.seq > a.seq);
        // A purge clears the dedup history.
        assert.equal(await s.queues.purge('f'), 1);
        assert.equal(
          (await s.queues.send('f', { body: 'after purge', groupId: 'g', dedupId: 'd1' }))
            .duplicate,
          false,
        );
      });

      it('deduplicates concurrent sends of one id: exactly one is enqueued', async () => {
        const s = await open();
        const results = await Promise.all(
          Array.from({ length: 10 }, () =>
            s.queues.send('f', { body: 'x', groupId: 'g', dedupId: 'same' }),
          ),
        );
        assert.equal(results.filter((r) => !r.duplicate).length, 1);
        assert.equal(new Set(results.map((r) => r.messageId)).size, 1);
        assert.equal((await s.queues.stats('f')).visible, 1);
      });

      it('moves a message to another queue atomically, keeping its id and receive state', async () => {
        const clock = new ManualClock();
        const s = await open({ clock });
        const sent = await s.queues.send('src', { body: 'poison', attributes: 'attrs' });
        await s.queues.receive('src', { visibilityTimeoutMs: 1000 });
        clock.advance(1000);
        assert.equal(await s.queues.move('src', sent.messageId, 'dlq'), true);
        assert.equal(await s.queues.move('src', sent.messageId, 'dlq'), false);
        assert.deepEqual(await s.queues.stats('src'), { visible: 0, inFlight: 0, delayed: 0 });
        const [m] = await s.queues.receive('dlq', { visibilityTimeoutMs: 1000 });
        assert.equal(m?.messageId, sent.messageId);
        assert.equal(text(m?.body), 'poison');
        assert.equal(m?.attributes, 'attrs');
        assert.equal(m?.receiveCount, 2);
        assert.equal(m?.movedFrom, 'src');
        // A move inside a rolled-back transaction leaves the message where it was.
        clock.advance(1000);
        await assert.rejects(
          s.transaction(async (tx) => {
            assert.equal(await tx.queues.move('dlq', sent.messageId, 'src'), true);
            throw new Error('abort');
          }),
          /abort/,
        );
        assert.equal((await s.queues.stats('dlq')).visible, 1);
        assert.equal((await s.queues.stats('src')).visible, 0);
      });

      it('redrives a message that exceeded maxReceiveCount to the dead-letter queue on receive', async () => {
        const clock = new ManualClock();
        const s = await open({ clock });
        const sent = await s.queues.send('src', { body: 'bad', groupId: 'g' });
        await s.queues.send('src', { body: 'next', groupId: 'g' });
        const redrive = {
          maxReceiveCount: 2,
          deadLetterQueue: 'dlq',
          resetEnqueuedAt: true,
          dedupIdFromMessageId: true,
        };
        for (let i = 0; i < 2; i++) {
          const got = await s.queues.receive('src', { visibilityTimeoutMs: 1000, redrive });
          assert.equal(got[0]?.messageId, sent.messageId);
          clock.advance(1000);
        }
        // Third receive: moved instead of returned, which unblocks the group, so the same
        // receive delivers the next message.
        const third = await s.queues.receive('src', { visibilityTimeoutMs: 1000, redrive });
        assert.deepEqual(
          third.map((m) => text(m.body)),
          ['next'],
        );
        const [moved] = await s.queues.receive('dlq', { visibilityTimeoutMs: 1000 });
        assert.equal(moved?.messageId, sent.messageId);
        assert.equal(moved?.dedupId, sent.messageId);
        assert.equal(moved?.groupId, 'g');
        assert.equal(moved?.enqueuedAt, clock.now());
        assert.deepEqual(await s.queues.receive('src', { visibilityTimeoutMs: 1000, redrive }), []);
      });

      it('keeps filling a redriving batch after moves, without handing a message out twice', async () => {
        const clock = new ManualClock();
        const s = await open({ clock });
        const redrive = { maxReceiveCount: 1, deadLetterQueue: 'dlq' };
        for (const body of ['p1', 'p2']) await s.queues.send('std', { body });
        assert.equal(
          (await s.queues.receive('std', { visibilityTimeoutMs: 1000, max: 2 })).length,
          2,
        );
        clock.advance(1000);
        for (const body of ['a', 'b', 'c']) await s.queues.send('std', { body });
        // p1 and p2 are picked first and moved; the batch still fills up to max from the rest.
        const got = await s.queues.receive('std', { visibilityTimeoutMs: 1000, max: 3, redrive });
        assert.deepEqual(
          got.map((m) => text(m.body)),
          ['a', 'b', 'c'],
        );
        assert.deepEqual(await s.queues.stats('dlq'), { visible: 2, inFlight: 0, delayed: 0 });
        assert.deepEqual(await s.queues.stats('std'), { visible: 0, inFlight: 3, delayed: 0 });

        // Visibility 0 leaves delivered messages visible: the refill must not pick them again.
        await s.queues.send('v0', { body: 'poison' });
        await s.queues.receive('v0', { visibilityTimeoutMs: 1000 });
        clock.advance(1000);
        await s.queues.send('v0', { body: 'fine' });
        const v0 = await s.queues.receive('v0', { visibilityTimeoutMs: 0, max: 10, redrive });
        assert.deepEqual(
          v0.map((m) => text(m.body)),
          ['fine'],
        );
        assert.equal((await s.queues.peek('dlq')).length, 3);
      });

      it(
        'returns at once from a redriving long poll whose move unblocks a FIFO group',
        { timeout: 10_000 },
        async () => {
          const clock = new ManualClock();
          const s = await open({ clock });
          const redrive = { maxReceiveCount: 1, deadLetterQueue: 'fdlq' };
          await s.queues.send('fsrc', { body: 'bad', groupId: 'g' });
          await s.queues.send('fsrc', { body: 'next', groupId: 'g' });
          assert.equal((await s.queues.receive('fsrc', { visibilityTimeoutMs: 1000 })).length, 1);
          clock.advance(1000);
          // The clock never moves again: a poll that slept until its deadline would hang the test.
          const got = await s.queues.receive('fsrc', {
            visibilityTimeoutMs: 1000,
            waitMs: 20_000,
            redrive,
          });
          assert.deepEqual(
            got.map((m) => text(m.body)),
            ['next'],
          );
          assert.equal(text((await s.queues.peek('fdlq'))[0]?.body), 'bad');
        },
      );

      it('applies a visibility change for a stale handle only when asked to', async () => {
        const clock = new ManualClock();
        const s = await open({ clock });
        const apply = { staleHandle: 'apply' } as const;
        await s.queues.send('q', { body: 'm' });
        const [m1] = await s.queues.receive('q', { visibilityTimeoutMs: 1000 });
        clock.advance(1000);
        // Expired, not re-received: rejected by default, applied on request.
        assert.equal(
          await s.queues.changeVisibility('q', m1!.receiptHandle, 5000),
          'not-in-flight',
        );
        assert.equal((await s.queues.stats('q')).visible, 1);
        assert.equal(await s.queues.changeVisibility('q', m1!.receiptHandle, 5000, apply), 'ok');
        assert.deepEqual(await s.queues.stats('q'), { visible: 0, inFlight: 1, delayed: 0 });
        assert.deepEqual(await s.queues.receive('q', { visibilityTimeoutMs: 1000 }), []);
        clock.advance(5000);
        // Superseded by a newer receive: rejected by default; applied to the current receive,
        // whose handle stays the one that deletes.
        const [m2] = await s.queues.receive('q', { visibilityTimeoutMs: 60_000 });
        assert.equal(m2?.receiveCount, 2);
        assert.equal(await s.queues.changeVisibility('q', m1!.receiptHandle, 0), 'invalid-handle');
        assert.equal((await s.queues.stats('q')).inFlight, 1);
        assert.equal(await s.queues.changeVisibility('q', m1!.receiptHandle, 0, apply), 'ok');
        assert.equal((await s.queues.stats('q')).visible, 1);
        assert.equal(await s.queues.delete('q', m1!.receiptHandle), false);
        assert.equal(await s.queues.changeVisibility('q', m2.receiptHandle, 1000, apply), 'ok');
        assert.equal(await s.queues.delete('q', m2.receiptHandle), true);
        // Gone, never received, another queue, or not a handle at all: nothing to apply to.
        assert.equal(
          await s.queues.changeVisibility('q', m2.receiptHandle, 0, apply),
          'invalid-handle',
        );
        const fresh = await s.queues.send('q', { body: 'new' });
        assert.equal(
          await s.queues.changeVisibility('q', `${fresh.messageId}.x`, 5000, apply),
          'invalid-handle',
        );
        assert.equal((await s.queues.stats('q')).visible, 1);
        const [m3] = await s.queues.receive('q', { visibilityTimeoutMs: 1000 });
        assert.equal(
          await s.queues.changeVisibility('other', m3!.receiptHandle, 0, apply),
          'invalid-handle',
        );
        assert.equal(await s.queues.changeVisibility('q', 'garbage', 0, apply), 'invalid-handle');
        assert.equal((await s.queues.stats('q')).inFlight, 1);
      });

      it('purges by enqueue time for retention', async () => {
        const clock = new ManualClock();
        const s = await open({ clock });
        await s.queues.send('q', { body: 'old' });
        await s.queues.send('other', { body: 'old elsewhere' });
        clock.advance(10_000);
        await s.queues.send('q', { body: 'new' });
        assert.equal(await s.queues.purge('q', { enqueuedBefore: clock.now() - 5000 }), 1);
        assert.deepEqual(
          (await s.queues.peek('q')).map((m) => text(m.body)),
          ['new'],
        );
        // Only the named queue is swept; the boundary is exclusive.
        assert.equal((await s.queues.peek('other')).length, 1);
        assert.equal(await s.queues.purge('q', { enqueuedBefore: clock.now() }), 0);
        assert.equal(await s.queues.purge('q', { enqueuedBefore: clock.now() + 1 }), 1);
      });

      it('wakes a long poll on a send, on a delay running out, and returns empty when the wait ends', async () => {
        const clock = new ManualClock();
        const s = await open({ clock });
        const waiting = s.queues.receive('q', { visibilityTimeoutMs: 1000, waitMs: 20_000 });
        await new Promise((r) => setTimeout(r, 20));
        await s.queues.send('q', { body: 'wake' });
        const [woken] = await waiting;
        assert.equal(text(woken?.body), 'wake');
        await s.queues.delete('q', woken!.receiptHandle);

        await s.queues.send('q', { body: 'delayed', delayMs: 3000 });
        const waitingForDelay = s.queues.receive('q', {
          visibilityTimeoutMs: 1000,
          waitMs: 20_000,
        });
        await new Promise((r) => setTimeout(r, 20));
        clock.advance(3000);
        assert.equal(text((await waitingForDelay)[0]?.body), 'delayed');

        const empty = s.queues.receive('empty', { visibilityTimeoutMs: 1000, waitMs: 5000 });
        await new Promise((r) => setTimeout(r, 20));
        clock.advance(5000);
        assert.deepEqual(await empty, []);

        const controller = new AbortController();
        const aborted = s.queues.receive('empty', {
          visibilityTimeoutMs: 1000,
          waitMs: 5000,
          signal: controller.signal,
        });
        controller.abort();
        assert.deepEqual(await aborted, []);
      });
    });

    describe('leases', () => {
      it('grants a lease to one owner, lets it renew, and hands it over only after expiry', async () => {
        const clock = new ManualClock();
        const s = await open({ clock });
        const a = await s.leases.acquire('shard-0', 'node-a', 10_000);
        assert.equal(a?.owner, 'node-a');
        assert.equal(a?.token, 1);
        assert.equal(await s.leases.acquire('shard-0', 'node-b', 10_000), undefined);
        const again = await s.leases.acquire('shard-0', 'node-a', 10_000);
        assert.equal(again?.token, 1);
        clock.advance(9_000);
        const renewed = await s.leases.renew(a, 10_000);
        assert.equal(renewed.expiresAt, clock.now() + 10_000);
        clock.advance(9_000);
        assert.equal(await s.leases.acquire('shard-0', 'node-b', 10_000), undefined);
        clock.advance(1_000);
        const b2 = await s.leases.acquire('shard-0', 'node-b', 10_000);
        assert.equal(b2?.owner, 'node-b');
        assert.equal(b2?.token, 2);
        assert.equal((await s.leases.get('shard-0'))?.owner, 'node-b');
      });

      it('rejects the stale fencing token of a former owner', async () => {
        const clock = new ManualClock();
        const s = await open({ clock });
        const a = (await s.leases.acquire('poller', 'node-a', 1000))!;
        await s.leases.assertHeld(a);
        clock.advance(1000);
        await assert.rejects(s.leases.assertHeld(a), isStoreConflict);
        const b2 = (await s.leases.acquire('poller', 'node-b', 1000))!;
        await assert.rejects(s.leases.renew(a, 1000), isStoreConflict);
        assert.equal(await s.leases.release(a), false);
        // A fenced write by the former owner commits nothing.
        await assert.rejects(
          s.transaction(async (tx) => {
            await tx.kv.put('checkpoints', b('poller'), b('from a'));
            await tx.leases.assertHeld(a);
          }),
          isStoreConflict,
        );
        assert.equal(await s.kv.get('checkpoints', b('poller')), undefined);
        await s.transaction(async (tx) => {
          await tx.leases.assertHeld(b2);
          await tx.kv.put('checkpoints', b('poller'), b('from b'));
        });
        assert.equal(text((await s.kv.get('checkpoints', b('poller')))?.value), 'from b');
        // Release keeps the token counting: the next holder gets a larger one.
        assert.equal(await s.leases.release(b2), true);
        assert.equal(await s.leases.get('poller'), undefined);
        const c = await s.leases.acquire('poller', 'node-c', 1000);
        assert.equal(c?.token, 3);
      });
    });

    describe('transactions', () => {
      it('commits a table write and its stream record together', async () => {
        const s = await open();
        const seq = await s.transaction(async (tx) => {
          await tx.kv.put('table', b('item'), b('v'));
          const [rec] = await tx.logs.append('stream', b('INSERT item'));
          await tx.queues.send('q', { body: 'event' });
          return rec!.seq;
        });
        assert.equal(seq, 1);
        assert.equal(text((await s.kv.get('table', b('item')))?.value), 'v');
        assert.equal((await s.logs.read('stream')).length, 1);
        assert.equal((await s.queues.stats('q')).visible, 1);
      });

      it('rolls back every primitive when the body throws', async () => {
        const clock = new ManualClock();
        const s = await open({ clock });
        await s.kv.put('table', b('item'), b('before'));
        await s.queues.send('q', { body: 'm' });
        await s.blobs.put('blob', 'body');
        const lease = (await s.leases.acquire('l', 'me', 1000))!;
        await assert.rejects(
          s.transaction(async (tx) => {
            await tx.kv.put('table', b('item'), b('after'));
            await tx.kv.put('table', b('new'), b('x'));
            await tx.logs.append('stream', b('record'));
            await tx.queues.send('q', { body: 'uncommitted' });
            const [m] = await tx.queues.receive('q', { visibilityTimeoutMs: 60_000 });
            assert.equal(await tx.queues.delete('q', m!.receiptHandle), true);
            await tx.leases.release(lease);
            assert.equal(await tx.blobs.delete('blob'), true);
            // Reads inside the transaction see its own writes, even through the store itself.
            assert.equal(text((await s.kv.get('table', b('item')))?.value), 'after');
            throw new Error('boom');
          }),
          /boom/,
        );
        assert.equal(text((await s.kv.get('table', b('item')))?.value), 'before');
        assert.equal(await s.kv.get('table', b('new')), undefined);
        assert.deepEqual(await s.logs.bounds('stream'), { firstSeq: undefined, lastSeq: 0 });
        assert.deepEqual(await s.queues.stats('q'), { visible: 1, inFlight: 0, delayed: 0 });
        assert.equal((await s.leases.get('l'))?.owner, 'me');
        const blob = await s.blobs.get('blob');
        assert.ok(blob !== undefined);
        blob.body.resume();
        // A conflict inside a transaction can be caught and the transaction goes on.
        await s.transaction(async (tx) => {
          await assert.rejects(
            tx.kv.put('table', b('item'), b('x'), { ifAbsent: true }),
            isStoreConflict,
          );
          await tx.kv.put('table', b('item'), b('caught'));
        });
        assert.equal(text((await s.kv.get('table', b('item')))?.value), 'caught');
      });

      it('rolls back only a nested transaction that throws', async () => {
        const s = await open();
        await s.transaction(async (tx) => {
          await tx.kv.put('t', b('outer'), b('1'));
          await assert.rejects(
            s.transaction(async (inner) => {
              await inner.kv.put('t', b('inner'), b('1'));
              throw new Error('inner fails');
            }),
            /inner fails/,
          );
        });
        assert.ok((await s.kv.get('t', b('outer'))) !== undefined);
        assert.equal(await s.kv.get('t', b('inner')), undefined);
      });

      it('keeps operations outside a transaction out of it and blind to its uncommitted writes', async () => {
        const s = await open();
        let inside!: () => void;
        const reachedInside = new Promise<void>((r) => (inside = r));
        const tx = s.transaction(async (t) => {
          await t.kv.put('t', b('uncommitted'), b('x'));
          inside();
          await new Promise((r) => setTimeout(r, 30));
          throw new Error('rolled back');
        });
        await reachedInside;
        // Issued while the transaction is open: it must neither join it nor see its write.
        const outside = s.kv.get('t', b('uncommitted'));
        const outsidePut = s.kv.put('t', b('outside'), b('y'));
        await assert.rejects(tx, /rolled back/);
        assert.equal(await outside, undefined);
        assert.equal(await outsidePut, 1);
        assert.equal(text((await s.kv.get('t', b('outside')))?.value), 'y');
      });

      it('keeps concurrent transactions isolated: increments are never lost', async () => {
        const s = await open();
        await s.kv.put('t', b('n'), b('0'));
        await Promise.all(
          Array.from({ length: 10 }, () =>
            s.transaction(async (tx) => {
              const cur = await tx.kv.get('t', b('n'), { forUpdate: true });
              await tx.kv.put('t', b('n'), b(String(Number(text(cur?.value)) + 1)));
            }),
          ),
        );
        assert.equal(text((await s.kv.get('t', b('n')))?.value), '10');
      });
    });

    describe('blobs', () => {
      it('streams bodies in and out, with ranges, replacement and deletion', async () => {
        const s = await open();
        const body = randomBytes(3 * 1024 * 1024 + 17);
        const info = await s.blobs.put(
          'obj',
          Readable.from([body.subarray(0, 1000), body.subarray(1000)]),
        );
        assert.equal(info.size, body.length);
        assert.equal(info.md5, createHash('md5').update(body).digest('hex'));
        assert.deepEqual(await s.blobs.stat('obj'), info);
        const read = async (range?: { start: number; end: number }): Promise<Buffer> => {
          const got = await s.blobs.get('obj', range);
          const parts: Buffer[] = [];
          for await (const c of got!.body) parts.push(c as Buffer);
          return Buffer.concat(parts);
        };
        assert.deepEqual(await read(), body);
        const start = 1024 * 1024 - 10;
        assert.deepEqual(
          await read({ start, end: start + 2 * 1024 * 1024 }),
          body.subarray(start, start + 2 * 1024 * 1024 + 1),
        );
        assert.deepEqual(await read({ start: 5, end: 5 }), body.subarray(5, 6));
        await s.blobs.put('obj', 'replaced');
        assert.equal((await read()).toString(), 'replaced');
        await s.blobs.put('empty', Buffer.alloc(0));
        assert.equal((await s.blobs.stat('empty'))?.size, 0);
        assert.equal(await s.blobs.delete('obj'), true);
        assert.equal(await s.blobs.delete('obj'), false);
        assert.equal(await s.blobs.get('obj'), undefined);
      });

      it('keeps the old body when an upload fails midway', async () => {
        const s = await open();
        await s.blobs.put('obj', 'original');
        function* failing(): Generator<Buffer> {
          yield Buffer.alloc(2 * 1024 * 1024, 1);
          throw new Error('client went away');
        }
        await assert.rejects(s.blobs.put('obj', Readable.from(failing())), /client went away/);
        const got = await s.blobs.get('obj');
        const parts: Buffer[] = [];
        for await (const c of got!.body) parts.push(c as Buffer);
        assert.equal(Buffer.concat(parts).toString(), 'original');
      });

      it('stores and reads back 100 MB without holding it in memory', async (t) => {
        const s = await open();
        const total = 100 * 1024 * 1024;
        const block = randomBytes(256 * 1024);
        const expected = createHash('md5');
        function* source(): Generator<Buffer> {
          for (let i = 0; i < total / block.length; i++) {
            const chunk = Buffer.from(block);
            chunk.writeUInt32BE(i, 0);
            expected.update(chunk);
            yield chunk;
          }
        }
        // Live memory, not garbage awaiting collection: collect before every sample.
        setFlagsFromString('--expose-gc');
        const gc = runInNewContext('gc') as () => void;
        const live = (): number => {
          gc();
          const m = process.memoryUsage();
          return m.heapUsed + m.arrayBuffers;
        };
        const base = live();
        let peak = base;
        const sampler = setInterval(() => {
          peak = Math.max(peak, live());
        }, 200);
        try {
          const info = await s.blobs.put('big', Readable.from(source()));
          assert.equal(info.size, total);
          assert.equal(info.md5, expected.digest('hex'));
          const got = await s.blobs.get('big');
          const actual = createHash('md5');
          let size = 0;
          for await (const c of got!.body) {
            actual.update(c as Buffer);
            size += (c as Buffer).length;
          }
          assert.equal(size, total);
          assert.equal(actual.digest('hex'), info.md5);
        } finally {
          clearInterval(sampler);
        }
        const grewMb = (peak - base) / 1024 / 1024;
        t.diagnostic(`live memory grew by ${grewMb.toFixed(1)} MB`);
        assert.ok(grewMb < 48, `live memory grew by ${grewMb.toFixed(1)} MB while moving 100 MB`);
      });
    });

    describe('durability and processes', () => {
      it('keeps everything committed across a close and reopen', async () => {
        const location = await engine.newLocation();
        const clock = new ManualClock();
        const first = await engine.open(location, { clock });
        await first.kv.put('t', b('k'), b('v'));
        await first.logs.append('l', [b('1'), b('2')]);
        const sent = await first.queues.send('q', { body: 'm', groupId: 'g', dedupId: 'd' });
        await first.blobs.put('blob', 'body');
        const lease = await first.leases.acquire('lease', 'me', 60_000);
        await first.close();
        await assert.rejects(first.kv.get('t', b('k')), (e: unknown) =>
          isStratusError(e, 'ERR_STORE_UNAVAILABLE'),
        );
        const second = await open({ clock }, location);
        assert.equal(text((await second.kv.get('t', b('k')))?.value), 'v');
        assert.deepEqual(await second.logs.bounds('l'), { firstSeq: 1, lastSeq: 2 });
        assert.equal((await second.logs.append('l', b('3')))[0]?.seq, 3);
        assert.equal(
          (await second.queues.send('q', { body: 'm', groupId: 'g', dedupId: 'd' })).messageId,
          sent.messageId,
        );
        assert.equal((await second.blobs.stat('blob'))?.size, 4);
        assert.deepEqual(await second.leases.get('lease'), lease);
      });

      it('keeps every acknowledged write after the writing process is killed with SIGKILL', async () => {
        const location = await engine.newLocation();
        const child = forkChild();
        let last = -1;
        child.on('message', (m: ChildReport) => {
          if (m.kind === 'written') last = m.n;
        });
        const cmd: ChildCommand = { kind: 'write-until-killed', location, options: {} };
        child.send(cmd);
        await nextReport(child, 'ready');
        while (last < 50) await new Promise((r) => setTimeout(r, 5));
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGKILL');
        await exited;
        const acknowledged = last;
        const s = await open({}, location);
        const items = await s.kv.scan('durable', { limit: 1_000_000 });
        assert.ok(
          items.length >= acknowledged + 1,
          `${items.length} items, ${acknowledged + 1} acknowledged`,
        );
        for (let n = 0; n <= acknowledged; n++) {
          assert.equal(text(items[n]?.value), `value-${n}`);
        }
        // The log and the queue are intact and consistent with the items.
        const bounds = await s.logs.bounds('durable-log');
        assert.ok(bounds.lastSeq === items.length);
        const stats = await s.queues.stats('durable-queue');
        assert.ok(stats.visible >= acknowledged + 1);
        // The store is fully usable again.
        await s.kv.put('durable', b('after'), b('restart'));
      });

      it('lets exactly one of two racing processes win each conditional write', async () => {
        const location = await engine.newLocation();
        // Create the store (and schema) before the race so both children only open it.
        await (await engine.open(location, engine.multiProcessOptions)).close();
        const keys = 40;
        const increments = 25;
        const children = [forkChild(), forkChild()];
        const done = children.map((c) => nextReport(c, 'race-done'));
        children.forEach((c, i) => {
          const cmd: ChildCommand = {
            kind: 'race',
            location,
            options: engine.multiProcessOptions,
            keys,
            increments,
            me: `p${i}`,
          };
          c.send(cmd);
        });
        await Promise.all(children.map((c) => nextReport(c, 'ready')));
        for (const c of children) c.send('go');
        const reports = (await Promise.all(done)) as Extract<ChildReport, { kind: 'race-done' }>[];
        const s = await open(engine.multiProcessOptions, location);
        const winners = new Map<number, string>();
        reports.forEach((r, i) => {
          for (const k of r.wins) {
            assert.equal(winners.has(k), false, `key ${k} won twice`);
            winners.set(k, `p${i}`);
          }
        });
        assert.equal(winners.size, keys);
        for (const [k, who] of winners) {
          assert.equal(text((await s.kv.get('race', b(`key-${k}`)))?.value), who);
        }
        assert.equal(text((await s.kv.get('race', b('counter')))?.value), String(2 * increments));
      });
    });
  });
}
