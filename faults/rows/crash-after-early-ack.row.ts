import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { deliver, msgIds, textCallback, WECOM_RETRIES, type RetryPolicy } from '../support/wecom-sender.js';
import { Lab, waitFor, type FaultRow, type Scale } from '../support/fault-row.js';

const SCALES = {
  full: { callbacks: 50, handlerMs: 8000, ackTimeoutMs: 4000, killAtMs: 6000, policy: WECOM_RETRIES },
  quick: { callbacks: 5, handlerMs: 3000, ackTimeoutMs: 1000, killAtMs: 1800, policy: { attempts: 4, timeoutMs: 2000, intervalMs: 2000, afterResetMs: 200 } },
} satisfies Record<Scale, { callbacks: number; handlerMs: number; ackTimeoutMs: number; killAtMs: number; policy: RetryPolicy }>;

/**
 * Handlers outlive the ack deadline, so WeCom gets its early 200; then the replica is killed -9 before
 * they finish. Without a durable queue those callbacks are lost (WeCom does not retry a 200). What
 * this row checks beyond the loss: the dead replica's claims must not outlive it, so a replay of the
 * callbacks on a fresh replica runs them within seconds instead of being swallowed for the TTL.
 */
export const crashAfterEarlyAck: FaultRow = {
  id: 'crash-after-early-ack',
  fault: 'handler of 8 s, replica killed -9 at 6 s (after the early 200), Redis store',
  issue: '50 sent, 50 answered 200, 50 lost; the claim stays pending 662 s, so a manual replay is swallowed for 11 minutes',
  run: (scale) =>
    Lab.run(async (lab) => {
      const { callbacks, handlerMs, ackTimeoutMs, killAtMs, policy } = SCALES[scale];
      const redis = await lab.redis();
      const settings = { store: { kind: 'redis-url', url: redis.url }, handlerMs, ackTimeoutMs } as const;
      // A second replica is up already, as it would be behind a balancer; it gets only the replay.
      const [first, second] = await lab.apps(2, settings);
      const ids = msgIds(callbacks);
      const requests = ids.map((id) => textCallback(id));
      const started = Date.now();
      const deliveries = Promise.all(ids.map((id, i) => deliver(id, requests[i], () => (first.alive ? first.url : undefined), policy)));
      await sleep(killAtMs - (Date.now() - started));
      await first.kill('SIGKILL');
      const killedAt = Date.now();
      const answered = (await deliveries).filter((delivery) => delivery.acked && delivery.attempts.length === 1).length;
      const afterCrash = lab.ledger.tally(ids);

      const client = new Redis(redis.url, { lazyConnect: true });
      await client.connect();
      const ttls = await Promise.all(ids.map((id) => client.pttl(`nestjs-wecom:dedup:default:msg:${id}`)));
      await client.quit();
      const claimLeftMs = Math.max(...ttls);

      // An operator (or WeCom, had it retried) sends the same callbacks again, half a second after the crash.
      await sleep(Math.max(0, killedAt + 500 - Date.now()));
      const replayAt = Date.now();
      const replays = await Promise.all(ids.map((id, i) => deliver(id, requests[i], () => second.url, policy)));
      // Runs taken over answer WeCom early too: give them the time to finish.
      await waitFor(() => lab.ledger.tally(ids).completed === callbacks, handlerMs + 2000, 'the replayed runs').catch(() => undefined);
      const replayed = lab.ledger.tally(ids);
      const firstRunMs = Math.min(...replays.map((r) => (r.acked ? r.attempts[r.attempts.length - 1].endedAt : Infinity))) - replayAt;
      const claimGoneMs = replayAt - killedAt; // how long after the crash the replay began
      return {
        figures:
          `${callbacks} sent, ${answered} answered 200, ${afterCrash.lost} lost at the crash; the claims had ${(claimLeftMs / 1000).toFixed(1)} s left; ` +
          `replayed ${(claimGoneMs / 1000).toFixed(1)} s after the crash: ${replayed.completed} of ${callbacks} ran` +
          (Number.isFinite(firstRunMs) ? ` (first answer after ${(firstRunMs / 1000).toFixed(1)} s)` : ''),
        numbers: { sent: callbacks, answered200: answered, lostAtCrash: afterCrash.lost, claimLeftMs, replayedRan: replayed.completed, replayStartedAfterMs: claimGoneMs },
      };
    }),
};
