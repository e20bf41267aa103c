import type { WeComDedupStore } from './wecom-dedup-store.js';

export interface MemoryDedupStoreOptions {
  /** Most entries kept; beyond it the oldest are forgotten first. Default 20,000 (about 8 MiB). */
  maxEntries?: number;
  /** The clock, for tests. */
  now?: () => number;
}

/**
 * About 425 bytes of heap per remembered text-reply callback (measured), so 20,000 entries cost ~8 MiB.
 * That still covers WeCom's whole retry window (~20 s) up to ~1,000 callbacks a second, and the
 * 300 s replay window up to ~65 a second; busier apps, or several replicas, want RedisDedupStore.
 */
export const DEFAULT_MEMORY_MAX_ENTRIES = 20_000;

/**
 * The default store: one process, bounded by entry count and TTL. No timer runs; expired entries
 * are dropped when touched and swept from the oldest end on every write, so an idle app holds
 * nothing alive. Enough for a single replica; several replicas need a shared store (RedisDedupStore).
 */
export class MemoryDedupStore implements WeComDedupStore {
  private readonly entries = new Map<string, Entry>();
  /**
   * Every write in order, oldest first, so eviction pops from the front. Sweeping by iterating the Map
   * instead costs a scan over the holes its deletions leave at the front (V8 compacts them only when
   * it rehashes): about 8 µs a write once the store is full, which was most of what dedup cost.
   * An entry rewritten or deleted since stays here until it reaches the front, then is skipped.
   */
  private writes: Entry[] = [];
  private oldest = 0;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(options: MemoryDedupStoreOptions = {}) {
    const maxEntries = options.maxEntries ?? DEFAULT_MEMORY_MAX_ENTRIES;
    if (!Number.isInteger(maxEntries) || maxEntries < 1) {
      throw new TypeError(`MemoryDedupStore: maxEntries must be a whole number ≥ 1 (got ${String(maxEntries)}).`);
    }
    this.maxEntries = maxEntries;
    this.now = options.now ?? Date.now;
  }

  /** Live entries (expired ones that were not swept yet excluded). */
  get size(): number {
    const now = this.now();
    let live = 0;
    for (const entry of this.entries.values()) if (entry.expiresAt > now) live++;
    return live;
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    if (this.live(key) !== undefined) return false;
    this.write(key, value, ttlMs);
    return true;
  }

  async get(key: string): Promise<string | undefined> {
    return this.live(key);
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    this.write(key, value, ttlMs);
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }

  private live(key: string): string | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt > this.now()) return entry.value;
    this.entries.delete(key);
    return undefined;
  }

  private write(key: string, value: string, ttlMs: number): void {
    const entry: Entry = { key, value, expiresAt: this.now() + ttlMs };
    this.entries.set(key, entry);
    this.writes.push(entry);
    this.sweep();
  }

  /** Forgets from the oldest write on: superseded ones, then expired ones or any beyond maxEntries. */
  private sweep(): void {
    const now = this.now();
    while (this.oldest < this.writes.length) {
      const entry = this.writes[this.oldest];
      const current = this.entries.get(entry.key) === entry;
      if (current && this.entries.size <= this.maxEntries && entry.expiresAt > now) break;
      if (current) this.entries.delete(entry.key);
      this.oldest++;
    }
    // Drop the popped front once it is most of the array, and superseded writes once they outnumber the
    // entries (many deletes behind a long-lived oldest entry), so the log costs O(1) a write and stays bounded.
    if (this.oldest > 1024 && this.oldest * 2 > this.writes.length) {
      this.writes = this.writes.slice(this.oldest);
      this.oldest = 0;
    } else if (this.writes.length - this.oldest > 1024 + 4 * this.entries.size) {
      this.writes = this.writes.slice(this.oldest).filter((entry) => this.entries.get(entry.key) === entry);
      this.oldest = 0;
    }
  }
}

interface Entry {
  readonly key: string;
  readonly value: string;
  readonly expiresAt: number;
}
