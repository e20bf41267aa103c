import { randomUUID } from 'node:crypto';
import type { StoredToken, TokenInvalidation, WeComTokenStore } from './wecom-token-store.js';

/** The default store: tokens shared by everything in this process (several apps, several modules). */
export class MemoryTokenStore implements WeComTokenStore {
  private readonly tokens = new Map<string, StoredToken>();
  private readonly cooldowns = new Map<string, number>();
  private readonly locks = new Map<string, { id: string; until: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  async get(key: string): Promise<StoredToken | undefined> {
    const stored = this.tokens.get(key);
    if (stored && stored.expiresAt <= this.now()) {
      this.tokens.delete(key);
      return undefined;
    }
    return stored;
  }

  async set(key: string, token: StoredToken): Promise<void> {
    this.tokens.set(key, token);
  }

  async invalidate(key: string, failedToken: string, cooldownMs: number): Promise<TokenInvalidation> {
    const stored = await this.get(key);
    if (!stored || stored.token !== failedToken) return 'replaced';
    const now = this.now();
    if ((this.cooldowns.get(key) ?? 0) > now) return 'cooling-down';
    this.cooldowns.set(key, now + cooldownMs);
    this.tokens.delete(key);
    return 'invalidated';
  }

  async tryLock(key: string, ttlMs: number): Promise<string | undefined> {
    const now = this.now();
    const held = this.locks.get(key);
    if (held && held.until > now) return undefined;
    const id = randomUUID();
    this.locks.set(key, { id, until: now + ttlMs });
    return id;
  }

  async unlock(key: string, lockId: string): Promise<void> {
    if (this.locks.get(key)?.id === lockId) this.locks.delete(key);
  }
}
