import { setTimeout as sleep } from 'node:timers/promises';
import { deliver, msgIds, textCallback, WECOM_RETRIES, type Delivery, type RetryPolicy } from '../support/wecom-sender.js';
import { describeCounts, Lab, statusCounts, type FaultRow, type Scale } from '../support/fault-row.js';

const SCALES = {
  full: { callbacks: 300, perSecond: 150, handlerMs: 1500, ackTimeoutMs: 4000, killAtMs: 1000, policy: WECOM_RETRIES },
  quick: { callbacks: 20, perSecond: 200, handlerMs: 1500, ackTimeoutMs: 1000, killAtMs: 300, policy: { attempts: 4, timeoutMs: 2000, intervalMs: 2000, afterResetMs: 200 } },
} satisfies Record<Scale, { callbacks: number; perSecond: number; handlerMs: number; ackTimeoutMs: number; killAtMs: number; policy: RetryPolicy }>;

/**
 * Two replicas on one Redis behind a load balancer that alternates; one is killed -9 while it holds
 * claims. WeCom sees the reset and retries 500 ms later, and the retry reaches the survivor, which
 * must run the callback (take the dead replica's claim over), not answer an empty 200 for it.
 */
export const replicaKilled: FaultRow = {
  id: 'replica-killed',
  fault: 'two replicas on Redis, one killed -9, WeCom retries 500 ms after the reset',
  issue: '35 of 300 lost: the survivor waits only until its own deadline while the dead claim lives, then answers an empty 200',
  run: (scale) =>
    Lab.run(async (lab) => {
      const { callbacks, perSecond, handlerMs, ackTimeoutMs, killAtMs, policy } = SCALES[scale];
      const redis = await lab.redis();
      const [doomed, survivor] = await lab.apps(2, { store: { kind: 'redis-url', url: redis.url }, handlerMs, ackTimeoutMs });
      const replicas = [doomed, survivor];
      const ids = msgIds(callbacks);
      const started = Date.now();
      const sends: Promise<Delivery>[] = [];
      const killed = (async () => {
        await sleep(killAtMs);
        await doomed.kill('SIGKILL');
      })();
      for (let i = 0; i < callbacks; i++) {
        await sleep(Math.max(0, started + (i * 1000) / perSecond - Date.now()));
        // The balancer alternates, and sends nothing to a replica it saw die.
        const route = (attemptIndex: number) => {
          const preferred = replicas[(i + attemptIndex) % 2];
          return preferred.alive ? preferred.url : survivor.url;
        };
        sends.push(deliver(ids[i], textCallback(ids[i]), route, policy));
      }
      await killed;
      const deliveries = await Promise.all(sends);
      await sleep(handlerMs + 500); // runs the survivor took over finish after their early 200
      const tally = lab.ledger.tally(ids);
      const statuses = statusCounts(deliveries.flatMap((d) => d.attempts.map((a) => a.status)));
      const unanswered = deliveries.filter((d) => !d.acked).length;
      return {
        figures: `${callbacks} sent, ${tally.lost} lost, ${tally.handledTwice} handled twice, ${tally.startedTwice} started again after the crash; WeCom saw ${describeCounts(statuses)}${unanswered ? `; ${unanswered} never got a 200` : ''}`,
        numbers: { sent: callbacks, lost: tally.lost, handledTwice: tally.handledTwice, startedAgain: tally.startedTwice, neverAcked: unanswered },
      };
    }),
};
