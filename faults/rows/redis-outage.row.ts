import { setTimeout as sleep } from 'node:timers/promises';
import { deliver, msgIds, textCallback, WECOM_RETRIES, type Delivery, type RetryPolicy } from '../support/wecom-sender.js';
import { describeCounts, Lab, statusCounts, type FaultRow, type Scale } from '../support/fault-row.js';

const SCALES = {
  full: { seconds: 30, perSecond: 15, downFromMs: 2000, downMs: 25_000, handlerMs: 20, policy: WECOM_RETRIES },
  quick: { seconds: 6, perSecond: 10, downFromMs: 500, downMs: 4000, handlerMs: 20, policy: { attempts: 4, timeoutMs: 1000, intervalMs: 1000, afterResetMs: 200 } },
} satisfies Record<Scale, { seconds: number; perSecond: number; downFromMs: number; downMs: number; handlerMs: number; policy: RetryPolicy }>;

/**
 * Redis is down for longer than WeCom keeps retrying (four attempts, about 20 s). With fail-closed,
 * a callback whose four attempts all fall inside the outage is answered 503 four times, and WeCom
 * gives up: it is lost. With fail-open it is handled, deduplicated only within each process.
 */
export function redisOutage(storeFailure: 'fail-closed' | 'fail-open'): FaultRow {
  return {
    id: `redis-outage:${storeFailure}`,
    fault: `Redis down 25 s (${storeFailure})`,
    issue: storeFailure === 'fail-closed' ? '360 callbacks got four 503s each: lost, and the README does not say so' : '(not measured)',
    run: (scale) =>
      Lab.run(async (lab) => {
        const { seconds, perSecond, downFromMs, downMs, handlerMs, policy } = SCALES[scale];
        const redis = await lab.redis();
        const app = await lab.app({ store: { kind: 'redis-url', url: redis.url }, handlerMs, storeFailure });
        const ids = msgIds(seconds * perSecond);
        const started = Date.now();
        const outage = (async () => {
          await sleep(downFromMs);
          await redis.kill('SIGKILL');
          await sleep(downMs);
          await redis.restart();
        })();
        const sends: Promise<Delivery>[] = [];
        for (let i = 0; i < ids.length; i++) {
          await sleep(Math.max(0, started + (i * 1000) / perSecond - Date.now()));
          sends.push(deliver(ids[i], textCallback(ids[i]), () => app.url, policy));
        }
        await outage;
        const deliveries = await Promise.all(sends);
        const tally = lab.ledger.tally(ids);
        const fourFailures = deliveries.filter((d) => !d.acked).length;
        const statuses = statusCounts(deliveries.flatMap((d) => d.attempts.map((a) => a.status)));
        return {
          figures: `${ids.length} sent over ${seconds} s, ${fourFailures} got ${policy.attempts} failures (WeCom gives up), ${tally.lost} lost, ${tally.handledTwice} handled twice; WeCom saw ${describeCounts(statuses)}`,
          numbers: { sent: ids.length, gaveUp: fourFailures, lost: tally.lost, handledTwice: tally.handledTwice },
        };
      }),
  };
}
