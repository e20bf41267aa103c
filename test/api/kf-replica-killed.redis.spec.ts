import 'reflect-metadata';
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiRuntime } from '../../src/api/api-runtime.js';
import { KfSyncRunner } from '../../src/api/kf/kf-sync.runner.js';
import { RedisKfCursorStore } from '../../src/api/kf/redis-kf-cursor.store.js';
import type { FakeWeComApi } from '../support/fake-wecom-api.js';
import { FAKE_CORP_ID, FAKE_SECRET, runtimeFor, startFakeApi } from '../support/api-fixtures.js';
import { compileForTests } from '../support/compile-for-tests.js';
import { startRedisServer, type RunningRedis } from '../support/redis-server.js';

const LOCK_TTL_MS = 1000;

describe('微信客服: a replica killed with -9 inside a handler', () => {
  let redis: RunningRedis;
  let fake: FakeWeComApi;
  let runtime: ApiRuntime;
  let replica: ChildProcess | undefined;
  let srcDir: string;

  beforeAll(async () => {
    const compiled = await compileForTests();
    srcDir = join(compiled.root, 'src');
    [redis, fake] = await Promise.all([startRedisServer(), startFakeApi()]);
    runtime = runtimeFor(fake);
  });
  afterAll(async () => {
    if (replica && replica.exitCode === null && replica.signalCode === null) replica.kill('SIGKILL');
    await runtime?.close();
    await fake?.stop();
    await redis?.stop();
  });

  it('leaves the message it was handling to the next fetch, which runs it and the rest, and not the ones it finished', async () => {
    fake.kfMessages.set('wk-1', Array.from({ length: 6 }, (_, i) => ({ msgid: `m${i}`, open_kfid: 'wk-1', msgtype: 'text', text: { content: `hello ${i}` }, origin: 3, send_time: 1700000000 })));
    const env = { FAKE_URL: fake.url, REDIS_URL: redis.url, CORP_ID: FAKE_CORP_ID, SECRET: FAKE_SECRET, SRC_DIR: srcDir, KEY_PREFIX: 'kf-kill:', LOCK_TTL_MS: String(LOCK_TTL_MS), HANG_ON: 'm3' };
    const child = fork(fileURLToPath(new URL('../support/kf-replica.mjs', import.meta.url)), { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    replica = child;
    const record: string[] = []; // kept here, outside the process that is killed
    const inHang = new Promise<void>((resolve, reject) => {
      child.on('message', (message: { type: string; msgid?: string }) => {
        if (message.type === 'ready') child.send({ type: 'go' });
        if (message.type === 'start' || message.type === 'end') record.push(`${message.type}:${message.msgid}`);
        if (message.type === 'start' && message.msgid === 'm3') resolve();
      });
      child.once('exit', (code, signal) => reject(new Error(`kf replica exited (${code ?? signal}) before it reached m3`)));
    });
    await inHang;
    const exited = new Promise((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    child.kill('SIGKILL'); // by its PID, inside m3's handler
    expect(await exited).toBe('SIGKILL');

    // The survivor, on the same Redis: a callback while the dead fetch's lock lives only leaves its note;
    // once the lock lapsed, the next callback's fetch goes on from the saved cursor.
    const store = new RedisKfCursorStore({ url: redis.url, keyPrefix: 'kf-kill:' });
    try {
      const ran: string[] = [];
      const handle = async (m: { msgid: string }) => void ran.push(m.msgid);
      const early = await new KfSyncRunner(store, { lockTtlMs: LOCK_TTL_MS }).sync(runtime.appClient({ name: 'kf', corpId: FAKE_CORP_ID, secret: FAKE_SECRET }), 'acc', 'wk-1', '', handle);
      expect(early.status).toBe('busy');
      await new Promise((resolve) => setTimeout(resolve, LOCK_TTL_MS + 200));
      const outcome = await new KfSyncRunner(store, { lockTtlMs: LOCK_TTL_MS }).sync(runtime.appClient({ name: 'kf', corpId: FAKE_CORP_ID, secret: FAKE_SECRET }), 'acc', 'wk-1', '', handle);
      expect(record).toEqual(['start:m0', 'end:m0', 'start:m1', 'end:m1', 'start:m2', 'end:m2', 'start:m3']);
      expect(outcome).toMatchObject({ status: 'done', handled: 3, duplicates: 3 });
      expect(ran).toEqual(['m3', 'm4', 'm5']); // m3 was lost before: its 4-day mark was written before its handler ran
    } finally {
      await store.close();
    }
  });
});
