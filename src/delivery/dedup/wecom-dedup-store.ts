/**
 * Where deduplication remembers which callbacks it has seen, shared by every replica that should
 * count as one. Four string operations, so Memcached (`add`), DynamoDB (conditional put) or a SQL
 * table can back it as well as the built-in memory and Redis stores.
 *
 * Keys arrive already scoped by app; values are opaque strings the module encodes itself. Any
 * method may throw or reject when the backend is unreachable; the `dedup.storeFailure` option decides
 * what the callback then gets.
 */
export interface WeComDedupStore {
  /** Stores `value` under `key` for `ttlMs` **only if the key is absent**, atomically; true if it did. */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  /** The live value under `key`, or undefined when absent or expired. */
  get(key: string): Promise<string | undefined>;
  /** Stores `value` under `key` for `ttlMs`, replacing what was there. */
  set(key: string, value: string, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
  /** Called once on application shutdown, after in-flight handlers finished; release connections here. */
  close?(): Promise<void>;
}
