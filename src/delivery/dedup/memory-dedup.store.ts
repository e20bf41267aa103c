import { decodeRecord, encodeRecord, type DedupRecord } from './dedup-record.js';
import { approximateRecordBytes, approximateStringBytes, MEMORY_ENTRY_OVERHEAD_BYTES } from './memory-footprint.js';
import type { WeComDedupStore } from './wecom-dedup-store.js';

export interface MemoryDedupStoreOptions {
  /** Most entries kept; beyond it the oldest are forgotten first. Default 20,000. */
  maxEntries?: number;
  /**
   * Most bytes of heap kept (an estimate per entry, calibrated on measured heap); beyond it the
   * oldest entries are forgotten first. Default 16 MiB. Bounds the store when replies are large.
   */
  maxBytes?: number;
  /** The clock, for tests. */
  now?: () => number;
}

/**
 * Measured after GC through the real callback path (`npm run faults -- --rows=memory-store`): about
 * 480 B per remembered text-reply callback, about 2.6 KB with 2 KB replies. 20,000 short entries
 * take ~9 MiB and cover WeCom's whole retry window (~20 s) up to ~1,000 callbacks a second, and the
 * 300 s replay window up to ~65 a second; busier apps, or several replicas, want RedisDedupStore.
 */
export const DEFAULT_MEMORY_MAX_ENTRIES = 20_000;
/** With 2 KB replies the byte bound applies first: about 6,000 entries. */
export const DEFAULT_MEMORY_MAX_BYTES = 16 * 1024 * 1024;

/**
 * The default store: one process, bounded by entry count, bytes and TTL. No timer runs; expired
 * entries are dropped when touched and swept from the oldest end on every write, so an idle app holds
 * nothing alive. Enough for a single replica; several replicas need a shared store (RedisDedupStore).
 *
 * The module keeps its records here as objects (no JSON encoding) and claims synchronously; the
 * string methods of WeComDedupStore work too, for code that uses the store directly.
 */
export class MemoryDedupStore implements WeComDedupStore {
  private readonly entries = new Map<string, Entry>();
  /**
   * Every new entry in order, oldest first, so eviction pops from the front. Sweeping by iterating the
   * Map instead costs a scan over the holes its deletions leave at the front (V8 compacts them only
   * when it rehashes): about 8 µs a write once the store is full. An entry replaced or deleted since
   * stays here until it reaches the front, then is skipped. A record's own transitions (a claim
   * becoming done) update its entry in place, so a callback costs one entry and one log slot.
   */
  private writes: (Entry | undefined)[] = [];
  private oldest = 0;
  private bytes = 0;
  private readonly maxEntries: number;
  private readonly maxBytes: number;
  private readonly now: () => number;

  constructor(options: MemoryDedupStoreOptions = {}) {
    const maxEntries = options.maxEntries ?? DEFAULT_MEMORY_MAX_ENTRIES;
    if (!Number.isInteger(maxEntries) || maxEntries < 1) {
      throw new TypeError(`MemoryDedupStore: maxEntries must be a whole number ≥ 1 (got ${String(maxEntries)}).`);
    }
    const maxBytes = options.maxBytes ?? DEFAULT_MEMORY_MAX_BYTES;
    if (!Number.isInteger(maxBytes) || maxBytes < 64 * 1024) {
      throw new TypeError(`MemoryDedupStore: maxBytes must be a whole number of bytes ≥ 65536 (got ${String(maxBytes)}).`);
    }
    this.maxEntries = maxEntries;
    this.maxBytes = maxBytes;
    this.now = options.now ?? Date.now;
  }

  /** Live entries (expired ones that were not swept yet excluded). */
  get size(): number {
    const now = this.now();
    let live = 0;
    for (const entry of this.entries.values()) if (entry.expiresAt > now) live++;
    return live;
  }

  /** The estimated heap its entries hold, in bytes (what `maxBytes` bounds). */
  get heldBytes(): number {
    return this.bytes;
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    const now = this.now();
    if (this.live(key, now) !== undefined) return false;
    this.add(key, value, ttlMs, now);
    return true;
  }

  async get(key: string): Promise<string | undefined> {
    const entry = this.live(key, this.now());
    if (entry === undefined) return undefined;
    return typeof entry.value === 'string' ? entry.value : encodeRecord(entry.value);
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    this.add(key, value, ttlMs, this.now());
  }

  async delete(key: string): Promise<void> {
    this.remove(key);
  }

  async compareAndSet(key: string, expected: string, value: string, ttlMs: number): Promise<boolean> {
    const now = this.now();
    const entry = this.live(key, now);
    if (entry === undefined || (typeof entry.value === 'string' ? entry.value : encodeRecord(entry.value)) !== expected) return false;
    this.update(entry, value, ttlMs, now);
    return true;
  }

