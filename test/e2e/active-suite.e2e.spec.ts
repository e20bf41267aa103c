import 'reflect-metadata';
import { Injectable, type INestApplication } from '@nestjs/common';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  OnWeComInfo,
  OnWeComMessage,
  WeComClients,
  WeComSuiteAuthorisations,
  WeComSuiteTickets,
  type CreateAuthInfo,
  type TextMessage,
  type WeComContext,
} from '../../src/index.js';
import { createWeComApp } from '../support/create-app.js';
import type { FakeWeComApi } from '../support/fake-wecom-api.js';
import {
  FAKE_AUTH_CORP_ID,
  FAKE_PERMANENT_CODE,
  FAKE_PROVIDER_SECRET,
  FAKE_SUITE_ID,
  FAKE_SUITE_SECRET,
  FAKE_SUITE_TICKET,
  captureNestLogs,
  startFakeApi,
} from '../support/api-fixtures.js';
import { OFFICIAL } from '../support/official-keys.js';
import { signedGet, signedPost } from '../support/oracle-client.js';

const PROVIDER_CORP = 'wwfakecorp0001'; // the fake's provider corp
const DATA_KEYS = { token: 'DataToken42', encodingAESKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG' };
const suiteKeys = { token: OFFICIAL.token, encodingAESKey: OFFICIAL.encodingAESKey, receiveId: FAKE_SUITE_ID };
const now = () => Math.floor(Date.now() / 1000);
const suiteXml = (infoType: string, body: string, timestamp = now()) =>
  `<xml><SuiteId><![CDATA[${FAKE_SUITE_ID}]]></SuiteId><InfoType><![CDATA[${infoType}]]></InfoType><TimeStamp>${timestamp}</TimeStamp>${body}</xml>`;
const dataText = (content: string) =>
  `<xml><ToUserName><![CDATA[${FAKE_AUTH_CORP_ID}]]></ToUserName><FromUserName><![CDATA[lisi]]></FromUserName><CreateTime>${now()}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${content}]]></Content><MsgId>${Date.now()}</MsgId><AgentID>42</AgentID></xml>`;

@Injectable()
class TenantHandlers {
  seenInCreateAuth: unknown;
  constructor(private readonly clients: WeComClients) {}

  @OnWeComInfo('create_auth')
  async onCreateAuth(_info: CreateAuthInfo) {
    // The permanent code is stored before the suite's own handlers run.
    this.seenInCreateAuth = await this.clients.forAuthCorp('suite', FAKE_AUTH_CORP_ID).user.get('lisi');
  }

  @OnWeComMessage('text', { app: 'data' })
  async onText(message: TextMessage, ctx: WeComContext) {
    await ctx.client.message.send({ touser: message.FromUserName, msgtype: 'text', text: { content: `re: ${message.Content}` } });
  }
}

describe('suites with the active API: ticket, authorisation, authorised corps', () => {
  let fake: FakeWeComApi;
  let app: INestApplication;
  captureNestLogs(() => fake);
  const post = (path: string, signed: { query: string; body: string }) =>
    request(app.getHttpServer()).post(`${path}?${signed.query}`).set('Content-Type', 'text/xml').send(signed.body);

  beforeAll(async () => {
    fake = await startFakeApi();
    fake.users.set('lisi', { name: '李四' });
    app = await createWeComApp(
      {
        apps: [
          { kind: 'suite', name: 'suite', path: '/wecom/suite', suiteId: FAKE_SUITE_ID, suiteSecret: FAKE_SUITE_SECRET, corpId: PROVIDER_CORP, providerSecret: FAKE_PROVIDER_SECRET, token: OFFICIAL.token, encodingAESKey: OFFICIAL.encodingAESKey },
          { kind: 'suite-data', name: 'data', path: '/wecom/data', corpId: PROVIDER_CORP, ...DATA_KEYS, authCorpIds: [FAKE_AUTH_CORP_ID] },
        ],
        api: { baseUrl: fake.url },
      },
      { providers: [TenantHandlers] },
    );
  });
  afterAll(async () => {
    await app?.close();
    await fake?.stop();
  });

  it('refuses a suite_ticket stamped in the future beyond the tolerance, so it cannot hide the genuine ones', async () => {
    const tickets = app.get(WeComSuiteTickets);
    expect((await post('/wecom/suite', signedPost(suiteKeys, suiteXml('suite_ticket', '<SuiteTicket><![CDATA[POISONED]]></SuiteTicket>', 9999999999)))).text).toBe('success');
    expect(await tickets.get('suite')).toBeUndefined();
    await post('/wecom/suite', signedPost(suiteKeys, suiteXml('suite_ticket', `<SuiteTicket><![CDATA[${FAKE_SUITE_TICKET}]]></SuiteTicket>`))).expect(200);
    expect(await tickets.get('suite')).toBe(FAKE_SUITE_TICKET);
  });

  it('exchanges create_auth for the permanent code before the handlers, then serves the corp through forAuthCorp', async () => {
    const res = await post('/wecom/suite', signedPost(suiteKeys, suiteXml('create_auth', '<AuthCode><![CDATA[AUTHCODE-1]]></AuthCode>')));
    expect(res.text).toBe('success');
    expect(fake.callsTo('/cgi-bin/service/get_permanent_code').map((call) => call.body)).toEqual([{ auth_code: 'AUTHCODE-1' }]);
    expect(await app.get(WeComSuiteAuthorisations).get(FAKE_SUITE_ID, FAKE_AUTH_CORP_ID)).toMatchObject({ permanentCode: FAKE_PERMANENT_CODE, agentId: '42' });
    expect(app.get(TenantHandlers).seenInCreateAuth).toMatchObject({ name: '李四' });
    expect(fake.counts.suiteToken).toBe(1);
    expect(fake.counts.corpToken).toBe(1);
  });

  it('gives a suite-data handler the authorising corp as ctx.client (its token, its agentid)', async () => {
    const data = { ...DATA_KEYS, receiveId: FAKE_AUTH_CORP_ID };
    await post('/wecom/data', signedPost(data, dataText('hello'))).expect(200);
    const sent = fake.callsTo('/cgi-bin/message/send').at(-1)!;
    expect(sent.body).toEqual({ touser: 'lisi', msgtype: 'text', text: { content: 're: hello' }, agentid: 42 });
    expect(sent.token).toMatch(/^FAKETOKEN-auth-corp-/);
  });

  it('removes the permanent code on cancel_auth', async () => {
    await post('/wecom/suite', signedPost(suiteKeys, suiteXml('cancel_auth', `<AuthCorpId><![CDATA[${FAKE_AUTH_CORP_ID}]]></AuthCorpId>`))).expect(200);
    expect(await app.get(WeComSuiteAuthorisations).get(FAKE_SUITE_ID, FAKE_AUTH_CORP_ID)).toBeUndefined();
  });

  it('accepts the provider CorpID or the SuiteID on the suite URL check, and keeps the POST strict on the SuiteID', async () => {
    for (const receiveId of [FAKE_SUITE_ID, PROVIDER_CORP]) {
      const res = await request(app.getHttpServer()).get(`/wecom/suite?${signedGet({ ...suiteKeys, receiveId }, '7788')}`);
      expect([res.status, res.text]).toEqual([200, '7788']);
    }
    const other = await request(app.getHttpServer()).get(`/wecom/suite?${signedGet({ ...suiteKeys, receiveId: 'wwsomeoneelse' }, '7788')}`);
    expect(other.status).toBe(403);
    const strict = await post('/wecom/suite', signedPost({ ...suiteKeys, receiveId: PROVIDER_CORP }, suiteXml('suite_ticket', '<SuiteTicket><![CDATA[X]]></SuiteTicket>')));
    expect(strict.status).toBe(403);
    expect(strict.body.errcode).toBe(-40005);
  });

  it('gives the provider a client of its own (provider_access_token)', async () => {
    await app.get(WeComClients).forProvider('suite').call('service/get_login_info', { body: { auth_code: 'x' } });
    expect(fake.counts.providerToken).toBe(1);
  });
});
