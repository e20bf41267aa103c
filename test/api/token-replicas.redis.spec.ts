import 'reflect-metadata';
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiRuntime } from '../../src/api/api-runtime.js';
import { resolveApiOptions } from '../../src/api/resolve-api-options.js';
import { RedisTokenStore } from '../../src/api/tokens/redis-token.store.js';
import type { FakeWeComApi } from '../support/fake-wecom-api.js';
import { FAKE_CORP_ID, FAKE_SECRET, FAKE_SECRETS, startFakeApi } from '../support/api-fixtures.js';
import { CapturingLogger } from '../support/capturing-logger.js';
import { compileForTests, type CompiledSources } from '../support/compile-for-tests.js';
import { leaks } from '../support/api-fixtures.js';
import { startRedisServer, type RunningRedis } from '../support/redis-server.js';

type Done = { type: 'done'; ok?: number; fetches?: number; error?: string };

function startReplica(env: Record<string, string>): Promise<ChildProcess> {
  const child = fork(fileURLToPath(new URL('../support/token-replica.mjs', import.meta.url)), {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`token replica exited with ${code} before it was ready`)));
  });
}

const next = (child: ChildProcess): Promise<Done> => new Promise((resolve) => child.once('message', (message: Done) => resolve(message)));

describe('tokens shared by replicas through a real redis-server', () => {
  let redis: RunningRedis;
  let fake: FakeWeComApi;
  let replicas: ChildProcess[] = [];
  let compiled: CompiledSources;
  const logger = new CapturingLogger();

  beforeAll(async () => {
    Logger.overrideLogger(logger);
    compiled = await compileForTests();
    [redis, fake] = await Promise.all([startRedisServer(), startFakeApi()]);
    fake.users.set('zhangsan', { name: '张三' });
  });
  afterAll(async () => {
    expect(leaks(logger.lines.map((line) => line.message), fake)).toEqual([]);
    Logger.overrideLogger(new Logger());
    for (const child of replicas) if (child.exitCode === null) child.kill('SIGKILL');
    await fake?.stop();
    await redis?.stop();
  });

  it('two replica processes that both start cold make one gettoken between them', async () => {
    const env = { FAKE_URL: fake.url, REDIS_URL: redis.url, CORP_ID: FAKE_CORP_ID, SECRET: FAKE_SECRET, CALLS: '50', SRC_DIR: join(compiled.root, 'src') };
    replicas = await Promise.all([startReplica(env), startReplica(env)]);
    fake.tokenDelayMs = 300; // both replicas are surely waiting while the first fetch is in flight
    const results = Promise.all(replicas.map(next));
    for (const child of replicas) child.send({ type: 'go' });
    const done = await results;
    expect(done.map((d) => d.error)).toEqual([undefined, undefined]);
    expect(done.map((d) => d.ok)).toEqual([50, 50]);
    expect(fake.counts.gettoken).toBe(1);
    expect(done.map((d) => d.fetches).sort()).toEqual([0, 1]);
    await Promise.all(replicas.map((child) => new Promise((resolve) => { child.once('exit', resolve); child.send({ type: 'stop' }); })));
  }, 60_000);

  it('after an early invalidation seen by both replicas, makes one refresh between them (compare-and-delete)', async () => {
    const store = () => new RedisTokenStore({ url: redis.url, keyPrefix: 'spec-invalidate:' });
    const options = { baseUrl: fake.url, timeoutMs: 2000 };
    const runtimes = [new ApiRuntime(resolveApiOptions({ ...options, tokenStore: store() })), new ApiRuntime(resolveApiOptions({ ...options, tokenStore: store() }))];
    try {
      const clients = runtimes.map((runtime) => runtime.appClient({ name: 'default', corpId: FAKE_CORP_ID, agentId: '1000002', secret: FAKE_SECRET }));
      const token = await clients[0].accessToken();
      expect(await clients[1].accessToken()).toBe(token);
      const before = fake.counts.gettoken;
      fake.revoke(token);
      // replica 0 refreshes first; replica 1 then fails with the old token and must not wipe the new one
      await clients[0].user.get('zhangsan');
      await clients[1].user.get('zhangsan');
      await Promise.all(Array.from({ length: 20 }, (_, i) => clients[i % 2].user.get('zhangsan')));
      expect(fake.counts.gettoken - before).toBe(1);
      expect(await clients[1].accessToken()).toBe(await clients[0].accessToken());
    } finally {
      await Promise.all(runtimes.map((runtime) => runtime.close()));
    }
  });

  it('a replica killed while it holds the refresh lock delays the others by at most the lock lease', async () => {
    const env = { FAKE_URL: fake.url, REDIS_URL: redis.url, CORP_ID: FAKE_CORP_ID, SECRET: FAKE_SECRET, CALLS: '5', SRC_DIR: join(compiled.root, 'src'), TIMEOUT_MS: '1000', KEY_PREFIX: 'spec-killed:' };
    const doomed = await startReplica(env);
    replicas.push(doomed);
    const before = fake.counts.gettoken;
    fake.tokenDelayMs = 60_000; // its gettoken never comes back in time
    doomed.send({ type: 'go' });
    while (fake.counts.gettoken === before) await new Promise((resolve) => setTimeout(resolve, 20));
    const exited = new Promise((resolve) => doomed.once('exit', resolve));
    doomed.kill('SIGKILL'); // dies holding the lock
    await exited;
    fake.tokenDelayMs = 0;
    const survivor = new ApiRuntime(resolveApiOptions({ baseUrl: fake.url, timeoutMs: 1000, tokenStore: new RedisTokenStore({ url: redis.url, keyPrefix: 'spec-killed:' }) }));
    try {
      const started = Date.now();
      const client = survivor.appClient({ name: 'default', corpId: FAKE_CORP_ID, agentId: '1000002', secret: FAKE_SECRET });
      await expect(client.user.get('zhangsan')).resolves.toMatchObject({ name: '张三' });
      expect(Date.now() - started).toBeLessThan(5000 + 5000); // the lease is max(5 s, 2 × timeoutMs), plus slack for a loaded machine
      expect(fake.counts.gettoken - before).toBe(2);
    } finally {
      await survivor.close();
    }
  }, 30_000);

  it('keeps no secret in Redis keys, and the token key expires with the token', async () => {
    const redisClient = new Redis(redis.url);
    try {
      const keys = await redisClient.keys('*');
      expect(keys.length).toBeGreaterThan(0);
      for (const key of keys) for (const secret of FAKE_SECRETS) expect(key).not.toContain(secret);
      const tokenKeys = keys.filter((key) => key.startsWith('nestjs-wecom:token:{corp:') && !key.endsWith(':lock') && !key.endsWith(':cooldown'));
      expect(tokenKeys).toHaveLength(1);
      expect(tokenKeys[0]).toMatch(/^nestjs-wecom:token:\{corp:wwfakecorp0001:1000002:[0-9a-f]{16}\}$/);
      const ttl = await redisClient.pttl(tokenKeys[0]);
      expect(ttl).toBeGreaterThan(7_000_000);
      expect(ttl).toBeLessThanOrEqual(7_200_000);
    } finally {
      await redisClient.quit();
    }
  });
});

