/**
 * A map bounded by entry count, by bytes and by age, that forgets oldest-first in O(1). Entries are
 * kept in insertion order in an array with a moving head (not by iterating the Map from its front,
 * which crawls over the holes its deletions leave until V8 rehashes it).
 */
export class BoundedFifo<V> {
  private readonly entries = new Map<string, Slot<V>>();
  private order: (Slot<V> | undefined)[] = [];
  private head = 0;
  private bytes = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly maxBytes: number,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get heldBytes(): number {
    return this.bytes;
  }

  /** The live value, or undefined (an expired one is dropped on the way). */
  get(key: string): V | undefined {
    const slot = this.entries.get(key);
    if (!slot) return undefined;
    if (slot.until > this.now()) return slot.value;
    this.drop(slot);
    return undefined;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** Adds or replaces; a replaced value keeps its place in the order and its expiry unless `until` is given. */
  set(key: string, value: V, bytes: number, until?: number): void {
    const slot = this.entries.get(key);
    if (slot) {
      this.bytes += bytes - slot.bytes;
      slot.value = value;
      slot.bytes = bytes;
      if (until !== undefined) slot.until = until;
    } else {
      const added: Slot<V> = { key, value, bytes, until: until ?? Infinity };
      this.entries.set(key, added);
      this.order.push(added);
      this.bytes += bytes;
    }
    this.sweep();
  }

  delete(key: string): void {
    const slot = this.entries.get(key);
    if (slot) this.drop(slot);
  }

  /** Forgets from the oldest on: dropped ones, then expired ones or any beyond the bounds. */
  private sweep(): void {
    const now = this.now();
    while (this.head < this.order.length) {
      const slot = this.order[this.head]!;
      const current = this.entries.get(slot.key) === slot;
      if (current && this.entries.size <= this.maxEntries && this.bytes <= this.maxBytes && slot.until > now) break;
      if (current) this.drop(slot);
      // Let go of it now: the popped front is only cut off later, and would hold what was evicted until then.
      this.order[this.head++] = undefined;
    }
    if (this.head > 1024 && this.head * 2 > this.order.length) {
      this.order = this.order.slice(this.head);
      this.head = 0;
    } else if (this.order.length - this.head > 1024 + 4 * this.entries.size) {
      this.order = this.order.slice(this.head).filter((slot) => slot !== undefined && this.entries.get(slot.key) === slot);
      this.head = 0;
    }
  }

  private drop(slot: Slot<V>): void {
    if (this.entries.get(slot.key) !== slot) return;
    this.entries.delete(slot.key);
    this.bytes -= slot.bytes;
  }
}

interface Slot<V> {
  readonly key: string;
  value: V;
  bytes: number;
  until: number;
}
