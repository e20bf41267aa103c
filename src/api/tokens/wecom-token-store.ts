/** An access token as kept in a store. Times are epoch milliseconds. */
export interface StoredToken {
  readonly token: string;
  /** When WeCom stops accepting it (fetched at + expires_in). */
  readonly expiresAt: number;
  /** When a replica should fetch the next one (by default 5 minutes before expiresAt). */
  readonly refreshAt: number;
}

/**
 * - `invalidated`: the store held the failed token and dropped it; the next `get` fetches a new one.
 * - `replaced`: the store holds another token (or none): someone already refreshed, use what is there.
 * - `cooling-down`: a forced refresh of this key happened within the cooldown; the token is kept.
 */
export type TokenInvalidation = 'invalidated' | 'replaced' | 'cooling-down';

/**
 * Where access tokens are shared. `MemoryTokenStore` (the default) serves one process; a
 * `RedisTokenStore` serves every replica, so that N replicas make one `gettoken`, not N.
 * Keys are made by the module (kind, corp, app and a hash of the secret), never the secret itself.
 */
export interface WeComTokenStore {
  get(key: string): Promise<StoredToken | undefined>;
  /** Keeps the token until its `expiresAt`. */
  set(key: string, token: StoredToken): Promise<void>;
  /**
   * Compare-and-delete: drops the token only if it is still `failedToken`, and only if no forced
   * refresh of `key` happened in the last `cooldownMs` (then starts that cooldown). Atomic.
   */
  invalidate(key: string, failedToken: string, cooldownMs: number): Promise<TokenInvalidation>;
  /** Takes the refresh lock of `key` for at most `ttlMs`; resolves with a lock id, or undefined if someone holds it. */
  tryLock(key: string, ttlMs: number): Promise<string | undefined>;
  /** Releases the lock if `lockId` still holds it. */
  unlock(key: string, lockId: string): Promise<void>;
  /** Called at application shutdown. */
  close?(): Promise<void>;
}
