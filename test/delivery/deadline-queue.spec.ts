import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DeadlineQueue } from '../../src/delivery/deadline-queue.js';

describe('DeadlineQueue', () => {
  beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => vi.useRealTimers());

  const deferred = <T>() => {
    let resolve!: (value: T) => void;
    let reject!: (error: unknown) => void;
    const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
    return { promise, resolve, reject };
  };

  it('gives the value when the promise settles first, and rejects when it rejects in time', async () => {
    const queue = new DeadlineQueue();
    const ok = deferred<string>();
    const failing = deferred<string>();
    const okResult = queue.settleBefore(ok.promise, Date.now() + 1000);
    const failResult = queue.settleBefore(failing.promise, Date.now() + 1000);
    ok.resolve('reply');
    failing.reject(new Error('handler failed'));
    await expect(okResult).resolves.toEqual({ inTime: true, value: 'reply' });
    await expect(failResult).rejects.toThrow('handler failed');
    expect(vi.getTimerCount()).toBeLessThanOrEqual(1);
  });

  it('expires each wait at its own deadline, on one timer, even when deadlines arrive out of order', async () => {
    const queue = new DeadlineQueue();
    const expired: string[] = [];
    const wait = (name: string, offset: number, promise: Promise<unknown>) =>
      void queue.settleBefore(promise, Date.now() + offset).then((result) => result.inTime || expired.push(name));
    const early = deferred<void>();
    wait('b', 2000, new Promise(() => undefined));
    wait('a', 1000, new Promise(() => undefined));
    wait('settled', 1500, early.promise);
    wait('c', 3000, new Promise(() => undefined));
    expect(vi.getTimerCount()).toBe(1);

    early.resolve();
    await vi.advanceTimersByTimeAsync(999);
    expect(expired).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(expired).toEqual(['a']);
    await vi.advanceTimersByTimeAsync(1000);
    expect(expired).toEqual(['a', 'b']);
    await vi.advanceTimersByTimeAsync(1000);
    expect(expired).toEqual(['a', 'b', 'c']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('lets a late settlement change nothing once a wait expired', async () => {
    const queue = new DeadlineQueue();
    const late = deferred<string>();
    const result = queue.settleBefore(late.promise, Date.now() + 100);
    await vi.advanceTimersByTimeAsync(100);
    late.resolve('too late');
    await expect(result).resolves.toEqual({ inTime: false });
  });
});
