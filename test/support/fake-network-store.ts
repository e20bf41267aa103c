import type { WeComDedupStore } from '../../src/index.js';

type Operation = 'setIfAbsent' | 'get' | 'set' | 'delete' | 'compareAndSet' | 'compareAndDelete' | 'isSessionAlive';

/**
 * A WeComDedupStore that behaves like one across a network: every call answers on a later turn of
 * the event loop, entries expire on the clock, and a spec can look inside, hang it, or say which
 * sessions are gone. It records every call, so specs assert on what the executor asked.
 */
export class FakeNetworkStore implements WeComDedupStore {
  readonly entries = new Map<string, { value: string; expiresAt: number }>();
  readonly calls: { op: Operation; key: string; args: unknown[] }[] = [];
  /** Calls of these operations never answer. */
  readonly hung = new Set<Operation>();
  /** Sessions whose connection is gone; others are alive. undefined: the store cannot tell. */
  deadSessions: Set<string> | undefined = new Set();
  currentSession: string | undefined = 'session-here';
  /** Answer setIfAbsent this many ms late (after the caller's deadline, typically). */
  setIfAbsentDelayMs = 0;

  constructor(cas = true) {
    if (!cas) {
      this.compareAndSet = undefined;
      this.compareAndDelete = undefined;
    }
  }

  count(op: Operation): number {
    return this.calls.filter((call) => call.op === op).length;
  }

  value(key: string): string | undefined {
    const entry = this.entries.get(key);
    return entry && entry.expiresAt > Date.now() ? entry.value : undefined;
  }

  put(key: string, value: string, ttlMs: number): void {
    this.entries.set(key, { value, expiresAt: Date.now() + ttlMs });
  }

  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    return this.answer('setIfAbsent', key, [value, ttlMs], () => {
      if (this.value(key) !== undefined) return false;
      this.put(key, value, ttlMs);
      return true;
    }, this.setIfAbsentDelayMs);
  }

  get(key: string): Promise<string | undefined> {
    return this.answer('get', key, [], () => this.value(key));
  }

  set(key: string, value: string, ttlMs: number): Promise<void> {
    return this.answer('set', key, [value, ttlMs], () => void this.put(key, value, ttlMs));
  }

  delete(key: string): Promise<void> {
    return this.answer('delete', key, [], () => void this.entries.delete(key));
  }

  compareAndSet? = (key: string, expected: string, value: string, ttlMs: number): Promise<boolean> =>
    this.answer('compareAndSet', key, [expected, value, ttlMs], () => {
      if (this.value(key) !== expected) return false;
      this.put(key, value, ttlMs);
      return true;
    });

  compareAndDelete? = (key: string, expected: string): Promise<boolean> =>
    this.answer('compareAndDelete', key, [expected], () => {
      if (this.value(key) !== expected) return false;
      this.entries.delete(key);
      return true;
    });

  session(): string | undefined {
    return this.currentSession;
  }

  isSessionAlive(session: string): Promise<boolean | undefined> {
    return this.answer('isSessionAlive', session, [], () => (this.deadSessions ? !this.deadSessions.has(session) : undefined));
  }

  private answer<T>(op: Operation, key: string, args: unknown[], effect: () => T, delayMs = 0): Promise<T> {
    this.calls.push({ op, key, args });
    if (this.hung.has(op)) return new Promise<T>(() => undefined);
    return new Promise<T>((resolve) => {
      const run = () => resolve(effect());
      if (delayMs > 0) setTimeout(run, delayMs);
      else setImmediate(run);
    });
  }
}
