import 'reflect-metadata';
import { Injectable, type INestApplication } from '@nestjs/common';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OnWeComMessage, WeComDurableCallbacks } from '../../../src/index.js';
import type { FakeWeComApi } from '../../support/fake-wecom-api.js';
import { FAKE_AUTH_CORP_ID, FAKE_SECRET, FAKE_SUITE_ID, FAKE_SUITE_SECRET, FAKE_SUITE_TICKET, captureNestLogs, startFakeApi } from '../../support/api-fixtures.js';
import { signedPost } from '../../support/oracle-client.js';
import { OFFICIAL } from '../../support/official-keys.js';
import { startRedisServer, type RunningRedis } from '../../support/redis-server.js';
import { createDurableApp, DurableHandlers, eventually, fastDurable, newMsgId, post, textXml } from './durable-support.js';

const SEND = '/cgi-bin/message/send';

// What a durable handler returns goes to the member with the active API (PROTOCOL.md §3.2: the passive
// answer went out when the job was queued), through the app's WeComClients client.
describe('a durable handler’s reply is sent with message/send, against the fake WeCom API', () => {
  let redis: RunningRedis;
  let fake: FakeWeComApi;
  let app: INestApplication;
  let handlers: DurableHandlers;
  captureNestLogs(() => fake);

  beforeAll(async () => {
    [redis, fake] = await Promise.all([startRedisServer(), startFakeApi()]);
    // The fake knows corp wx5823bf96d3bd56c7 (the official keys) with FAKE_SECRET and agent 1000002.
    app = await createDurableApp({ secret: FAKE_SECRET, agentId: 1000002, api: { baseUrl: fake.url, timeoutMs: 5000 }, durable: fastDurable(redis.url) });
    handlers = app.get(DurableHandlers);
  });
  afterAll(async () => {
    await app?.close();
    await Promise.all([redis?.stop(), fake?.stop()]);
  });

  const sendsTo = (msgId: string) => fake.callsTo(SEND).filter((call) => JSON.stringify(call.body).includes(msgId));

  it('answers WeCom an empty 200, then the worker sends the returned text to FromUserName with the app’s agentid', async () => {
    const msgId = newMsgId();
    const res = await post(app, textXml('reply', msgId, 'lisi'));
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    await eventually(() => sendsTo(msgId).length === 1, 'the message/send call');
    expect(sendsTo(msgId)[0].body).toEqual({ touser: 'lisi', agentid: 1000002, msgtype: 'text', text: { content: `durable reply to ${msgId}` } });
    expect(sendsTo(msgId)[0].token).toBeDefined(); // with the app's access_token, fetched with its secret
    expect(handlers.runsOf(msgId)).toBe(1);
  });

  it('retries only the send when message/send fails: the handler runs once, the send twice', async () => {
    const msgId = newMsgId();
    fake.failNext(SEND, { errcode: -1, errmsg: 'system busy' });
    expect((await post(app, textXml('reply', msgId))).status).toBe(200);
    await eventually(() => sendsTo(msgId).length === 2, 'the second message/send call (the retry)');
    const durable = app.get(WeComDurableCallbacks);
    await eventually(async () => {
      const counts = await durable.counts();
      return counts.active + counts.waiting + counts.delayed === 0;
    }, 'the job to finish');
    expect(handlers.runsOf(msgId)).toBe(1);
    expect(sendsTo(msgId).map((call) => call.body)).toEqual([
      { touser: 'zhangsan', agentid: 1000002, msgtype: 'text', text: { content: `durable reply to ${msgId}` } },
      { touser: 'zhangsan', agentid: 1000002, msgtype: 'text', text: { content: `durable reply to ${msgId}` } },
    ]);
    expect((await durable.failed()).map((f) => f.key)).not.toContain(`default:msg:${msgId}`);
  });
});

