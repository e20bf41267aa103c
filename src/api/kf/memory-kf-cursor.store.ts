import { randomUUID } from 'node:crypto';
import type { KfCursorStore } from './kf-cursor.store.js';

/** The default: one process. The cursor is lost on restart, so the next fetch starts 3 days back (deduplicated by msgid while this process lives). */
export class MemoryKfCursorStore implements KfCursorStore {
  private readonly cursors = new Map<string, string>();
  private readonly locks = new Map<string, { id: string; until: number }>();
  private readonly pending = new Map<string, string>();
  private readonly handled = new Map<string, number>();

  constructor(
    private readonly now: () => number = Date.now,
    /** Bound on remembered msgids; the oldest go first. */
    private readonly maxMessages = 50_000,
  ) {}

  async getCursor(account: string): Promise<string | undefined> {
    return this.cursors.get(account);
  }

  async setCursor(account: string, cursor: string): Promise<void> {
    this.cursors.set(account, cursor);
  }

  async tryLock(account: string, ttlMs: number): Promise<string | undefined> {
    const held = this.locks.get(account);
    if (held && held.until > this.now()) return undefined;
    const id = randomUUID();
    this.locks.set(account, { id, until: this.now() + ttlMs });
    return id;
  }

  async renewLock(account: string, lockId: string, ttlMs: number): Promise<boolean> {
    const held = this.locks.get(account);
    if (!held || held.id !== lockId) return false;
    held.until = this.now() + ttlMs;
    return true;
  }

  async unlock(account: string, lockId: string): Promise<void> {
    if (this.locks.get(account)?.id === lockId) this.locks.delete(account);
  }

  async markPending(account: string, syncToken: string): Promise<void> {
    this.pending.set(account, syncToken);
  }

  async takePending(account: string): Promise<string | undefined> {
    const token = this.pending.get(account);
    this.pending.delete(account);
    return token;
  }

  async isMessageHandled(account: string, msgid: string): Promise<boolean> {
    const until = this.handled.get(`${account}\u0000${msgid}`);
    return until !== undefined && until > this.now();
  }

  async markMessageHandled(account: string, msgid: string, ttlMs: number): Promise<void> {
    const key = `${account}\u0000${msgid}`;
    this.handled.delete(key); // re-insert at the end: Map order is the eviction order
    this.handled.set(key, this.now() + ttlMs);
    while (this.handled.size > this.maxMessages) this.handled.delete(this.handled.keys().next().value as string);
  }
}
