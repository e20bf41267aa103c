import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import { WeComApiTransportError } from '../../errors/wecom-api.error.js';
import { LOGGER_CONTEXT } from '../../wecom.constants.js';
import type { TokenFetchReason, TokenSource } from './token-source.js';
import type { StoredToken, TokenInvalidation, WeComTokenStore } from './wecom-token-store.js';

export interface TokenProviderOptions {
  readonly store: WeComTokenStore;
  /** Fetch the next token this long before the current one expires. Default 300000 (5 minutes). */
  readonly refreshAheadMs?: number;
  /** At most one forced refresh (after 40014/42001…) per token per this many ms. Default 30000. */
  readonly forcedRefreshCooldownMs?: number;
  /** The distributed lock's lease: longer than one token fetch can take. Default 15000. */
  readonly lockTtlMs?: number;
  /** After a failed fetch, calls within this many ms get the same error instead of another fetch. Default 2000. */
  readonly failureBackoffMs?: number;
  /** How often a replica waiting on another's fetch looks at the store. Default 50. */
  readonly pollIntervalMs?: number;
  readonly now?: () => number;
}

export const DEFAULT_REFRESH_AHEAD_MS = 5 * 60_000;
export const DEFAULT_FORCED_REFRESH_COOLDOWN_MS = 30_000;

/**
 * Every kind of token, shared: one fetch per key at a time in this process (single-flight), and with a
 * shared store one at a time across replicas (lock, then re-check the store: whoever waited finds the
 * token the lock holder stored). Tokens are refreshed ahead of expiry; a token WeCom refused is dropped
 * only if it is still the stored one (compare-and-delete), at most once per cooldown.
 */
export class TokenProvider {
  private readonly logger = new Logger(LOGGER_CONTEXT);
  private readonly store: WeComTokenStore;
  private readonly refreshAheadMs: number;
  private readonly cooldownMs: number;
  private readonly lockTtlMs: number;
  private readonly failureBackoffMs: number;
  private readonly pollIntervalMs: number;
  private readonly now: () => number;
  /** What this process last read or fetched, so a warm call costs no store round trip. */
  private readonly local = new Map<string, StoredToken>();
  private readonly flights = new Map<string, Promise<StoredToken>>();
  private readonly failures = new Map<string, { error: unknown; until: number }>();
  private readonly pendingReason = new Map<string, TokenFetchReason>();
  /** Forced refreshes decided here while the store was unreachable: the cooldown still holds. */
  private readonly localCooldowns = new Map<string, number>();
  private lastStoreWarning = 0;
  /** Fetches made by this provider, by key: for tests, the bench and diagnostics. */
  readonly fetchCounts = new Map<string, number>();

  constructor(options: TokenProviderOptions) {
    this.store = options.store;
    this.refreshAheadMs = options.refreshAheadMs ?? DEFAULT_REFRESH_AHEAD_MS;
    this.cooldownMs = options.forcedRefreshCooldownMs ?? DEFAULT_FORCED_REFRESH_COOLDOWN_MS;
    this.lockTtlMs = options.lockTtlMs ?? 15_000;
    this.failureBackoffMs = options.failureBackoffMs ?? 2000;
    this.pollIntervalMs = options.pollIntervalMs ?? 50;
    this.now = options.now ?? Date.now;
  }

  /** A token of `source` that is not due for refresh; fetches one only if no replica has. */
  async get(source: TokenSource): Promise<string> {
    const cached = this.local.get(source.key);
    if (cached && cached.refreshAt > this.now()) return cached.token;
    let flight = this.flights.get(source.key);
    if (!flight) {
      flight = this.obtain(source).finally(() => this.flights.delete(source.key));
      this.flights.set(source.key, flight);
    }
    return (await flight).token;
  }

  /**
   * WeCom refused `failedToken`: drop it, unless another replica already replaced it or a forced
   * refresh happened within the cooldown.
   */
  async invalidate(source: TokenSource, failedToken: string): Promise<TokenInvalidation> {
    const wasCurrent = this.local.get(source.key)?.token === failedToken;
    if (wasCurrent) this.local.delete(source.key);
    let outcome: TokenInvalidation;
    try {
      outcome = await this.store.invalidate(source.key, failedToken, this.cooldownMs);
    } catch (error) {
      this.storeFailed(error);
      if (!wasCurrent) return 'replaced'; // another call here already dropped it
      const now = this.now();
      if ((this.localCooldowns.get(source.key) ?? 0) > now) return 'cooling-down';
      this.localCooldowns.set(source.key, now + this.cooldownMs);
      outcome = 'invalidated';
    }
    if (outcome === 'invalidated') this.pendingReason.set(source.key, 'invalidated');
    return outcome;
  }

