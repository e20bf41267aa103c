import { attempt, msgIds, textCallback } from '../support/wecom-sender.js';
import { describeCounts, Lab, statusCounts, type FaultRow, type Scale } from '../support/fault-row.js';

const SCALES = { full: { callbacks: 20 }, quick: { callbacks: 5 } } satisfies Record<Scale, { callbacks: number }>;
/** Long enough to see whether an answer ever comes; WeCom itself hangs up at 5 s. */
const WAIT_MS = 8000;

/**
 * The user passes their own ioredis client, with ioredis' defaults: no command timeout. Redis then
 * hangs (SIGSTOP: its sockets stay open and nothing answers). WeCom must still get an answer within
 * its 5 seconds, a 503 by the ack deadline (fail-closed), so it retries later.
 */
export const hungRedisClient: FaultRow = {
  id: 'hung-redis-client',
  fault: 'user-supplied ioredis client (defaults), Redis hung (SIGSTOP)',
  issue: '20 of 20 got no answer within 5 s: store calls are not bounded by the ack deadline',
  run: (scale) =>
    Lab.run(async (lab) => {
      const { callbacks } = SCALES[scale];
      const redis = await lab.redis();
      const app = await lab.app({ store: { kind: 'redis-client', url: redis.url }, handlerMs: 10 });
      const [warm] = msgIds(1, 1);
      await attempt(app.url, textCallback(warm), 5000); // the client is connected before Redis hangs
      redis.pause();
      try {
        const ids = msgIds(callbacks);
        const answers = await Promise.all(ids.map((id) => attempt(app.url, textCallback(id), WAIT_MS)));
        const inTime = answers.filter((a) => a.status !== 'timeout' && a.status !== 'reset' && a.endedAt - a.startedAt < 5000);
        const slowest = Math.max(...inTime.map((a) => a.endedAt - a.startedAt), 0);
        const statuses = statusCounts(answers.map((a) => a.status));
        return {
          figures: `${inTime.length} of ${callbacks} answered within 5 s (${describeCounts(statuses)}${inTime.length ? `, slowest ${(slowest / 1000).toFixed(1)} s` : ''})`,
          numbers: { sent: callbacks, answeredWithin5s: inTime.length, slowestMs: slowest },
        };
      } finally {
        redis.resume();
      }
    }),
};
