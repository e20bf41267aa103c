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
  ])('refuses %j with a message naming the option', (extra, message) => {
    expect(() => resolve(extra)).toThrow(WeComConfigError);
    expect(() => resolve(extra)).toThrow(message);
  });

  it('makes app.init() fail on a bad option', async () => {
    await expect(createDeliveryApp({ ackTimeoutMs: -5 })).rejects.toThrow(/WeComModule: option "ackTimeoutMs"/);
  });
});
