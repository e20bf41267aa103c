/** The handler runs still going in this process, so shutdown can wait for them. */
export class InFlightTracker<Run> {
  private readonly running = new Set<Run>();
  private idle: (() => void) | undefined;

  get size(): number {
    return this.running.size;
  }

  /** The runs still going, oldest first. */
  runs(): IterableIterator<Run> {
    return this.running.values();
  }

  add(run: Run): void {
    this.running.add(run);
  }

  delete(run: Run): void {
    if (!this.running.delete(run) || this.running.size > 0 || !this.idle) return;
    const idle = this.idle;
    this.idle = undefined;
    idle();
  }

  /** Resolves true once nothing runs, or false when `timeoutMs` passed first. */
  drain(timeoutMs: number): Promise<boolean> {
    if (this.running.size === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.idle = undefined;
        resolve(this.running.size === 0);
      }, timeoutMs);
      this.idle = () => {
        clearTimeout(timer);
        resolve(true);
      };
    });
  }
}
