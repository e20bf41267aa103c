/**
 * Renews the leases of every claim this process holds, on one timer, while their handlers run: a
 * claim in a shared store lapses only if its process stops (dies, or stalls longer than the lease),
 * never because the handlers are slow. The timer is unref'd and stops when nothing is held.
 */
export class ClaimHeartbeat<Run> {
  private readonly held = new Set<Run>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly intervalMs: number,
    private readonly renew: (run: Run) => void,
  ) {}

  get size(): number {
    return this.held.size;
  }

  add(run: Run): void {
    this.held.add(run);
    if (this.timer) return;
    this.timer = setInterval(() => {
      for (const held of this.held) this.renew(held);
    }, this.intervalMs);
    this.timer.unref();
  }

  delete(run: Run): void {
    if (!this.held.delete(run) || this.held.size > 0 || !this.timer) return;
    clearInterval(this.timer);
    this.timer = undefined;
  }

  stop(): void {
    this.held.clear();
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