  /** Forgets what this process cached (not the store): for tests and after a secret rotation. */
  forgetLocal(): void {
    this.local.clear();
    this.failures.clear();
  }

  async close(): Promise<void> {
    await this.store.close?.();
  }

  private async obtain(source: TokenSource): Promise<StoredToken> {
    const failed = this.failures.get(source.key);
    if (failed && failed.until > this.now()) throw failed.error;
    const waitUntil = this.now() + this.lockTtlMs + this.pollIntervalMs;
    for (;;) {
      let stored: StoredToken | undefined;
      let lockId: string | undefined;
      try {
        stored = await this.store.get(source.key);
        if (stored && stored.refreshAt > this.now()) return this.remember(source.key, stored);
        lockId = await this.store.tryLock(source.key, this.lockTtlMs);
      } catch (error) {
        // Fail open: the store is for sharing, and WeCom still answers. Single-flight and the local
        // cache keep this process to one fetch per key meanwhile.
        this.storeFailed(error);
        return this.fetchAndStore(source, this.pendingReason.get(source.key) ?? 'missing');
      }
      if (lockId !== undefined) {
        try {
          // Re-check under the lock: the replica that held it before us may have just stored a token.
          const again = await this.store.get(source.key).catch((error: unknown) => void this.storeFailed(error));
          if (again && again.refreshAt > this.now()) return this.remember(source.key, again);
          return await this.fetchAndStore(source, again ? 'refresh' : (this.pendingReason.get(source.key) ?? 'missing'));
        } finally {
          await this.store.unlock(source.key, lockId).catch(() => undefined);
        }
      }
      // Another replica is fetching. A token not yet expired still serves meanwhile (refresh ahead).
      if (stored && stored.expiresAt > this.now()) {
        this.local.set(source.key, { ...stored, refreshAt: Math.min(stored.expiresAt, this.now() + 1000) });
        return stored;
      }
      if (this.now() > waitUntil) {
        throw new WeComApiTransportError('timeout', `waited ${this.lockTtlMs} ms for another process to fetch the ${source.label} token`, '(token)');
      }
      await sleep(this.pollIntervalMs);
    }
  }

  private async fetchAndStore(source: TokenSource, reason: TokenFetchReason): Promise<StoredToken> {
    this.pendingReason.delete(source.key);
    let fetched;
    try {
      this.fetchCounts.set(source.key, (this.fetchCounts.get(source.key) ?? 0) + 1);
      fetched = await source.fetch(reason);
    } catch (error) {
      this.failures.set(source.key, { error, until: this.now() + this.failureBackoffMs });
      throw error;
    }
    this.failures.delete(source.key);
    const fetchedAt = this.now();
    const lifetimeMs = fetched.expiresInSeconds * 1000;
    // Refresh ahead, but never later than half-way for short-lived tokens (a fake API's 10 s tokens).
    const ahead = Math.min(this.refreshAheadMs, lifetimeMs / 2);
    const token: StoredToken = { token: fetched.token, expiresAt: fetchedAt + lifetimeMs, refreshAt: fetchedAt + lifetimeMs - ahead };
    await this.store.set(source.key, token).catch((error: unknown) => this.storeFailed(error));
    this.logger.debug(`${source.label}: new token fetched (${reason}), valid ${fetched.expiresInSeconds} s`);
    return this.remember(source.key, token);
  }

  /** At most one warning every 10 s: an unreachable store would otherwise log on every call. */
  private storeFailed(error: unknown): void {
    const now = this.now();
    if (now - this.lastStoreWarning < 10_000) return;
    this.lastStoreWarning = now;
    this.logger.warn(`token store unreachable (${error instanceof Error ? error.message : String(error)}): tokens are fetched and kept in this process until it answers again`);
  }

  private remember(key: string, token: StoredToken): StoredToken {
    this.local.set(key, token);
    return token;
  }
}