  async compareAndDelete(key: string, expected: string): Promise<boolean> {
    const entry = this.live(key, this.now());
    if (entry === undefined || (typeof entry.value === 'string' ? entry.value : encodeRecord(entry.value)) !== expected) return false;
    this.remove(key);
    return true;
  }

  // The record API the module's memory ledger uses: synchronous, objects compared by identity.

  /** @internal Stores `record` if the key is free and returns undefined; otherwise returns what holds it. */
  claimRecord(key: string, record: DedupRecord, ttlMs: number): DedupRecord | undefined {
    const now = this.now();
    const entry = this.live(key, now);
    if (entry === undefined) {
      this.add(key, record, ttlMs, now);
      return undefined;
    }
    return typeof entry.value === 'string' ? (decodeRecord(entry.value) ?? UNREADABLE) : entry.value;
  }

  /** @internal The live record under `key`; UNREADABLE for a string this version cannot decode. */
  readRecord(key: string): DedupRecord | undefined {
    const entry = this.live(key, this.now());
    if (entry === undefined) return undefined;
    return typeof entry.value === 'string' ? (decodeRecord(entry.value) ?? UNREADABLE) : entry.value;
  }

  /** @internal Replaces `expected` (by identity) with `next`; when the key is free, stores `next` if `orIfAbsent`. */
  replaceRecord(key: string, expected: DedupRecord, next: DedupRecord, ttlMs: number, orIfAbsent: boolean): boolean {
    const now = this.now();
    const entry = this.live(key, now);
    if (entry === undefined) {
      if (orIfAbsent) this.add(key, next, ttlMs, now);
      return orIfAbsent;
    }
    if (entry.value !== expected) return false;
    this.update(entry, next, ttlMs, now);
    return true;
  }

  /** @internal Deletes `key` if it still holds `expected` (by identity). */
  deleteRecord(key: string, expected: DedupRecord): boolean {
    const entry = this.live(key, this.now());
    if (entry === undefined || entry.value !== expected) return false;
    this.remove(key);
    return true;
  }

  private live(key: string, now: number): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt > now) return entry;
    this.remove(key);
    return undefined;
  }

  private add(key: string, value: Value, ttlMs: number, now: number): void {
    // Keys are app name + MsgId or a hex digest: one byte per character.
    const bytes = MEMORY_ENTRY_OVERHEAD_BYTES + key.length + bytesOf(value);
    const entry: Entry = { key, value, expiresAt: now + ttlMs, bytes };
    const previous = this.entries.get(key);
    if (previous) this.bytes -= previous.bytes;
    this.entries.set(key, entry);
    this.bytes += bytes;
    this.writes.push(entry);
    this.sweep(now);
  }

  private update(entry: Entry, value: Value, ttlMs: number, now: number): void {
    const bytes = MEMORY_ENTRY_OVERHEAD_BYTES + entry.key.length + bytesOf(value);
    this.bytes += bytes - entry.bytes;
    entry.value = value;
    entry.bytes = bytes;
    entry.expiresAt = now + ttlMs;
    if (this.bytes > this.maxBytes) this.sweep(now);
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }

  /** Forgets from the oldest write on: superseded ones, then expired ones or any beyond the bounds. */
  private sweep(now: number): void {
    while (this.oldest < this.writes.length) {
      const entry = this.writes[this.oldest]!;
      const current = this.entries.get(entry.key) === entry;
      if (current && this.entries.size <= this.maxEntries && this.bytes <= this.maxBytes && entry.expiresAt > now) break;
      if (current) this.remove(entry.key);
      // Let go of it now: the popped front is only cut off later, and would hold evicted replies until then.
      this.writes[this.oldest++] = undefined;
    }
    // Drop the popped front once it is most of the array, and superseded writes once they outnumber the
    // entries (many deletes behind a long-lived oldest entry), so the log costs O(1) a write and stays bounded.
    if (this.oldest > 1024 && this.oldest * 2 > this.writes.length) {
      this.writes = this.writes.slice(this.oldest);
      this.oldest = 0;
    } else if (this.writes.length - this.oldest > 1024 + 4 * this.entries.size) {
      this.writes = this.writes.slice(this.oldest).filter((entry) => entry !== undefined && this.entries.get(entry.key) === entry);
      this.oldest = 0;
    }
  }
}

/** A value under a key that no record decodes from (written by something else). */
export const UNREADABLE: DedupRecord = Object.freeze({ state: 'pending', owner: '\u0000unreadable' });

type Value = DedupRecord | string;

interface Entry {
  readonly key: string;
  value: Value;
  expiresAt: number;
  bytes: number;
}

function bytesOf(value: Value): number {
  return typeof value === 'string' ? approximateStringBytes(value) : approximateRecordBytes(value);
}
