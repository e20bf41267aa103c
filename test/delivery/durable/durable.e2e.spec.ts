import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WeComDurableCallbacks } from '../../../src/index.js';
import { freePort } from '../../support/free-port.js';
import { openReply } from '../../support/oracle-client.js';
import { officialKeys } from '../../support/delivery-handlers.js';
import { startRedisServer, type RunningRedis } from '../../support/redis-server.js';
import { clickXml, createDurableApp, DurableHandlers, eventually, fastDurable, newMsgId, post, textXml } from './durable-support.js';

describe('durable handlers on a real Redis with real BullMQ', () => {
  let redis: RunningRedis;
  let app: INestApplication;
  let handlers: DurableHandlers;
  let inspect: Redis;

  beforeAll(async () => {
    redis = await startRedisServer();
    inspect = new Redis(redis.url);
    app = await createDurableApp({ durable: fastDurable(redis.url) });
    handlers = app.get(DurableHandlers);
  });
  afterAll(async () => {
    await app?.close();
    await inspect?.quit();
    await redis?.stop();
  });

  it('answers WeCom an empty 200 once the callback is queued, then a worker runs the durable handler with the same payload and context', async () => {
    const msgId = newMsgId();
    const res = await post(app, textXml('hello', msgId));
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    // The job is in Redis under the dedup key before the answer: at most it is already running.
    expect(await inspect.exists(`bull:nestjs-wecom:wecom-default%3Amsg%3A${msgId}`)).toBe(1);
    await eventually(() => handlers.runsOf(msgId) === 1, 'the worker to run the handler');
    const run = handlers.runs.find((r) => r.msgId === msgId)!;
    expect(run.content).toBe('hello');
    expect(run.ctx).toMatchObject({ app: 'default', kind: 'app', corpId: officialKeys.receiveId, receiveId: officialKeys.receiveId });
    expect(run.ctx.rawXml).toBe(textXml('hello', msgId));
    // The inline handler of the same callback ran in the request.
    expect(handlers.inline).toContain(msgId);
  });

  it('queues a callback once: WeCom retries, concurrent or later, add no second job', async () => {
    const msgId = newMsgId();
    const message = textXml('retried', msgId);
    const copies = await Promise.all([post(app, message), post(app, message), post(app, message)]);
    expect(copies.map((res) => res.status)).toEqual([200, 200, 200]);
    await eventually(() => handlers.runsOf(msgId) === 1, 'the run');
    expect((await post(app, message)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(handlers.runsOf(msgId)).toBe(1);
  });

  it('retries a failing durable handler with backoff until it succeeds', async () => {
    const msgId = newMsgId();
    expect((await post(app, textXml('fail-2', msgId))).status).toBe(200);
    await eventually(() => handlers.runsOf(msgId) === 3, 'the third attempt');
    const durable = app.get(WeComDurableCallbacks);
    await eventually(async () => (await inspect.zscore('bull:nestjs-wecom:completed', `wecom-default%3Amsg%3A${msgId}`)) !== null, 'completion');
    expect((await durable.failed()).map((f) => f.key)).not.toContain(`default:msg:${msgId}`);
  });

  it('keeps a callback whose attempts are used up in the failed set, lists it, and replays it', async () => {
    const msgId = newMsgId();
    expect((await post(app, textXml('always-fail', msgId))).status).toBe(200);
    const durable = app.get(WeComDurableCallbacks);
    const key = `default:msg:${msgId}`;
    await eventually(async () => (await durable.failed()).some((f) => f.key === key), 'the job to land in the failed set');
    expect(handlers.runsOf(msgId)).toBe(3);
    const failed = (await durable.failed()).find((f) => f.key === key)!;
    expect(failed).toMatchObject({ app: 'default', type: 'text', attemptsMade: 3, replyPending: false });
    expect(failed.failedReason).toContain('handler(s) failed');
    expect(await durable.countFailed()).toBeGreaterThanOrEqual(1);

    handlers.healed = true;
    await durable.replay(failed.id);
    await eventually(() => handlers.runsOf(msgId) === 4, 'the replayed run');
    await eventually(async () => !(await durable.failed()).some((f) => f.key === key), 'the failed set to forget it');
    await expect(durable.replay(failed.id)).rejects.toThrow(/not failed/);
    await expect(durable.replay('wecom-nope')).rejects.toThrow(/no durable callback/);
  });

  it('fails a job whose durable handler returns a reply with no active-API equivalent, at once, with the reason', async () => {
    const msgId = newMsgId();
    expect((await post(app, textXml('card-reply', msgId))).status).toBe(200);
    const durable = app.get(WeComDurableCallbacks);
    const key = `default:msg:${msgId}`;
    await eventually(async () => (await durable.failed()).some((f) => f.key === key), 'the failed set');
    expect(handlers.runsOf(msgId)).toBe(1); // unrecoverable: no retry
    const failed = (await durable.failed()).find((f) => f.key === key)!;
    expect(failed.failedReason).toContain('update_template_card reply has no active-API equivalent');
    expect(failed.replyPending).toBe(false); // refused before it was stored: nothing to send on a replay
  });

  it('still answers inline handlers passively: a callback with no durable match never touches the queue', async () => {
    const res = await post(app, clickXml('k1'));
    expect(res.status).toBe(200);
    expect(openReply(officialKeys, res.text).plaintext).toContain('clicked k1');
  });
});

describe('durable handlers when Redis cannot take the callback', () => {
  it('answers 503 within the enqueue timeout, runs no handler, and the retry runs it once Redis is back', async () => {
    let redis: RunningRedis | undefined;
    const port = await freePort();
    const url = `redis://127.0.0.1:${port}`;
    const app = await createDurableApp({ durable: fastDurable(url, { enqueueTimeoutMs: 500 }) });
    const handlers = app.get(DurableHandlers);
    try {
      const msgId = newMsgId();
      const started = Date.now();
      const res = await post(app, textXml('while down', msgId));
      expect(res.status).toBe(503);
      expect(JSON.parse(res.text)).toEqual({ errcode: 503, errmsg: 'durable queue unavailable; WeCom will retry this callback' });
      expect(Date.now() - started).toBeLessThan(2000);
      expect(handlers.inline).not.toContain(msgId); // the write comes first: nothing ran

      redis = await startRedisServer({ port });
      await eventually(async () => (await post(app, textXml('while down', msgId))).status === 200, 'WeCom\'s retry to be taken', 15_000);
      await eventually(() => handlers.runsOf(msgId) === 1, 'the worker to run it after Redis came back', 15_000);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(handlers.runsOf(msgId)).toBe(1);
    } finally {
      await app.close();
      await redis?.stop();
    }
  });
});

describe('durable handlers without deduplication', () => {
  let redis: RunningRedis;
  let app: INestApplication;
  beforeAll(async () => {
    redis = await startRedisServer();
    app = await createDurableApp({ dedup: false, durable: fastDurable(redis.url) });
  });
  afterAll(async () => {
    await app?.close();
    await redis?.stop();
  });

  it('still queues a callback once: the job id is the dedup key', async () => {
    const handlers = app.get(DurableHandlers);
    const msgId = newMsgId();
    const message = textXml('no dedup store', msgId);
    expect((await post(app, message)).status).toBe(200);
    await eventually(() => handlers.runsOf(msgId) === 1, 'the run');
    expect((await post(app, message)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(handlers.runsOf(msgId)).toBe(1);
    expect(handlers.inline.filter((id) => id === msgId)).toHaveLength(2); // inline handlers are not deduplicated here
  });
});

describe('durable handlers on an ioredis client the app owns', () => {
  it('use duplicates of it (BullMQ\'s worker settings on a copy), and leave the client itself open', async () => {
    const redis = await startRedisServer();
    const own = new Redis(redis.url); // maxRetriesPerRequest 20: BullMQ would refuse it for a worker as it is
    const app = await createDurableApp({ durable: { ...fastDurable(redis.url), url: undefined, client: own } });
    try {
      const msgId = newMsgId();
      expect((await post(app, textXml('own client', msgId))).status).toBe(200);
      await eventually(() => app.get(DurableHandlers).runsOf(msgId) === 1, 'the run');
    } finally {
      await app.close();
    }
    expect(await own.ping()).toBe('PONG');
    await own.quit();
    await redis.stop();
  });
});
