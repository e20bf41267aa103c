import 'reflect-metadata';
import { Injectable, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  OnWeComEvent,
  OnWeComKfMessage,
  OnWeComMessage,
  RedisKfCursorStore,
  RedisTokenStore,
  WeComClients,
  WeComConfigError,
  WeComModule,
  type KfMsgOrEventEvent,
  type TextMessage,
  type WeComContext,
  type WeComKfMessage,
  type WeComModuleOptions,
} from '../../src/index.js';
import { createWeComApp, newApp } from '../support/create-app.js';
import type { FakeKfMessage, FakeWeComApi } from '../support/fake-wecom-api.js';
import { FAKE_SECRET, captureNestLogs, startFakeApi } from '../support/api-fixtures.js';
import { OFFICIAL } from '../support/official-keys.js';
import { signedPost } from '../support/oracle-client.js';
import { startRedisServer, type RunningRedis } from '../support/redis-server.js';

const keys = { token: OFFICIAL.token, encodingAESKey: OFFICIAL.encodingAESKey, receiveId: OFFICIAL.corpId };
const kfEventXml = (openKfId: string, token: string) =>
  `<xml><ToUserName><![CDATA[${OFFICIAL.corpId}]]></ToUserName><CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[kf_msg_or_event]]></Event><Token><![CDATA[${token}]]></Token><OpenKfId><![CDATA[${openKfId}]]></OpenKfId></xml>`;
const kfMessages = (from: number, to: number): FakeKfMessage[] =>
  Array.from({ length: to - from }, (_, i) => ({ msgid: `k${from + i}`, open_kfid: 'wk-e2e', msgtype: i % 5 === 4 ? 'image' : 'text', text: { content: `q${from + i}` }, origin: 3, external_userid: 'wmcustomer', send_time: 1700000000 }));

@Injectable()
class LateReplies {
  serialised = '';
  @OnWeComMessage('text')
  onText(message: TextMessage, ctx: WeComContext) {
    this.serialised = JSON.stringify(ctx);
    // Answer WeCom now (an empty 200), and the member later, with the active API.
    setTimeout(() => void ctx.client.message.send({ touser: message.FromUserName, msgtype: 'text', text: { content: `late: ${message.Content}` } }), 50);
  }
}

@Injectable()
class KfHandlers {
  texts: Array<{ msgid: string; app: string; hadClient: boolean }> = [];
  all: string[] = [];
  callbacks = 0;

  @OnWeComKfMessage('text')
  async onText(message: WeComKfMessage, ctx: WeComContext) {
    this.texts.push({ msgid: message.msgid, app: ctx.app, hadClient: ctx.client !== undefined });
  }

  @OnWeComKfMessage()
  onAny(message: WeComKfMessage) {
    this.all.push(message.msgid);
  }

  @OnWeComEvent('kf_msg_or_event')
  onCallback(_event: KfMsgOrEventEvent) {
    this.callbacks++;
  }
}