describe('when the token store dies', () => {
  it('fails open: calls go on with tokens fetched and kept in the process, one fetch per key, one warning', async () => {
    const { Logger } = await import('@nestjs/common');
    const { CapturingLogger } = await import('../support/capturing-logger.js');
    const logger = new CapturingLogger();
    Logger.overrideLogger(logger);
    const [redis, fake] = await Promise.all([startRedisServer(), startFakeApi()]);
    fake.users.set('zhangsan', { name: '张三' });
    const runtime = new ApiRuntime(resolveApiOptions({ baseUrl: fake.url, timeoutMs: 2000, tokenStore: new RedisTokenStore({ url: redis.url, commandTimeoutMs: 300 }) }));
    try {
      const client = runtime.appClient({ name: 'default', corpId: FAKE_CORP_ID, agentId: '1000002', secret: FAKE_SECRET });
      await client.user.get('zhangsan');
      await redis.stop(); // the real redis-server process, stopped
      runtime.tokens.forgetLocal(); // as a fresh replica would be
      await Promise.all(Array.from({ length: 20 }, () => client.user.get('zhangsan')));
      fake.revoke(await client.accessToken());
      await Promise.all(Array.from({ length: 20 }, () => client.user.get('zhangsan')));
      expect(fake.counts.gettoken).toBe(3); // the first, one after the store died, one after the revocation
      expect(logger.messages('warn').filter((line) => line.includes('token store unreachable'))).toHaveLength(1);
    } finally {
      Logger.overrideLogger(new Logger());
      await runtime.close();
      await fake.stop();
      await redis.stop();
    }
  }, 30_000);
});
