import { settleBefore } from './ack-deadline.js';

/** The handler runs still going in this process, so shutdown can wait for them. */
export class InFlightTracker {
  private readonly running = new Set<Promise<void>>();

  get size(): number {
    return this.running.size;
  }

  track(run: Promise<unknown>): void {
    // One reaction that also drops the entry, rather than a chain of two, on every callback's path.
    const settled: Promise<void> = run.then(
      () => void this.running.delete(settled),
      () => void this.running.delete(settled), // the failure is logged, and answered, where the run is awaited
    );
    this.running.add(settled);
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
