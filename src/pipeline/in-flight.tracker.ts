import { settleBefore } from './ack-deadline.js';

/** The handler runs still going in this process, so shutdown can wait for them. */
export class InFlightTracker {
  private readonly running = new Set<Promise<void>>();

  get size(): number {
    return this.running.size;
  }

  track(run: Promise<unknown>): void {
    const settled = run.then(
      () => undefined,
      () => undefined, // the failure is logged, and answered, where the run is awaited
    );
    this.running.add(settled);
    void settled.then(() => this.running.delete(settled));
  }

  /** Resolves true once nothing runs, or false when `timeoutMs` passed first. */
  async drain(timeoutMs: number): Promise<boolean> {
    const deadlineAt = Date.now() + timeoutMs;
    while (this.running.size > 0) {
      const { inTime } = await settleBefore(Promise.all(this.running), deadlineAt);
      if (!inTime) return false;
    }
    return true;
  }
}
