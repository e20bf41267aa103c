import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { MemoryDedupStore, WeComConfigError, type WeComModuleOptions } from '../../src/index.js';
import { resolveDelivery } from '../../src/config/resolve-delivery.js';
import { createDeliveryApp } from '../support/delivery-handlers.js';
import { OFFICIAL } from '../support/official-keys.js';

const base = { corpId: OFFICIAL.corpId, token: OFFICIAL.token, encodingAESKey: OFFICIAL.encodingAESKey };
const resolve = (extra: Record<string, unknown>) => resolveDelivery({ ...base, ...extra } as WeComModuleOptions);

describe('delivery options: dedup, ackTimeoutMs, shutdownTimeoutMs', () => {
  it('defaults to an in-memory store, a 4000 ms deadline, and a TTL covering retries and the timestamp tolerance', () => {
    const settings = resolve({});
    expect(settings.ackTimeoutMs).toBe(4000);
    expect(settings.shutdownTimeoutMs).toBe(10_000);
    expect(settings.dedup && settings.dedup.store).toBeInstanceOf(MemoryDedupStore);
    expect(settings.dedup && settings.dedup.storeFailure).toBe('fail-closed');
    // 2 × 300 s tolerance + 20 s of WeCom retries + 60 s margin.
    expect(settings.dedup && settings.dedup.ttlMs).toBe(680_000);
    expect(resolve({ timestampToleranceSeconds: 60 }).dedup).toMatchObject({ ttlMs: 200_000 });
  });

  it('turns dedup off with false, and the deadline off with false', () => {
    expect(resolve({ dedup: false, ackTimeoutMs: false })).toMatchObject({ dedup: false, ackTimeoutMs: false });
  });

  it.each([
    [{ ackTimeoutMs: 0 }, /"ackTimeoutMs" must be a whole number of milliseconds > 0, or false/],
    [{ ackTimeoutMs: '4000' }, /"ackTimeoutMs"/],
    [{ shutdownTimeoutMs: -1 }, /"shutdownTimeoutMs"/],
    [{ dedup: true }, /"dedup" must be false or an object/],
    [{ dedup: { ttlSeconds: 0 } }, /"dedup.ttlSeconds" must be a positive number/],
    [{ dedup: { maxEntries: 1.5 } }, /"dedup.maxEntries" must be a whole number/],
    [{ dedup: { store: { get() {} } } }, /"dedup.store" must implement WeComDedupStore \(missing setIfAbsent, set, delete\)/],
    [{ dedup: { store: new MemoryDedupStore(), maxEntries: 10 } }, /"dedup.maxEntries" only sizes the default memory store/],
    [{ dedup: { key: 'MsgId' } }, /"dedup.key" must be a function/],
    [{ dedup: { storeFailure: 'ignore' } }, /"dedup.storeFailure" must be 'fail-closed' or 'fail-open'/],
    [{ dedup: { maxBytes: 1000 } }, /"dedup.maxBytes" must be a whole number of bytes ≥ 65536/],
    [{ dedup: { store: new MemoryDedupStore(), maxBytes: 1 << 20 } }, /"dedup.maxBytes" only sizes the default memory store/],
    [{ dedup: { leaseMs: 500 } }, /"dedup.leaseMs" must be a whole number of milliseconds ≥ 1000/],
    [{ dedup: { leaseMs: 20_000, ttlSeconds: 10 } }, /"dedup.leaseMs" \(20000\) must not exceed dedup.ttlSeconds/],
  ])('refuses %j with a message naming the option', (extra, message) => {
    expect(() => resolve(extra)).toThrow(WeComConfigError);
    expect(() => resolve(extra)).toThrow(message);
  });

  it('defaults the claim lease to 10 s, bounds the memory store by bytes too, and takes both as options', () => {
    const defaults = resolve({});
    expect(defaults.dedup && defaults.dedup.leaseMs).toBe(10_000);
    const sized = resolve({ dedup: { leaseMs: 3000, maxBytes: 1 << 20, maxEntries: 50 } });
    expect(sized.dedup && sized.dedup.leaseMs).toBe(3000);
    const store = (sized.dedup as unknown as { store: MemoryDedupStore }).store;
    expect(store).toBeInstanceOf(MemoryDedupStore);
    expect(resolve({ dedup: { ttlSeconds: 2 } }).dedup).toMatchObject({ leaseMs: 2000 }); // never beyond the TTL
  });

  it('makes app.init() fail on a bad option', async () => {
    await expect(createDeliveryApp({ ackTimeoutMs: -5 })).rejects.toThrow(/WeComModule: option "ackTimeoutMs"/);
  });
});
