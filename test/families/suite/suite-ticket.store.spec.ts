import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemorySuiteTicketStore, RedisSuiteTicketStore, type SuiteTicketStore } from '../../../src/index.js';

/** The contract both stores keep; each store runs it. */
function keepsTheLatestTicket(store: () => SuiteTicketStore) {
  it('returns undefined before any ticket, then the saved one', async () => {
    const s = store();
    expect(await s.get('wwsuite1')).toBeUndefined();
    await s.save({ suiteId: 'wwsuite1', ticket: 'T1', timestamp: 1700000000 });
    expect(await s.get('wwsuite1')).toEqual({ suiteId: 'wwsuite1', ticket: 'T1', timestamp: 1700000000 });
  });

  it('keeps the newer ticket when an older one arrives late, and takes a newer one', async () => {
    const s = store();
    await s.save({ suiteId: 'wwsuite2', ticket: 'NEW', timestamp: 1700000600 });
    await s.save({ suiteId: 'wwsuite2', ticket: 'OLD', timestamp: 1700000000 });
    expect((await s.get('wwsuite2'))?.ticket).toBe('NEW');
    await s.save({ suiteId: 'wwsuite2', ticket: 'NEWER', timestamp: 1700001200 });
    expect((await s.get('wwsuite2'))?.ticket).toBe('NEWER');
  });

  it('keeps suites apart, and a ticket with a newline intact', async () => {
    const s = store();
    await s.save({ suiteId: 'wwsuite3', ticket: 'A\nB', timestamp: 1 });
    await s.save({ suiteId: 'wwsuite4', ticket: 'C', timestamp: 2 });
    expect((await s.get('wwsuite3'))?.ticket).toBe('A\nB');
    expect((await s.get('wwsuite4'))?.ticket).toBe('C');
  });
}

describe('MemorySuiteTicketStore', () => {
  keepsTheLatestTicket(() => new MemorySuiteTicketStore());

  it('forgets a ticket 30 minutes after saving it (the ticket is valid 30 minutes)', async () => {
    let now = 1_000_000;
    const store = new MemorySuiteTicketStore(() => now);
    await store.save({ suiteId: 's', ticket: 'T', timestamp: 5 });
    now += 30 * 60 * 1000;
    expect((await store.get('s'))?.ticket).toBe('T');
    now += 1;
    expect(await store.get('s')).toBeUndefined();
    // An expired ticket does not block an older-stamped new one.
    await store.save({ suiteId: 's', ticket: 'U', timestamp: 4 });
    expect((await store.get('s'))?.ticket).toBe('U');
  });
});

// Runs against a real redis-server when one is installed (apt-get install redis-server); the script,
// TTL and key layout are Redis behaviour that an in-memory fake would only pretend to check.
const redisServer = spawnSync('redis-server', ['--version']).status === 0;

describe.runIf(redisServer)('RedisSuiteTicketStore (real redis-server)', () => {
  let server: ChildProcess;
  let redis: Redis;
  const port = 20000 + (process.pid % 20000);

  beforeAll(async () => {
    server = spawn('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no'], { stdio: 'pipe' });
    server.stdout!.setEncoding('utf8');
    for await (const chunk of server.stdout!) if (String(chunk).includes('Ready to accept connections')) break;
    redis = new Redis({ port, lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
  });
  afterAll(async () => {
    await redis?.quit();
    server?.kill();
    if (server && server.exitCode === null) await once(server, 'exit');
  });

  keepsTheLatestTicket(() => new RedisSuiteTicketStore(redis, { keyPrefix: `test:${Math.random()}:` }));

  it('stores under the prefix with the 30-minute TTL', async () => {
    const store = new RedisSuiteTicketStore(redis, { keyPrefix: 'wecom:test:' });
    await store.save({ suiteId: 'ttl', ticket: 'T', timestamp: 7 });
    expect(await redis.get('wecom:test:ttl')).toBe('7\nT');
    const ttl = await redis.ttl('wecom:test:ttl');
    expect(ttl).toBeGreaterThan(29 * 60);
    expect(ttl).toBeLessThanOrEqual(30 * 60);
  });
});
