import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisDedupStore, type WeComModuleOptions } from '../../src/index.js';
import { contactEventXml, CountingHandlers, createDeliveryApp, officialKeys, textXml, until } from '../support/delivery-handlers.js';
import { freePort } from '../support/free-port.js';
import { openReply, signedPost } from '../support/oracle-client.js';
import { startRedisServer, type RunningRedis } from '../support/redis-server.js';

let ids = 9_000_000_000_000_000_000n;
const newMsgId = () => String(ids++);
const send = (app: INestApplication, plaintext: string) => {
  const signed = signedPost(officialKeys, plaintext);
  return request(app.getHttpServer()).post(`/wecom/callback?${signed.query}`).set('Content-Type', 'text/xml').send(signed.body).then((res) => res);
};
const replyOf = (res: request.Response) => (res.text === '' ? '' : /<Content><!\[CDATA\[(.*)\]\]><\/Content>/.exec(openReply(officialKeys, res.text).plaintext)?.[1]);

describe('two replicas sharing a real Redis', () => {
  let redis: RunningRedis;
  let replicas: INestApplication[];
  const handlers = () => replicas.map((app) => app.get(CountingHandlers));
  const runsOf = (key: string) => handlers().reduce((sum, h) => sum + (h.runs.get(key) ?? 0), 0);

  beforeAll(async () => {
    redis = await startRedisServer();
    // Each replica has its own Nest app, its own handlers and its own Redis connection, like two pods.
    const options: Partial<WeComModuleOptions> = { dedup: { store: new RedisDedupStore({ url: redis.url }) } };
    replicas = [await createDeliveryApp(options), await createDeliveryApp({ dedup: { store: new RedisDedupStore({ url: redis.url }) } })];
  });
  afterAll(async () => {
    await Promise.all((replicas ?? []).map((app) => app.close()));
    await redis?.stop();
  });

  it('runs a message once when copies hit both replicas concurrently, and every copy carries the same reply', async () => {
    for (let round = 0; round < 20; round++) {
      const msgId = newMsgId();
      const message = textXml(`round ${round}`, msgId);
      const copies = await Promise.all([0, 1, 0, 1, 0, 1].map((replica) => send(replicas[replica], message)));
      expect(copies.map((res) => res.status)).toEqual([200, 200, 200, 200, 200, 200]);
      expect(copies.map(replyOf)).toEqual(Array(6).fill(`echo: round ${round}`));
      expect(runsOf(`msg:${msgId}`)).toBe(1);
    }
  });

  it('runs an event (no MsgId) once across replicas', async () => {
    for (let round = 0; round < 10; round++) {
      const userId = `user${round}`;
      const copies = await Promise.all([1, 0, 1, 0].map((replica) => send(replicas[replica], contactEventXml(userId, '1700000001'))));
      expect(copies.map((res) => `${res.status}:${res.text}`)).toEqual(Array(4).fill('200:'));
      expect(runsOf(`contact:${userId}@1700000001`)).toBe(1);
    }
  });

  it('answers a later retry on the other replica from the first run, re-encrypted', async () => {
    const msgId = newMsgId();
    const message = textXml('first on 0', msgId);
    const first = await send(replicas[0], message);
    const retry = await send(replicas[1], message);
    expect(replyOf(retry)).toBe('echo: first on 0');
    expect(retry.text).not.toBe(first.text);
    expect(runsOf(`msg:${msgId}`)).toBe(1);
  });

  it('makes the other replica wait for the run in progress, then answer its reply', async () => {
    const msgId = newMsgId();
    const message = textXml('gated', msgId);
    const owner = send(replicas[0], message);
    await until(() => handlers()[0].entered.includes(msgId), 'replica 0 to start the run');
    let joinerAnswered = false;
    const joiner = send(replicas[1], message).then((res) => ((joinerAnswered = true), res));
    await new Promise((resolve) => setTimeout(resolve, 100)); // replica 1 is polling Redis meanwhile
    expect(joinerAnswered).toBe(false); // it cannot answer before the run it waits for has finished
    handlers()[0].gate.open();
    const [a, b] = await Promise.all([owner, joiner]);
    expect([replyOf(a), replyOf(b)]).toEqual(['echo: gated', 'echo: gated']);
    expect(runsOf(`msg:${msgId}`)).toBe(1);
  });

  it('lets the retry of a failed run run again, on either replica', async () => {
    const msgId = newMsgId();
    const message = textXml('boom-once', msgId);
    expect((await send(replicas[0], message)).status).toBe(500);
    const retry = await send(replicas[1], message);
    expect(retry.status).toBe(200);
    expect(replyOf(retry)).toBe('echo: boom-once');
    expect(runsOf(`msg:${msgId}`)).toBe(2);
  });
});

describe('Redis unreachable', () => {
  const unreachable = async () => new RedisDedupStore({ url: `redis://127.0.0.1:${await freePort()}`, commandTimeoutMs: 200 });

  it('fails closed by default: 503 so WeCom retries later, and no handler runs', async () => {
    const app = await createDeliveryApp({ dedup: { store: await unreachable() } });
    try {
      const res = await send(app, textXml('hello', newMsgId()));
      expect(res.status).toBe(503);
      expect(res.body).toEqual({ errcode: 503, errmsg: expect.stringContaining('deduplication store unavailable') });
      expect(app.get(CountingHandlers).total()).toBe(0);
    } finally {
      await app.close();
    }
  });

  it("fails open with storeFailure: 'fail-open': handled, deduplicated within the process", async () => {
    const app = await createDeliveryApp({ dedup: { store: await unreachable(), storeFailure: 'fail-open' } });
    try {
      const message = textXml('gated', newMsgId());
      const handlers = app.get(CountingHandlers);
      const copies = [send(app, message), send(app, message)];
      await until(() => handlers.entered.length === 1, 'the run to start');
      await new Promise((resolve) => setTimeout(resolve, 250)); // let the second copy's store call time out too
      handlers.gate.open();
      const responses = await Promise.all(copies);
      expect(responses.map((res) => res.status)).toEqual([200, 200]);
      expect(responses.map(replyOf)).toEqual(['echo: gated', 'echo: gated']);
      expect(handlers.total()).toBe(1);
    } finally {
      await app.close();
    }
  });
});
