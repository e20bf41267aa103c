/**
 * Where deduplication remembers which callbacks it has seen, shared by every replica that should
 * count as one. Four string operations are required, so Memcached (`add`), DynamoDB (conditional put)
 * or a SQL table can back it as well as the built-in memory and Redis stores; the optional ones make
 * claims safer and are used whenever present (README "Your own store").
 *
 * Keys arrive already scoped by app; values are opaque strings the module encodes itself. Any
 * method may throw or reject when the backend is unreachable; the `dedup.storeFailure` option decides
 * what the callback then gets. Every call is bounded by the module (by the ack deadline on the
 * request path), so a store that hangs costs a 503, never WeCom's 5 seconds.
 */
export interface WeComDedupStore {
  /** Stores `value` under `key` for `ttlMs` **only if the key is absent**, atomically; true if it did. */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  /** The live value under `key`, or undefined when absent or expired. */
  get(key: string): Promise<string | undefined>;
  /** Stores `value` under `key` for `ttlMs`, replacing what was there. */
  set(key: string, value: string, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;

  /**
   * Optional, since 0.2. Replaces the value under `key` with `value` for `ttlMs` **only if the current
   * value is exactly `expected`**, atomically; true if it did. A run renews, completes and hands over
   * its claim with it, so a run whose claim lapsed can never overwrite the record of the run that
   * took it over. Without it the module reads, compares and then writes: two calls, with a window in
   * which a concurrent takeover can be overwritten.
   */
  compareAndSet?(key: string, expected: string, value: string, ttlMs: number): Promise<boolean>;
  /** Optional, since 0.2. Deletes `key` **only if its value is exactly `expected`**, atomically; true if it did. */
  compareAndDelete?(key: string, expected: string): Promise<boolean>;

  /**
   * Optional, since 0.2: who is still there. `session()` names this process's current connection to
   * the store (undefined while it has none); claims carry it. `isSessionAlive(session)` says whether
   * that connection is still open: true, false, or undefined when the store cannot tell. A replica
   * waiting on a claim whose holder's session is gone (its process died) takes the claim over at
   * once instead of waiting for the lease to lapse. Never answer false when unsure: a false "gone"
   * lets a second run start while the first is alive.
   */
  session?(): string | undefined;
  isSessionAlive?(session: string): Promise<boolean | undefined>;

  /** Called once on application shutdown, after in-flight handlers finished; release connections here. */
  close?(): Promise<void>;
}
