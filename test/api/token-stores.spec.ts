import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryTokenStore } from '../../src/api/tokens/memory-token.store.js';
import { RedisTokenStore } from '../../src/api/tokens/redis-token.store.js';
import type { WeComTokenStore } from '../../src/api/tokens/wecom-token-store.js';
import { startRedisServer, type RunningRedis } from '../support/redis-server.js';

let redis: RunningRedis;
let n = 0;
const makers: Record<string, () => WeComTokenStore> = {
  memory: () => new MemoryTokenStore(),
  redis: () => new RedisTokenStore({ url: redis.url, keyPrefix: `store-spec-${n++}:` }),
};

describe.each(Object.keys(makers))('%s token store', (name) => {
  let store: WeComTokenStore;
  beforeAll(async () => {
    if (name === 'redis') redis = await startRedisServer();
    store = makers[name]();
  });
  afterAll(async () => {
    await store?.close?.();
    await redis?.stop();
  });
  const token = (value: string, lifetimeMs = 60_000) => ({ token: value, expiresAt: Date.now() + lifetimeMs, refreshAt: Date.now() + lifetimeMs / 2 });

  it('invalidates only the token that failed (compare-and-delete), then cools down', async () => {
    await store.set('k1', token('A'));
    expect(await store.invalidate('k1', 'OLD', 1000)).toBe('replaced');
    expect((await store.get('k1'))?.token).toBe('A');
    expect(await store.invalidate('k1', 'A', 1000)).toBe('invalidated');
    expect(await store.get('k1')).toBeUndefined();
    await store.set('k1', token('B'));
    expect(await store.invalidate('k1', 'B', 1000)).toBe('cooling-down');
    expect((await store.get('k1'))?.token).toBe('B');
  });

  it('lets one holder take the refresh lock, and only the holder release it', async () => {
    const first = await store.tryLock('k2', 5000);
    expect(first).toBeDefined();
    expect(await store.tryLock('k2', 5000)).toBeUndefined();
    await store.unlock('k2', 'not-the-holder');
    expect(await store.tryLock('k2', 5000)).toBeUndefined();
    await store.unlock('k2', first!);
    expect(await store.tryLock('k2', 5000)).toBeDefined();
  });

  it('forgets a token at its expiry', async () => {
    await store.set('k3', token('C', 150));
    expect((await store.get('k3'))?.token).toBe('C');
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await store.get('k3')).toBeUndefined();
  });
});