const until = async (condition: () => boolean, timeoutMs = 10_000) => {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describe('active API in the module', () => {
  let fake: FakeWeComApi;
  let redis: RunningRedis;
  const apps: INestApplication[] = [];
  captureNestLogs(() => fake);
  const options = (extra: Partial<WeComModuleOptions> = {}): WeComModuleOptions =>
    ({ corpId: OFFICIAL.corpId, token: OFFICIAL.token, encodingAESKey: OFFICIAL.encodingAESKey, agentId: 1000002, secret: FAKE_SECRET, api: { baseUrl: fake.url }, ...extra }) as WeComModuleOptions;
  const boot = async (extra: Partial<WeComModuleOptions> = {}) => {
    const app = await createWeComApp(options(extra), { providers: [KfHandlers, LateReplies] });
    apps.push(app);
    return app;
  };

  beforeAll(async () => {
    [fake, redis] = await Promise.all([startFakeApi(), startRedisServer()]);
    fake.users.set('zhangsan', { name: '张三' });
  });
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
  });
  afterAll(async () => {
    await fake?.stop();
    await redis?.stop();
  });

  it('gives WeComClients.forApp() a working client with the agentid filled in', async () => {
    const app = await boot();
    const client = app.get(WeComClients).forApp();
    await expect(client.user.get('zhangsan')).resolves.toMatchObject({ name: '张三' });
    await client.message.send({ touser: 'zhangsan', msgtype: 'text', text: { content: 'late answer' } });
    expect(fake.callsTo('/cgi-bin/message/send').at(-1)!.body).toMatchObject({ agentid: 1000002, text: { content: 'late answer' } });
  });

  it('lets a handler answer later with ctx.client.message.send (not enumerable on ctx)', async () => {
    const app = await boot();
    const text = `<xml><ToUserName><![CDATA[${OFFICIAL.corpId}]]></ToUserName><FromUserName><![CDATA[zhangsan]]></FromUserName><CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[question]]></Content><MsgId>${Date.now()}</MsgId><AgentID>1000002</AgentID></xml>`;
    const signed = signedPost(keys, text);
    const answer = await request(app.getHttpServer()).post(`/wecom/callback?${signed.query}`).set('Content-Type', 'text/xml').send(signed.body);
    expect([answer.status, answer.text]).toEqual([200, '']);
    await until(() => fake.callsTo('/cgi-bin/message/send').some((call) => (call.body as { text?: { content?: string } }).text?.content === 'late: question'));
    expect(fake.callsTo('/cgi-bin/message/send').at(-1)!.body).toMatchObject({ touser: 'zhangsan', agentid: 1000002 });
    expect(app.get(LateReplies).serialised).not.toContain('client');
  });

  it('gives an app without a secret a ctx.client that says why it cannot work', async () => {
    const app = await boot({ secret: undefined });
    const clients = app.get(WeComClients);
    await expect(clients.forCallback('default', undefined).user.get('zhangsan')).rejects.toThrow(/app "default" has no secret/);
    // Every later callback gets that same client (no new Error per request), still saying why.
    const again = clients.forCallback('default', undefined);
    expect(again).toBe(clients.forCallback('default', undefined));
    await expect(again.user.get('zhangsan')).rejects.toThrow(/app "default" has no secret/);
  });

  it('says clearly when an app has no secret, or no such app exists', async () => {
    const app = await boot({ secret: undefined });
    const clients = app.get(WeComClients);
    expect(() => clients.forApp()).toThrow(/app "default" has no secret, so it has no active API client/);
    expect(() => clients.forApp('nope')).toThrow(/no app named "nope" \(configured: "default"\)/);
  });

  it.each([
    [{ api: { baseUrl: 'not a url' } }, /option "api.baseUrl" must be an http\(s\) URL/],
    [{ api: { timeoutMs: 0 } }, /option "api.timeoutMs"/],
    [{ secret: '' }, /app "default": option "secret" must be a non-empty string/],
  ])('refuses a bad option at boot: %j', async (extra, message) => {
    // Rejected when Nest builds the module (compile) or initialises it, before anything listens.
    const boot = async () => newApp(await Test.createTestingModule({ imports: [WeComModule.forRoot(options(extra as Partial<WeComModuleOptions>))] }).compile()).init();
    await expect(boot()).rejects.toThrow(WeComConfigError);
    await expect(boot()).rejects.toThrow(message);
  });

  it('two Nest apps sharing a real Redis make one gettoken between them', async () => {
    const shared = (prefix: string) => ({ api: { baseUrl: fake.url, tokenStore: new RedisTokenStore({ url: redis.url, keyPrefix: prefix }) } });
    const [first, second] = [await boot(shared('e2e-two-apps:')), await boot(shared('e2e-two-apps:'))];
    const before = fake.counts.gettoken;
    fake.tokenDelayMs = 200;
    try {
      const clients = [first.get(WeComClients).forApp(), second.get(WeComClients).forApp()];
      await Promise.all(Array.from({ length: 40 }, (_, i) => clients[i % 2].user.get('zhangsan')));
    } finally {
      fake.tokenDelayMs = 0;
    }
    // The fake still holds a valid token from earlier tests and hands it out again, but it was asked once.
    expect(fake.counts.gettoken - before).toBe(1);
  });

  it('微信客服: acknowledges the callback at once, then fetches with kf/sync_msg and runs @OnWeComKfMessage once per msgid', async () => {
    fake.kfMessages.set('wk-e2e', kfMessages(0, 1200));
    const app = await boot({ api: { baseUrl: fake.url, kfCursorStore: new RedisKfCursorStore({ url: redis.url, keyPrefix: 'e2e-kf:' }) } });
    const handlers = app.get(KfHandlers);
    const signed = signedPost(keys, kfEventXml('wk-e2e', 'CALLBACKTOKEN1'));
    const started = fake.callsTo('/cgi-bin/kf/sync_msg').length;
    fake.delays.set('/cgi-bin/kf/sync_msg', 1500); // a slow fetch: the callback must not wait for it
    const answer = await request(app.getHttpServer()).post(`/wecom/callback?${signed.query}`).set('Content-Type', 'text/xml').send(signed.body);
    expect(answer.status).toBe(200);
    expect(answer.text).toBe('');
    expect(handlers.all).toEqual([]); // answered before the first batch came back
    fake.delays.delete('/cgi-bin/kf/sync_msg');
    expect(handlers.callbacks).toBe(1); // the user's own callback handler ran too
    await until(() => handlers.all.length === 1200);
    expect(handlers.texts.length).toBe(960);
    expect(handlers.texts.every((t) => t.app === 'default' && t.hadClient)).toBe(true);
    const syncs = fake.callsTo('/cgi-bin/kf/sync_msg').slice(started);
    expect(syncs.map((call) => (call.body as { cursor?: string }).cursor)).toEqual([undefined, 'cursor-1000']);
    expect((syncs[0].body as { token: string }).token).toBe('CALLBACKTOKEN1');

    // WeCom retries the same callback, and a new message comes with the next one: each msgid runs once.
    fake.kfMessages.get('wk-e2e')!.push(...kfMessages(1200, 1203));
    for (const token of ['CALLBACKTOKEN1', 'CALLBACKTOKEN2']) {
      const again = signedPost(keys, kfEventXml('wk-e2e', token));
      await request(app.getHttpServer()).post(`/wecom/callback?${again.query}`).set('Content-Type', 'text/xml').send(again.body).expect(200);
    }
    await until(() => handlers.all.length === 1203);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(new Set(handlers.all).size).toBe(handlers.all.length);
  });

  it('微信客服: a callback that finds the fetch lock held by a dead replica fetches once that lock lapses, without waiting for another callback', async () => {
    fake.kfMessages.set('wk-dead', kfMessages(0, 3).map((m) => ({ ...m, open_kfid: 'wk-dead' })));
    const prefix = 'e2e-kf-dead:';
    // A replica that died while fetching: its lock stays until its lease lapses, and nobody renews it.
    const dead = new RedisKfCursorStore({ url: redis.url, keyPrefix: prefix });
    try {
      expect(await dead.tryLock(`${OFFICIAL.corpId}:wk-dead`, 1500)).toBeDefined();
    } finally {
      await dead.close();
    }
    const app = await boot({ api: { baseUrl: fake.url, kfCursorStore: new RedisKfCursorStore({ url: redis.url, keyPrefix: prefix }) } });
    const handlers = app.get(KfHandlers);
    const started = fake.callsTo('/cgi-bin/kf/sync_msg').length;
    const signed = signedPost(keys, kfEventXml('wk-dead', 'CALLBACKTOKEN3'));
    await request(app.getHttpServer()).post(`/wecom/callback?${signed.query}`).set('Content-Type', 'text/xml').send(signed.body).expect(200);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(fake.callsTo('/cgi-bin/kf/sync_msg').length).toBe(started); // busy: the dead replica's lock still lives
    await until(() => handlers.all.length === 3, 10_000); // the re-check, 5 s later, finds the lock free
    expect(handlers.all).toEqual(['k0', 'k1', 'k2']);
    expect((fake.callsTo('/cgi-bin/kf/sync_msg').at(-1)!.body as { token: string }).token).toBe('CALLBACKTOKEN3');
  }, 20_000);
});
