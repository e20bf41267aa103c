/** How many handler runs are still going in this process, so shutdown can wait for them. A count, not a set: nothing per run. */
export class InFlightTracker {
  private running = 0;
  private idle: Array<() => void> = [];

  get size(): number {
    return this.running;
  }

  add(): void {
    this.running++;
  }

  delete(): void {
    if (--this.running > 0 || this.idle.length === 0) return;
    const idle = this.idle;
    this.idle = [];
    for (const resolve of idle) resolve();
  }

  /** Resolves true once nothing runs, or false when `timeoutMs` passed first. */
  drain(timeoutMs: number): Promise<boolean> {
    if (this.running === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.idle = this.idle.filter((waiting) => waiting !== done);
        resolve(this.running === 0);
      }, timeoutMs);
      this.idle.push(done);
    });
  }
}