describe('a durable suite-data handler’s reply goes to the authorising corp’s member', () => {
  const PROVIDER_CORP = 'wwfakecorp0001';
  const DATA_KEYS = { token: 'DataToken42', encodingAESKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG' };
  const suiteKeys = { token: OFFICIAL.token, encodingAESKey: OFFICIAL.encodingAESKey, receiveId: FAKE_SUITE_ID };
  const now = () => Math.floor(Date.now() / 1000);
  const suiteXml = (infoType: string, body: string) =>
    `<xml><SuiteId><![CDATA[${FAKE_SUITE_ID}]]></SuiteId><InfoType><![CDATA[${infoType}]]></InfoType><TimeStamp>${now()}</TimeStamp>${body}</xml>`;
  const dataText = (content: string, msgId: string) =>
    `<xml><ToUserName><![CDATA[${FAKE_AUTH_CORP_ID}]]></ToUserName><FromUserName><![CDATA[lisi]]></FromUserName><CreateTime>${now()}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${content}]]></Content><MsgId>${msgId}</MsgId><AgentID>42</AgentID></xml>`;

  @Injectable()
  class TenantDurable {
    runs = 0;
    @OnWeComMessage('text', { app: 'data', durable: true })
    onText(message: { Content: string; MsgId: string }) {
      this.runs++;
      return `durable re: ${message.Content} (${message.MsgId})`;
    }
  }

  let redis: RunningRedis;
  let fake: FakeWeComApi;
  let app: INestApplication;
  captureNestLogs(() => fake);
  const send = (path: string, signed: { query: string; body: string }) =>
    request(app.getHttpServer()).post(`${path}?${signed.query}`).set('Content-Type', 'text/xml').send(signed.body);

  beforeAll(async () => {
    [redis, fake] = await Promise.all([startRedisServer(), startFakeApi()]);
    app = await createDurableApp(
      {
        secret: undefined, // the apps form
        apps: [
          { kind: 'suite', name: 'suite', path: '/wecom/suite', suiteId: FAKE_SUITE_ID, suiteSecret: FAKE_SUITE_SECRET, corpId: PROVIDER_CORP, token: OFFICIAL.token, encodingAESKey: OFFICIAL.encodingAESKey },
          { kind: 'suite-data', name: 'data', path: '/wecom/data', corpId: PROVIDER_CORP, ...DATA_KEYS, authCorpIds: [FAKE_AUTH_CORP_ID] },
        ],
        api: { baseUrl: fake.url, timeoutMs: 5000 },
        durable: fastDurable(redis.url),
      } as never,
      { providers: [TenantDurable] },
    );
    // WeCom pushes the suite_ticket, then the corp authorises the suite (its permanent code is stored).
    await send('/wecom/suite', signedPost(suiteKeys, suiteXml('suite_ticket', `<SuiteTicket><![CDATA[${FAKE_SUITE_TICKET}]]></SuiteTicket>`))).expect(200);
    await send('/wecom/suite', signedPost(suiteKeys, suiteXml('create_auth', '<AuthCode><![CDATA[AUTHCODE-1]]></AuthCode>'))).expect(200);
  });
  afterAll(async () => {
    await app?.close();
    await Promise.all([redis?.stop(), fake?.stop()]);
  });

  it('sends it with the corp’s access token and the agentid of its authorisation', async () => {
    const msgId = newMsgId();
    const res = await send('/wecom/data', signedPost({ ...DATA_KEYS, receiveId: FAKE_AUTH_CORP_ID }, dataText('hello', msgId)));
    expect(res.status).toBe(200);
    await eventually(() => fake.callsTo(SEND).some((call) => JSON.stringify(call.body).includes(msgId)), 'the message/send call');
    const sent = fake.callsTo(SEND).filter((call) => JSON.stringify(call.body).includes(msgId));
    expect(sent.map((call) => call.body)).toEqual([{ touser: 'lisi', msgtype: 'text', text: { content: `durable re: hello (${msgId})` }, agentid: 42 }]);
    expect(sent[0].token).toMatch(/^FAKETOKEN-auth-corp-/);
    expect(app.get(TenantDurable).runs).toBe(1);
  });
});

describe('boot refuses a durable handler whose reply could not be sent', () => {
  @Injectable()
  class SuiteDataDurable {
    @OnWeComMessage('text', { app: 'data', durable: true })
    onText() {
      return undefined;
    }
  }

  it('an app of kind "app" without a secret: names the handler, the app and the fix', async () => {
    const boot = createDurableApp({ secret: undefined, durable: fastDurable('redis://127.0.0.1:1') });
    await expect(boot).rejects.toThrow(/durable handler DurableHandlers\.onText of app "default": app "default" has no "secret".*set secret on it/);
    await expect(boot).rejects.toThrow(/or make it inline with \{ durable: false \}/);
  });

  it('with durable.byDefault, names every durable handler of the app, and not the built-in kf fetch (never durable)', async () => {
    const error = await createDurableApp({ secret: undefined, durable: fastDurable('redis://127.0.0.1:1', { byDefault: true }) }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/durable handlers DurableHandlers\.onText, DurableHandlers\.inlineText, DurableHandlers\.onClick of app "default"/);
    expect((error as Error).message).not.toContain('WeComKfMessages');
  });

  it('a suite-data app whose suite has no suiteSecret', async () => {
    const keys = { token: OFFICIAL.token, encodingAESKey: OFFICIAL.encodingAESKey };
    const boot = createDurableApp(
      {
        secret: undefined, // DURABLE_SPEC_API's single-app secret, off: the apps form has none at the top
        apps: [
          { kind: 'suite', name: 'suite', path: '/suite', suiteId: FAKE_SUITE_ID, ...keys },
          { kind: 'suite-data', name: 'data', path: '/data', corpId: OFFICIAL.corpId, authCorpIds: [OFFICIAL.corpId], ...keys },
        ],
        durable: fastDurable('redis://127.0.0.1:1'),
      } as never,
      { providers: [SuiteDataDurable] },
    );
    await expect(boot).rejects.toThrow(/SuiteDataDurable\.onText of app "data": suite app "suite" of app "data" has no "suiteSecret".*set suiteSecret on "suite"/);
  });

  it('but not in a web-only process (durable.workers false), which sends nothing', async () => {
    const redis = await startRedisServer();
    try {
      const web = await createDurableApp({ secret: undefined, durable: fastDurable(redis.url, { workers: false }) });
      const res = await post(web, textXml('queued by a process without the secret', newMsgId()));
      expect(res.status).toBe(200);
      await web.close();
    } finally {
      await redis.stop();
    }
  });
});
