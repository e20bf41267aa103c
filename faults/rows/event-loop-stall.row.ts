import { deliver, msgIds, textCallback, WECOM_RETRIES, type RetryPolicy } from '../support/wecom-sender.js';
import { describeCounts, Lab, statusCounts, waitFor, type FaultRow, type Scale } from '../support/fault-row.js';

const SCALES = {
  full: { callbacks: 20, handlerMs: 1000, ackTimeoutMs: 4000, stallMs: 7000, policy: WECOM_RETRIES },
  quick: { callbacks: 10, handlerMs: 500, ackTimeoutMs: 1000, stallMs: 3000, policy: { attempts: 4, timeoutMs: 1500, intervalMs: 1500, afterResetMs: 200 } },
} satisfies Record<Scale, { callbacks: number; handlerMs: number; ackTimeoutMs: number; stallMs: number; policy: RetryPolicy }>;

/**
 * A replica claims callbacks, then its event loop stalls (a synchronous loop) for longer than the old
 * claim lease (6 s): no timer, no renewal, no answer runs meanwhile. WeCom times out and retries on
 * the other replica. The callbacks must still run once: the stalled replica is alive (its Redis
 * connection is open), so its claims are not taken over; when it wakes, its runs finish.
 */
export const eventLoopStall: FaultRow = {
  id: 'event-loop-stall',
  fault: 'event-loop stall of 7 s (longer than the old 6 s claim lease), two replicas on Redis',
  issue: '8 of 20 handled twice: the lease lapsed before the early-ack renewal',
  run: (scale) =>
    Lab.run(async (lab) => {
      const { callbacks, handlerMs, ackTimeoutMs, stallMs, policy } = SCALES[scale];
      const redis = await lab.redis();
      const [stalled, other] = await lab.apps(2, { store: { kind: 'redis-url', url: redis.url }, handlerMs, ackTimeoutMs });
      const ids = msgIds(callbacks);
      // First attempts reach the replica that will stall; WeCom's retries reach the other one.
      const deliveries = Promise.all(ids.map((id) => deliver(id, textCallback(id), (attempt) => (attempt === 0 ? stalled.url : other.url), policy)));
      await waitFor(() => [...lab.ledger.read().values()].reduce((sum, entry) => sum + entry.starts, 0) >= callbacks, 20_000, 'every handler to start');
      stalled.stall(stallMs);
      const done = await deliveries;
      await waitFor(() => lab.ledger.tally(ids).completed === callbacks, handlerMs + stallMs + 10_000, 'the runs to finish').catch(() => undefined);
      const tally = lab.ledger.tally(ids);
      const statuses = statusCounts(done.flatMap((d) => d.attempts.map((a) => a.status)));
      return {
        figures: `${callbacks} sent, ${tally.handledTwice} handled twice, ${tally.lost} lost; WeCom saw ${describeCounts(statuses)}`,
        numbers: { sent: callbacks, handledTwice: tally.handledTwice, lost: tally.lost, neverAcked: done.filter((d) => !d.acked).length },
      };
    }),
};
