import 'reflect-metadata';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ApiRuntime } from '../../src/api/api-runtime.js';
import type { WeComKfMessage } from '../../src/api/client/api-types.js';
import type { KfCursorStore } from '../../src/api/kf/kf-cursor.store.js';
import { KfSyncRunner } from '../../src/api/kf/kf-sync.runner.js';
import { MemoryKfCursorStore } from '../../src/api/kf/memory-kf-cursor.store.js';
import { RedisKfCursorStore } from '../../src/api/kf/redis-kf-cursor.store.js';
import type { FakeKfMessage, FakeWeComApi } from '../support/fake-wecom-api.js';
import { FAKE_CORP_ID, FAKE_SECRET, captureNestLogs, runtimeFor, startFakeApi } from '../support/api-fixtures.js';
import { startRedisServer, type RunningRedis } from '../support/redis-server.js';

const messages = (from: number, to: number, openKfId = 'wk-1'): FakeKfMessage[] =>
  Array.from({ length: to - from }, (_, i) => ({ msgid: `m${from + i}`, open_kfid: openKfId, msgtype: 'text', text: { content: `hello ${from + i}` }, origin: 3, send_time: 1700000000 }));

let redis: RunningRedis;
let prefix = 0;
const stores: Record<string, () => KfCursorStore> = {
  memory: () => new MemoryKfCursorStore(),
  redis: () => new RedisKfCursorStore({ url: redis.url, keyPrefix: `kf-spec-${prefix}:` }),
};

