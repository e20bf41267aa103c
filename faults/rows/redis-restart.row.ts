import { setTimeout as sleep } from 'node:timers/promises';
import { attempt, deliver, msgIds, textCallback, WECOM_RETRIES, type Delivery, type RetryPolicy } from '../support/wecom-sender.js';
import { describeCounts, Lab, statusCounts, type FaultRow, type Scale } from '../support/fault-row.js';
import type { RedisPersistence } from '../support/redis-process.js';

interface Variant {
  readonly persistence: RedisPersistence;
  readonly storeFailure: 'fail-closed' | 'fail-open';
}

const SCALES = {
  full: { callbacks: 600, perSecond: 100, handlerMs: 50, ackTimeoutMs: 4000, killAtMs: 3000, downMs: 1000, policy: WECOM_RETRIES },
  quick: { callbacks: 30, perSecond: 100, handlerMs: 20, ackTimeoutMs: 1000, killAtMs: 1500, downMs: 300, policy: { attempts: 4, timeoutMs: 1500, intervalMs: 1500, afterResetMs: 200 } },
} satisfies Record<Scale, { callbacks: number; perSecond: number; handlerMs: number; ackTimeoutMs: number; killAtMs: number; downMs: number; policy: RetryPolicy }>;

/**
 * Two replicas on one Redis; while callbacks flow, Redis is killed -9 and restarted on the same port
 * and directory. Then every callback is replayed once (a capture re-sent inside the timestamp
 * tolerance), which the module must answer from the store, not run again. What survives the restart
 * is what Redis persisted: nothing without persistence, all but the last second with AOF everysec.
 */
export function redisRestart(variant: Variant): FaultRow {
  const label = `${variant.persistence === 'none' ? 'no persistence' : `AOF ${variant.persistence.slice(4)}`}, ${variant.storeFailure}`;
  return {
    id: `redis-restart:${variant.persistence}:${variant.storeFailure}`,
    fault: `Redis killed -9 and restarted (${label}), then every callback replayed`,
    issue:
      variant.persistence !== 'none'
        ? '(not measured: the issue restarted Redis empty only)'
        : variant.storeFailure === 'fail-closed'
          ? '138 of 600 ran twice'
          : '351 of 600 ran twice',
    run: (scale) =>
      Lab.run(async (lab) => {
        const { callbacks, perSecond, handlerMs, ackTimeoutMs, killAtMs, downMs, policy } = SCALES[scale];
        const redis = await lab.redis(variant.persistence);
        const replicas = await lab.apps(2, { store: { kind: 'redis-url', url: redis.url }, handlerMs, ackTimeoutMs, storeFailure: variant.storeFailure });
        const ids = msgIds(callbacks);
        const requests = ids.map((id) => textCallback(id));
        const started = Date.now();
        let killedAt = Infinity;
        const outage = (async () => {
          await sleep(killAtMs);
          killedAt = Date.now();
          await redis.kill('SIGKILL');
          await sleep(downMs);
          await redis.restart();
        })();
        const sends: Promise<Delivery>[] = [];
        for (let i = 0; i < callbacks; i++) {
          await sleep(Math.max(0, started + (i * 1000) / perSecond - Date.now()));
          sends.push(deliver(ids[i], requests[i], (attemptIndex) => replicas[(i + attemptIndex) % 2].url, policy));
        }
        await outage;
        const deliveries = await Promise.all(sends);
        await sleep(500);
        const beforeReplay = lab.ledger.tally(ids);
        // The replay goes to the other replica than the first copy, as a balancer may send it.
        const replayStatuses: (number | string)[] = [];
        for (let i = 0; i < callbacks; i += 50) {
          const answers = await Promise.all(ids.slice(i, i + 50).map((_, j) => attempt(replicas[(i + j + 1) % 2].url, requests[i + j], policy.timeoutMs)));
          replayStatuses.push(...answers.map((answer) => answer.status));
        }
        await sleep(handlerMs + 200);
        const after = lab.ledger.tally(ids);
        const handledBeforeKill = lab.ledger.endedBefore(ids, killedAt);
        return {
          figures:
            `${callbacks} sent (${handledBeforeKill} handled before the kill), ${beforeReplay.lost} lost, ${beforeReplay.handledTwice} handled twice during the restart; ` +
            `after replaying all ${callbacks} (${describeCounts(statusCounts(replayStatuses))}): ${after.handledTwice} ran twice` +
            (deliveries.some((d) => !d.acked) ? `; ${deliveries.filter((d) => !d.acked).length} never got a 200` : ''),
          numbers: { sent: callbacks, handledBeforeKill, lost: beforeReplay.lost, twiceDuringRestart: beforeReplay.handledTwice, ranTwiceAfterReplay: after.handledTwice },
        };
      }),
  };
}
