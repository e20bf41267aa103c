import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCrashScenario } from './durable-crash.js';
import { compileFaultNode } from './support/compile-fault-node.js';

// The bounded, quick variant of `npm run faults:durable`: real redis-server, real child processes,
// a real kill -9, and every handler invocation counted in Redis, outside the processes.
describe('a process killed with -9 while durable callbacks are handled', () => {
  let compiled: ReturnType<typeof compileFaultNode>;
  beforeAll(() => {
    compiled = compileFaultNode();
  });
  afterAll(() => compiled?.remove());

  it('loses nothing: the jobs of a killed worker run again on the other worker', async () => {
    const report = await runCrashScenario({
      name: 'quick durable',
      durable: true,
      callbacks: 30,
      // Two processes that both receive and work (one boot fewer than the full run's receiver + 2
      // workers); every callback is queued and answered in milliseconds, long before the kill.
      receivers: 2,
      receiversWork: true,
      workers: 0,
      concurrency: 10,
      // The kill lands in the middle of the first wave (20 jobs of 2 s, started within the first
      // second) whatever the load: with 1 s handlers and a kill at 1.5 s, a loaded machine started the
      // first wave late enough that some jobs had recorded "done" but not yet been acked to BullMQ when
      // the process died, so they ran and finished again (at-least-once, not a loss). A lock of 2 s
      // also missed renewals at load 9; 4 s keeps the take-over of the killed one's jobs quick.
      handlerMs: 2000,
      lockMs: 4000,
      stalledMs: 500,
      kill: { role: 'receiver', afterMs: 1200 },
      restart: false,
      timeLimitMs: 60_000,
    }, compiled.entry);
    expect(report).toMatchObject({ sent: 30, answered200: 30, handled: 30, lost: 0, completedTwice: 0 });
    // The kill happened in the middle: the killed worker had started jobs, and they ran again.
    expect(report.startsByPid[report.killedPid]).toBeGreaterThan(0);
    expect(report.ranTwice).toBeGreaterThan(0);
  }, 60_000);

  it('and the same harness sees the loss without durable handlers (answered early, then killed)', async () => {
    const report = await runCrashScenario({
      name: 'quick inline',
      durable: false,
      callbacks: 10,
      handlerMs: 1500,
      ackTimeoutMs: 300,
      receivers: 1,
      receiversWork: false,
      workers: 0,
      kill: { role: 'receiver', afterMs: 900 },
      restart: false,
      timeLimitMs: 60_000,
    }, compiled.entry);
    expect(report).toMatchObject({ sent: 10, answered200: 10, handled: 0, lost: 10 });
  }, 60_000);
});
