import { describe, expect, it } from 'vitest';
import { contradictingStore } from '../../faults/rows/contradicting-store.row.js';
import { crashAfterEarlyAck } from '../../faults/rows/crash-after-early-ack.row.js';
import { eventLoopStall } from '../../faults/rows/event-loop-stall.row.js';
import { hungRedisClient } from '../../faults/rows/hung-redis-client.row.js';
import { redisRestart } from '../../faults/rows/redis-restart.row.js';
import { replicaKilled } from '../../faults/rows/replica-killed.row.js';

// The bounded variants of `npm run faults` (faults/rows): real redis-server, replicas in child
// processes killed or stalled by PID, WeCom-like retries on loopback. Each takes a few seconds; the
// full table, with the figures next to this run's, is `npm run faults`.
describe('fault table, quick variants (npm run faults -- --quick)', () => {
  const ROW_TIMEOUT_MS = 60_000;

  it(
    'a replica killed -9 after its early 200 does not keep its claims: a replay runs them on another replica at once',
    async () => {
      const { numbers } = await crashAfterEarlyAck.run('quick');
      expect(numbers.answered200).toBe(numbers.sent); // WeCom got its early 200: without durability, lost at the crash
      expect(numbers.lostAtCrash).toBe(numbers.sent);
      expect(numbers.replayedRan).toBe(numbers.sent); // half a second after the crash, with the dead claims' leases still running
      expect(numbers.claimLeftMs).toBeLessThanOrEqual(10_000); // a lease, not the 680 s TTL
    },
    ROW_TIMEOUT_MS,
  );

  it(
    'two replicas, one killed -9 with callbacks in flight: the survivor takes the dead claims over, none lost, none handled twice',
    async () => {
      const { numbers } = await replicaKilled.run('quick');
      expect(numbers.lost).toBe(0);
      expect(numbers.handledTwice).toBe(0);
      expect(numbers.neverAcked).toBe(0);
    },
    ROW_TIMEOUT_MS,
  );

  it(
    'an event-loop stall on the claiming replica does not let the other one run the callbacks a second time',
    async () => {
      const { numbers } = await eventLoopStall.run('quick');
      expect(numbers.handledTwice).toBe(0);
      expect(numbers.lost).toBe(0);
    },
    ROW_TIMEOUT_MS,
  );

  it(
    'Redis with AOF (everysec) killed -9 and restarted keeps exactly-once for replays',
    async () => {
      const { numbers } = await redisRestart({ persistence: 'aof-everysec', storeFailure: 'fail-closed' }).run('quick');
      expect(numbers.lost).toBe(0);
      expect(numbers.ranTwiceAfterReplay).toBe(0); // nothing was written in the second before the kill
    },
    ROW_TIMEOUT_MS,
  );

  it(
    'Redis without persistence, killed -9 and restarted, has forgotten what it held: those replays run again (the README says so)',
    async () => {
      const { numbers } = await redisRestart({ persistence: 'none', storeFailure: 'fail-closed' }).run('quick');
      expect(numbers.lost).toBe(0);
      expect(numbers.handledBeforeKill).toBeGreaterThan(0);
      expect(numbers.ranTwiceAfterReplay).toBeGreaterThanOrEqual(numbers.handledBeforeKill);
    },
    ROW_TIMEOUT_MS,
  );

  it(
    'a hung Redis behind a user-supplied ioredis client (no command timeout) still gets WeCom a 503 within its 5 s',
    async () => {
      const { numbers } = await hungRedisClient.run('quick');
      expect(numbers.answeredWithin5s).toBe(numbers.sent);
    },
    ROW_TIMEOUT_MS,
  );

  it(
    'a store that says "taken" and then "absent" forever gets an answer by the deadline, with a bounded number of calls',
    async () => {
      const { numbers } = await contradictingStore.run('quick');
      expect(numbers.answered).toBe(1);
      expect(numbers.status).toBe(503);
      expect(numbers.storeCalls).toBeLessThan(500);
    },
    ROW_TIMEOUT_MS,
  );
});
