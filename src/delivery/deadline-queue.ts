import type { DeadlineResult } from './ack-deadline.js';

const EXPIRED: DeadlineResult<never> = Object.freeze({ inTime: false });

/** What a deadline calls when it passes. */
export interface Expirable {
  expire(): void;
}

/** A wait in the queue; `cancel` it when what it waited for came in time. */
export interface Deadline {
  readonly at: number;
  target: Expirable | undefined;
}

/**
 * Many deadlines on one timer. A timer per request (setTimeout, clearTimeout, Promise.race)
 * measurably slowed the callback path; here a wait is an entry in a queue sorted by deadline, and a
 * single timer is armed for the earliest one. Deadlines are "now + ackTimeoutMs", so they arrive
 * almost in order and insertion is O(1) in practice; a cancelled wait is just marked and dropped when
 * it reaches the front.
 */
export class DeadlineQueue {
  private waiters: Deadline[] = [];
  private first = 0;
  private timer: NodeJS.Timeout | undefined;
  private armedFor = Infinity;

  /** Calls `target.expire()` when the clock reaches `at` (epoch ms), unless cancelled first. */
  add(at: number, target: Expirable): Deadline {
    const waiter: Deadline = { at, target };
    let index = this.waiters.length;
    while (index > this.first && this.waiters[index - 1].at > at) index--;
    if (index === this.waiters.length) this.waiters.push(waiter);
    else this.waiters.splice(index, 0, waiter);
    if (at < this.armedFor) this.arm(at);
    else this.timer?.ref();
    return waiter;
  }

  cancel(waiter: Deadline): void {
    if (waiter.target === undefined) return;
    waiter.target = undefined;
    while (this.first < this.waiters.length && this.waiters[this.first].target === undefined) this.first++;
    if (this.first === this.waiters.length) {
      this.waiters = [];
      this.first = 0;
      // Nothing waits: the armed timer may fire later and find nothing, but must not keep the process alive.
      this.timer?.unref();
    } else if (this.first > 1024 && this.first * 2 > this.waiters.length) {
      this.waiters = this.waiters.slice(this.first);
      this.first = 0;
    }
  }

  /** Waits for `promise` until the clock reaches `deadlineAt` (epoch ms); rejects if it rejects in time. */
  settleBefore<T>(promise: Promise<T>, deadlineAt: number): Promise<DeadlineResult<T>> {
    return new Promise<DeadlineResult<T>>((resolve, reject) => {
      const waiter = this.add(deadlineAt, { expire: () => resolve(EXPIRED) });
      promise.then(
        (value) => {
          this.cancel(waiter);
          resolve({ inTime: true, value });
        },
        (error: unknown) => {
          this.cancel(waiter);
          reject(error);
        },
      );
    });
  }

  private arm(at: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.armedFor = at;
    this.timer = setTimeout(() => this.fire(), Math.max(0, at - Date.now()));
  }

  private fire(): void {
    this.timer = undefined;
    this.armedFor = Infinity;
    const now = Date.now();
    const due: Expirable[] = [];
    while (this.first < this.waiters.length && this.waiters[this.first].at <= now) {
      const waiter = this.waiters[this.first++];
      if (waiter.target) due.push(waiter.target);
      waiter.target = undefined;
    }
    // Skip what was cancelled in the meantime, so the timer is armed for a wait that is still open.
    while (this.first < this.waiters.length && this.waiters[this.first].target === undefined) this.first++;
    if (this.first === this.waiters.length) {
      this.waiters = [];
      this.first = 0;
    } else {
      this.arm(this.waiters[this.first].at);
    }
    for (const target of due) target.expire();
  }
}
