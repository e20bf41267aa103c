import { defaultDedupTtlSeconds, DEFAULT_ACK_TIMEOUT_MS, DEFAULT_CLAIM_LEASE_MS, DEFAULT_SHUTDOWN_TIMEOUT_MS } from '../delivery/dedup/dedup.constants.js';
import { MemoryDedupStore } from '../delivery/dedup/memory-dedup.store.js';
import type { DeliverySettings } from '../delivery/delivery-settings.js';
import { DEFAULT_TIMESTAMP_TOLERANCE_SECONDS } from '../wecom.constants.js';
import { ConfigProblems } from '../errors/config-problems.js';
import type { WeComModuleOptions } from './wecom-options.interface.js';

const STORE_METHODS = ['setIfAbsent', 'get', 'set', 'delete'] as const;
/** Below a second the heartbeat would renew every 250 ms and a GC pause could lapse a claim. */
const MIN_LEASE_MS = 1000;
const MIN_MEMORY_BYTES = 64 * 1024;

/** Validates `dedup`, `ackTimeoutMs` and `shutdownTimeoutMs`; throws one WeComConfigError listing every problem. */
export function resolveDelivery(options: WeComModuleOptions): DeliverySettings {
  const problems = new ConfigProblems();
  const settings = collectDelivery(options, problems);
  problems.report();
  return settings as DeliverySettings;
}

/** The delivery settings, or undefined when `problems` got one. */
export function collectDelivery(options: WeComModuleOptions, problems: ConfigProblems): DeliverySettings | undefined {
  const before = problems.count;
  const fail = (option: string, problem: string) => problems.add(undefined, option, problem);
  const ackTimeoutMs = options.ackTimeoutMs ?? DEFAULT_ACK_TIMEOUT_MS;
  if (ackTimeoutMs !== false && !(Number.isInteger(ackTimeoutMs) && ackTimeoutMs > 0)) {
    fail('ackTimeoutMs', `must be a whole number of milliseconds > 0, or false (got ${String(ackTimeoutMs)}). WeCom waits 5000 ms; 4000 leaves room for the network.`);
  }
  const shutdownTimeoutMs = options.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS;
  if (!(Number.isInteger(shutdownTimeoutMs) && shutdownTimeoutMs >= 0)) {
    fail('shutdownTimeoutMs', `must be a whole number of milliseconds ≥ 0 (got ${String(shutdownTimeoutMs)}).`);
  }

  const dedup = options.dedup ?? {};
  if (dedup === false) return problems.count === before ? { dedup: false, ackTimeoutMs, shutdownTimeoutMs } : undefined;
  if (typeof dedup !== 'object' || dedup === null) {
    fail('dedup', `must be false or an object { store?, ttlSeconds?, leaseMs?, maxEntries?, maxBytes?, key?, storeFailure? } (got ${String(dedup)}).`);
    return undefined;
  }
  const tolerance = typeof options.timestampToleranceSeconds === 'number' ? options.timestampToleranceSeconds : DEFAULT_TIMESTAMP_TOLERANCE_SECONDS;
  const ttlSeconds = dedup.ttlSeconds ?? defaultDedupTtlSeconds(tolerance);
  if (typeof ttlSeconds !== 'number' || !Number.isFinite(ttlSeconds) || ttlSeconds <= 0) {
    fail('dedup.ttlSeconds', `must be a positive number of seconds (got ${String(ttlSeconds)}); it should cover WeCom's retries and the timestamp tolerance.`);
  }
  if (dedup.store !== undefined) {
    const missing = STORE_METHODS.filter((method) => typeof (dedup.store as unknown as Record<string, unknown>)?.[method] !== 'function');
    if (missing.length > 0) fail('dedup.store', `must implement WeComDedupStore (missing ${missing.join(', ')}).`);
    if (dedup.maxEntries !== undefined) fail('dedup.maxEntries', 'only sizes the default memory store; size your own store yourself, or drop "store".');
    if (dedup.maxBytes !== undefined) fail('dedup.maxBytes', 'only sizes the default memory store; size your own store yourself, or drop "store".');
  } else if (dedup.maxEntries !== undefined && !(Number.isInteger(dedup.maxEntries) && dedup.maxEntries > 0)) {
    fail('dedup.maxEntries', `must be a whole number > 0 (got ${String(dedup.maxEntries)}).`);
  }
  if (dedup.store === undefined && dedup.maxBytes !== undefined && !(Number.isInteger(dedup.maxBytes) && dedup.maxBytes >= MIN_MEMORY_BYTES)) {
    fail('dedup.maxBytes', `must be a whole number of bytes ≥ ${MIN_MEMORY_BYTES} (got ${String(dedup.maxBytes)}); the default is 16 MiB.`);
  }
  if (dedup.leaseMs !== undefined) {
    if (!(Number.isInteger(dedup.leaseMs) && dedup.leaseMs >= MIN_LEASE_MS)) {
      fail('dedup.leaseMs', `must be a whole number of milliseconds ≥ ${MIN_LEASE_MS} (got ${String(dedup.leaseMs)}); it is renewed every quarter of itself while handlers run.`);
    }
    if (dedup.leaseMs > ttlSeconds * 1000) fail('dedup.leaseMs', `(${dedup.leaseMs}) must not exceed dedup.ttlSeconds (${ttlSeconds} s).`);
  }
  const leaseMs = dedup.leaseMs ?? Math.min(DEFAULT_CLAIM_LEASE_MS, ttlSeconds * 1000);
  if (dedup.key !== undefined && typeof dedup.key !== 'function') fail('dedup.key', 'must be a function (payload, ctx) => string | undefined.');
  const storeFailure = dedup.storeFailure ?? 'fail-closed';
  if (storeFailure !== 'fail-closed' && storeFailure !== 'fail-open') {
    fail('dedup.storeFailure', `must be 'fail-closed' or 'fail-open' (got ${String(storeFailure)}).`);
  }
  if (problems.count !== before) return undefined;
  return {
    dedup: {
      store: dedup.store ?? new MemoryDedupStore({ maxEntries: dedup.maxEntries, maxBytes: dedup.maxBytes }),
      ttlMs: ttlSeconds * 1000,
      leaseMs,
      key: dedup.key,
      storeFailure,
    },
    ackTimeoutMs,
    shutdownTimeoutMs,
  };
}