describe.each(Object.keys(stores))('微信客服 sync with the %s cursor store', (storeName) => {
  let fake: FakeWeComApi;
  let runtime: ApiRuntime;
  captureNestLogs(() => fake);
  const client = () => runtime.appClient({ name: 'kf', corpId: FAKE_CORP_ID, secret: FAKE_SECRET });
  const opened: KfCursorStore[] = [];
  const store = () => {
    const made = stores[storeName]();
    opened.push(made);
    return made;
  };

  beforeAll(async () => {
    if (storeName === 'redis') redis = await startRedisServer();
  });
  afterAll(async () => {
    await redis?.stop();
  });
  beforeEach(async () => {
    prefix++;
    fake = await startFakeApi();
    runtime = runtimeFor(fake);
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close?.()));
    await runtime.close();
    await fake.stop();
  });

  it('fetches every batch after the callback, in order, and saves the cursor', async () => {
    fake.kfMessages.set('wk-1', messages(0, 2500));
    const kfStore = store();
    const seen: string[] = [];
    const outcome = await new KfSyncRunner(kfStore).sync(client(), `${FAKE_CORP_ID}:wk-1`, 'wk-1', 'SYNCTOKEN', async (m) => {
      seen.push(m.msgid);
    });
    expect(outcome).toEqual({ status: 'done', handled: 2500, duplicates: 0, batches: 3 });
    expect(seen).toEqual(messages(0, 2500).map((m) => m.msgid));
    expect(await kfStore.getCursor(`${FAKE_CORP_ID}:wk-1`)).toBe('cursor-2500');
    const bodies = fake.callsTo('/cgi-bin/kf/sync_msg').map((call) => call.body as Record<string, unknown>);
    expect(bodies.map((b) => b.cursor)).toEqual([undefined, 'cursor-1000', 'cursor-2000']);
    expect(bodies.every((b) => b.token === 'SYNCTOKEN' && b.open_kfid === 'wk-1' && b.limit === 1000)).toBe(true);

    // the next callback starts where the last one stopped
    fake.kfMessages.get('wk-1')!.push(...messages(2500, 2510));
    const next = await new KfSyncRunner(kfStore).sync(client(), `${FAKE_CORP_ID}:wk-1`, 'wk-1', '', async (m) => void seen.push(m.msgid));
    expect(next).toMatchObject({ handled: 10, duplicates: 0, batches: 1 });
    expect(fake.callsTo('/cgi-bin/kf/sync_msg').at(-1)!.body).toMatchObject({ cursor: 'cursor-2500' });
  });

  it('keeps the cursor before a batch whose handler failed, then handles the failed message again and the handled ones not', async () => {
    fake.kfMessages.set('wk-1', messages(0, 1500));
    const kfStore = store();
    const runs = new Map<string, number>();
    let failOn: string | undefined = 'm1200';
    const handle = async (m: WeComKfMessage) => {
      runs.set(m.msgid, (runs.get(m.msgid) ?? 0) + 1);
      if (m.msgid === failOn) throw new Error('handler failed once');
    };
    const runner = new KfSyncRunner(kfStore);
    await expect(runner.sync(client(), 'acc', 'wk-1', '', handle)).rejects.toThrow('handler failed once');
    expect(await kfStore.getCursor('acc')).toBe('cursor-1000');
    failOn = undefined;
    const retry = await runner.sync(client(), 'acc', 'wk-1', '', handle);
    expect(retry).toMatchObject({ status: 'done', duplicates: 200 });
    expect(await kfStore.getCursor('acc')).toBe('cursor-1500');
    expect([...runs.values()].filter((n) => n !== 1)).toEqual([2]); // only m1200 ran twice
    expect(runs.size).toBe(1500);
  });

  it('handles again the message a fetch died in, once its lock lapsed, and not the ones it had finished', async () => {
    fake.kfMessages.set('wk-1', messages(0, 6));
    const [dying, survivor] = [store(), store()]; // two replicas: separate connections, one Redis (or one memory store shared)
    const runs: string[] = [];
    let entered!: () => void;
    const inHandler = new Promise<void>((resolve) => (entered = resolve));
    // The first fetch's process "dies" in m3's handler: the handler never returns and nothing renews its lock.
    void new KfSyncRunner(dying, { lockTtlMs: 300 }).sync(client(), 'acc', 'wk-1', '', async (m) => {
      runs.push(m.msgid);
      if (m.msgid === 'm3') {
        entered();
        await new Promise(() => undefined);
      }
    });
    await inHandler;
    const other = storeName === 'memory' ? dying : survivor;
    // While the dead fetch's lock lives, another callback only leaves its note.
    expect((await new KfSyncRunner(other, { lockTtlMs: 300 }).sync(client(), 'acc', 'wk-1', '', async (m) => void runs.push(`early:${m.msgid}`))).status).toBe('busy');
    await new Promise((resolve) => setTimeout(resolve, 400));
    const outcome = await new KfSyncRunner(other, { lockTtlMs: 300 }).sync(client(), 'acc', 'wk-1', '', async (m) => void runs.push(`next:${m.msgid}`));
    expect(outcome).toMatchObject({ status: 'done', handled: 3, duplicates: 3 });
    expect(runs).toEqual(['m0', 'm1', 'm2', 'm3', 'next:m3', 'next:m4', 'next:m5']);
    expect(await other.getCursor('acc')).toBe('cursor-6');
  });

  it('runs one fetch per open_kfid at a time: a concurrent callback is picked up by the running fetch', async () => {
    fake.kfMessages.set('wk-1', messages(0, 5));
    const [first, second] = [store(), store()]; // two replicas: separate connections, one Redis (or one memory store shared)
    const shared = storeName === 'memory' ? first : second;
    const runs: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const running = new KfSyncRunner(first).sync(client(), 'acc', 'wk-1', '', async (m) => {
      runs.push(m.msgid);
      if (m.msgid === 'm0') await gate;
    });
    while (runs.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    fake.kfMessages.get('wk-1')!.push(...messages(5, 8));
    const concurrent = await new KfSyncRunner(shared).sync(client(), 'acc', 'wk-1', 'NEWTOKEN', async (m) => void runs.push(`other:${m.msgid}`));
    expect(concurrent.status).toBe('busy');
    release();
    const outcome = await running;
    expect(outcome).toMatchObject({ status: 'done', handled: 8 });
    expect(runs).toEqual(messages(0, 8).map((m) => m.msgid));
    expect(fake.callsTo('/cgi-bin/kf/sync_msg').at(-1)!.body).toMatchObject({ token: 'NEWTOKEN', cursor: 'cursor-5' });
  });
});
