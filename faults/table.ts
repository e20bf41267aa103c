import { botStreamRegistry } from './rows/bot-stream-registry.row.js';
import { contradictingStore } from './rows/contradicting-store.row.js';
import { crashAfterEarlyAck } from './rows/crash-after-early-ack.row.js';
import { durableCrashAfterEarlyAck, durableLongHandlers, durableWorkerKilled } from './rows/durable-crash.row.js';
import { eventLoopStall } from './rows/event-loop-stall.row.js';
import { hungRedisClient } from './rows/hung-redis-client.row.js';
import { memoryStore } from './rows/memory-store.row.js';
import { redisOutage } from './rows/redis-outage.row.js';
import { redisRestart } from './rows/redis-restart.row.js';
import { replicaKilled } from './rows/replica-killed.row.js';
import type { FaultRow } from './support/fault-row.js';

/** Issue 13's fault table, row by row, in its order, plus the persistence variants it asked for and the durable queue's rows (durable next to inline). */
export const FAULT_TABLE: readonly FaultRow[] = [
  crashAfterEarlyAck,
  durableCrashAfterEarlyAck,
  replicaKilled,
  durableWorkerKilled,
  durableLongHandlers,
  eventLoopStall,
  redisRestart({ persistence: 'none', storeFailure: 'fail-closed' }),
  redisRestart({ persistence: 'none', storeFailure: 'fail-open' }),
  redisRestart({ persistence: 'aof-everysec', storeFailure: 'fail-closed' }),
  redisOutage('fail-closed'),
  redisOutage('fail-open'),
  hungRedisClient,
  contradictingStore,
  botStreamRegistry,
  memoryStore,
];
