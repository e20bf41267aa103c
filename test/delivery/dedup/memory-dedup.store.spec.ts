import { describe, expect, it } from 'vitest';
import { MemoryDedupStore } from '../../../src/index.js';

describe('MemoryDedupStore', () => {
  const clock = () => {
    let now = 1_000_000;
    return { now: () => now, advance: (ms: number) => (now += ms) };
  };

  it('sets only when absent, and gives back what was set', async () => {
    const store = new MemoryDedupStore();
    expect(await store.setIfAbsent('k', 'first', 60_000)).toBe(true);
    expect(await store.setIfAbsent('k', 'second', 60_000)).toBe(false);
    expect(await store.get('k')).toBe('first');
    await store.set('k', 'replaced', 60_000);
    expect(await store.get('k')).toBe('replaced');
    await store.delete('k');
    expect(await store.get('k')).toBeUndefined();
    expect(await store.setIfAbsent('k', 'again', 60_000)).toBe(true);
  });

  it('forgets an entry when its TTL has passed, and set() renews the TTL', async () => {
    const time = clock();
    const store = new MemoryDedupStore({ now: time.now });
    await store.setIfAbsent('k', 'v', 1000);
    time.advance(999);
    expect(await store.get('k')).toBe('v');
    await store.set('k', 'v2', 1000);
    time.advance(999);
    expect(await store.get('k')).toBe('v2');
    time.advance(1);
    expect(await store.get('k')).toBeUndefined();
    expect(await store.setIfAbsent('k', 'new', 1000)).toBe(true);
  });

  it('never holds more than maxEntries, forgetting the oldest first', async () => {
    const store = new MemoryDedupStore({ maxEntries: 3 });
    for (const key of ['a', 'b', 'c', 'd', 'e']) await store.setIfAbsent(key, key, 60_000);
    expect(store.size).toBe(3);
    expect(await store.get('a')).toBeUndefined();
    expect(await store.get('b')).toBeUndefined();
    expect(await store.get('e')).toBe('e');
  });

  it('sweeps expired entries on write, so a burst does not stay in memory', async () => {
    const time = clock();
    const store = new MemoryDedupStore({ now: time.now });
    for (let i = 0; i < 1000; i++) await store.setIfAbsent(`old${i}`, 'v', 1000);
    time.advance(1001);
    await store.setIfAbsent('fresh', 'v', 1000);
    expect(store.size).toBe(1);
    expect((store as unknown as { entries: Map<string, unknown> }).entries.size).toBe(1);
  });

  it('evicts the oldest in write order: a rewritten key counts from its last write', async () => {
    const store = new MemoryDedupStore({ maxEntries: 2 });
    await store.setIfAbsent('a', 'pending', 60_000);
    await store.setIfAbsent('b', 'pending', 60_000);
    await store.set('a', 'done', 60_000);
    await store.setIfAbsent('c', 'pending', 60_000);
    expect(await store.get('b')).toBeUndefined();
    expect(await store.get('a')).toBe('done');
    expect(await store.get('c')).toBe('pending');
  });

  it('keeps its write log bounded when entries are deleted behind a long-lived oldest one', async () => {
    const store = new MemoryDedupStore();
    await store.setIfAbsent('long-lived', 'v', 60_000);
    for (let i = 0; i < 10_000; i++) {
      await store.setIfAbsent(`failed${i}`, 'pending', 60_000);
      await store.delete(`failed${i}`);
    }
    expect(await store.get('long-lived')).toBe('v');
    const log = store as unknown as { writes: unknown[]; oldest: number };
    expect(log.writes.length - log.oldest).toBeLessThan(2000);
  });

  it('refuses a maxEntries that cannot bound anything', () => {
    expect(() => new MemoryDedupStore({ maxEntries: 0 })).toThrow(/maxEntries/);
  });

  it('refuses a maxBytes that cannot bound anything', () => {
    expect(() => new MemoryDedupStore({ maxBytes: 100 })).toThrow(/maxBytes/);
  });

  it('never holds more than maxBytes (estimated), forgetting the oldest first, whatever the entry count', async () => {
    const store = new MemoryDedupStore({ maxBytes: 64 * 1024, maxEntries: 1_000_000 });
    const reply = 'r'.repeat(2048);
    for (let i = 0; i < 200; i++) await store.setIfAbsent(`k${i}`, reply, 60_000);
    expect(store.heldBytes).toBeLessThanOrEqual(64 * 1024);
    expect(store.size).toBeLessThan(30); // ~2.4 KB each
    expect(await store.get('k0')).toBeUndefined();
    expect(await store.get('k199')).toBe(reply);
    await store.delete('k199');
    expect(store.heldBytes).toBeLessThan(64 * 1024 - 2048);
  });

  it('compares and sets, and compares and deletes, on the exact value only', async () => {
    const store = new MemoryDedupStore();
    await store.setIfAbsent('k', 'mine', 60_000);
    expect(await store.compareAndSet('k', 'theirs', 'x', 60_000)).toBe(false);
    expect(await store.compareAndSet('k', 'mine', 'renewed', 60_000)).toBe(true);
    expect(await store.get('k')).toBe('renewed');
    expect(await store.compareAndDelete('k', 'mine')).toBe(false);
    expect(await store.compareAndDelete('k', 'renewed')).toBe(true);
    expect(await store.get('k')).toBeUndefined();
    expect(await store.compareAndSet('k', 'renewed', 'x', 60_000)).toBe(false); // absent: nothing to compare
  });

  it('keeps the module\'s records as objects, compared by identity, and shows them through the string API too', async () => {
    const store = new MemoryDedupStore();
    const claim = { state: 'pending' } as const;
    expect(store.claimRecord('k', claim, 60_000)).toBeUndefined();
    expect(store.claimRecord('k', { state: 'pending' }, 60_000)).toBe(claim);
    const done = { state: 'done', reply: undefined } as const;
    expect(store.replaceRecord('k', { state: 'pending' }, done, 60_000, false)).toBe(false); // another claim object
    expect(store.replaceRecord('k', claim, done, 60_000, false)).toBe(true);
    expect(store.readRecord('k')).toBe(done);
    expect(JSON.parse((await store.get('k'))!)).toEqual({ v: 1, state: 'done', reply: null });
    expect(store.deleteRecord('k', claim)).toBe(false);
    expect(store.deleteRecord('k', done)).toBe(true);
    expect(store.replaceRecord('k', claim, done, 60_000, true)).toBe(true); // absent, and allowed to fill it
    expect(store.readRecord('k')).toBe(done);
  });
});
