import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisDedupStore, type DedupRedisClient } from '../../../src/index.js';
import { freePort } from '../../support/free-port.js';
import { startRedisServer, type RunningRedis } from '../../support/redis-server.js';

describe('RedisDedupStore (real redis-server)', () => {
  let redis: RunningRedis;
  let client: Redis;

  beforeAll(async () => {
    redis = await startRedisServer();
    client = new Redis(redis.url);
  });
  afterAll(async () => {
    await client.quit();
    await redis.stop();
  });

  it('accepts an ioredis client as it is', () => {
    const typed: DedupRedisClient = client; // compile-time check that ioredis fits the structural type
    expect(typed).toBe(client);
  });

  it('lets exactly one of many concurrent claimers win, through separate connections', async () => {
    const stores = Array.from({ length: 10 }, () => new RedisDedupStore({ url: redis.url }));
    try {
      const results = await Promise.all(stores.flatMap((store) => Array.from({ length: 10 }, () => store.setIfAbsent('race', 'v', 60_000))));
      expect(results.filter(Boolean)).toHaveLength(1);
    } finally {
      await Promise.all(stores.map((store) => store.close()));
    }
  });

  it('stores with the TTL in milliseconds under its key prefix, and reads, replaces and deletes', async () => {
    const store = new RedisDedupStore({ client, keyPrefix: 'test:' });
    expect(await store.setIfAbsent('k', 'first', 30_000)).toBe(true);
    expect(await store.setIfAbsent('k', 'second', 30_000)).toBe(false);
    expect(await client.get('test:k')).toBe('first');
    const pttl = await client.pttl('test:k');
    expect(pttl).toBeGreaterThan(25_000);
    expect(pttl).toBeLessThanOrEqual(30_000);
    await store.set('k', 'replaced', 90_000);
    expect(await store.get('k')).toBe('replaced');
    expect(await client.pttl('test:k')).toBeGreaterThan(60_000);
    await store.delete('k');
    expect(await store.get('k')).toBeUndefined();
  });

  it('lets the entry expire on its own', async () => {
    const store = new RedisDedupStore({ client });
    await store.setIfAbsent('short', 'v', 30);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(await store.get('short')).toBeUndefined();
  });

  it('does not close a client it was given, and closes the one it opened', async () => {
    await new RedisDedupStore({ client }).close();
    expect(client.status).toBe('ready');
    const owned = new RedisDedupStore({ url: redis.url });
    await owned.get('x');
    await owned.close();
    await expect(owned.get('x')).resolves.toBeUndefined(); // reopens lazily after close
    await owned.close();
  });

  it('fails fast, within its command timeout, when Redis is unreachable', async () => {
    const store = new RedisDedupStore({ url: `redis://127.0.0.1:${await freePort()}`, commandTimeoutMs: 200 });
    try {
      await expect(store.setIfAbsent('k', 'v', 1000)).rejects.toThrow();
    } finally {
      await store.close();
    }
  });

  it('refuses options it cannot use', () => {
    expect(() => new RedisDedupStore({})).toThrow(/exactly one of/);
    expect(() => new RedisDedupStore({ url: 'localhost:6379' })).toThrow(/redis:\/\//);
    expect(() => new RedisDedupStore({ url: 'redis://x', client })).toThrow(/exactly one of/);
  });

  it('compares and sets, and compares and deletes, atomically on the exact value (Lua), and reloads its scripts after SCRIPT FLUSH', async () => {
    const store = new RedisDedupStore({ client, keyPrefix: 'cas:' });
    await store.setIfAbsent('k', 'mine', 30_000);
    expect(await store.compareAndSet('k', 'theirs', 'x', 30_000)).toBe(false);
    expect(await store.compareAndSet('k', 'mine', 'renewed', 5000)).toBe(true);
    expect(await client.get('cas:k')).toBe('renewed');
    expect(await client.pttl('cas:k')).toBeLessThanOrEqual(5000);
    await client.script('FLUSH');
    expect(await store.compareAndDelete('k', 'mine')).toBe(false);
    expect(await store.compareAndDelete('k', 'renewed')).toBe(true);
    expect(await client.exists('cas:k')).toBe(0);
  });

  it('names its connection as a session, which another store sees alive, then gone once the connection closes', async () => {
    const holder = new RedisDedupStore({ url: redis.url });
    const watcher = new RedisDedupStore({ url: redis.url });
    try {
      await holder.get('x');
      await watcher.get('x');
      const session = holder.session()!;
      expect(session).toMatch(/^[0-9a-f]+:\d+$/);
      expect(await watcher.isSessionAlive(session)).toBe(true);
      await holder.close();
      expect(await watcher.isSessionAlive(session)).toBe(false);
      expect(await watcher.isSessionAlive(`another-server-run:${session.split(':')[1]}`)).toBeUndefined(); // cannot tell
    } finally {
      await holder.close();
      await watcher.close();
    }
  });

  it('refuses a client without call(), which its scripts need', () => {
    const { call: _call, ...withoutCall } = { set: client.set, get: client.get, del: client.del, quit: client.quit, call: client.call };
    expect(() => new RedisDedupStore({ client: withoutCall as never })).toThrow(/needs call/);
  });
});
