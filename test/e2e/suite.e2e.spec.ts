import 'reflect-metadata';
import { Injectable, type INestApplication } from '@nestjs/common';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  OnWeComInfo,
  OnWeComMessage,
  WeComSuiteTickets,
  type CancelAuthInfo,
  type CreateAuthInfo,
  type SuiteChangeContactCreateParty,
  type SuiteTicketInfo,
  type WeComContext,
} from '../../src/index.js';
import { SAMPLE_RECEIVE_ID, SUITE_SAMPLES } from '../fixtures/callback-samples.js';
import { createWeComApp, PLATFORMS } from '../support/create-app.js';
import { OFFICIAL } from '../support/official-keys.js';
import { openReply, signedGet, signedPost } from '../support/oracle-client.js';

/** The suite's SuiteID is the samples' receiveid (callback-samples.ts). */
const SUITE_ID = SAMPLE_RECEIVE_ID;
const PROVIDER_CORP = 'wwprovider0000001';
const ALLOWED_CORP = 'wxf8b4f85f3a794e77';
const DATA_KEYS = { token: 'DataToken42', encodingAESKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG' };

const suiteKeys = { token: OFFICIAL.token, encodingAESKey: OFFICIAL.encodingAESKey, receiveId: SUITE_ID };
const dataKeys = (receiveId: string) => ({ ...DATA_KEYS, receiveId });
const sample = (infoType: string) => SUITE_SAMPLES.find((s) => s.infoType === infoType)!;

@Injectable()
class SuiteHandlers {
  calls: Array<{ route: string; payload: Record<string, any>; ctx: WeComContext; ticketThen?: string }> = [];

  constructor(private readonly tickets: WeComSuiteTickets) {}

  @OnWeComInfo('suite_ticket')
  async onTicket(payload: SuiteTicketInfo, ctx: WeComContext) {
    // The module records the ticket before any handler runs, so a handler can read it already.
    this.calls.push({ route: 'suite_ticket', payload, ctx, ticketThen: await this.tickets.get(SUITE_ID) });
  }

  @OnWeComInfo('create_auth')
  onCreateAuth(payload: CreateAuthInfo, ctx: WeComContext) {
    this.calls.push({ route: 'create_auth', payload, ctx });
    return 'ignored: instruction callbacks are answered "success"';
  }

  @OnWeComInfo('cancel_auth')
  onCancelAuth(payload: CancelAuthInfo, ctx: WeComContext) {
    this.calls.push({ route: 'cancel_auth', payload, ctx });
  }

  @OnWeComInfo('change_contact', 'create_party')
  onPartyCreated(payload: SuiteChangeContactCreateParty, ctx: WeComContext) {
    this.calls.push({ route: 'change_contact/create_party', payload, ctx });
  }

  @OnWeComInfo('change_contact')
  onContactChange(payload: Record<string, any>, ctx: WeComContext) {
    this.calls.push({ route: 'change_contact', payload, ctx });
  }

  @OnWeComInfo('change_auth')
  onChangeAuth(payload: Record<string, any>, ctx: WeComContext) {
    this.calls.push({ route: 'change_auth', payload, ctx });
    if (payload.State === 'boom') throw new Error('change_auth handler exploded');
  }

  @OnWeComMessage('text', { app: 'data' })
  onDataText(payload: Record<string, any>, ctx: WeComContext) {
    this.calls.push({ route: 'data:text', payload, ctx });
    return `hello ${ctx.authCorpId}`;
  }

  @OnWeComMessage('text', { app: 'data-predicate' })
  onPredicateText(payload: Record<string, any>, ctx: WeComContext) {
    this.calls.push({ route: 'data-predicate:text', payload, ctx });
  }
}

const suiteXml = (infoType: string, body: string, suiteId = SUITE_ID) =>
  `<xml><SuiteId><![CDATA[${suiteId}]]></SuiteId><InfoType><![CDATA[${infoType}]]></InfoType><TimeStamp>1403610513</TimeStamp>${body}</xml>`;
const dataText = (corp: string, content: string) =>
  `<xml><ToUserName><![CDATA[${corp}]]></ToUserName><FromUserName><![CDATA[zhangsan]]></FromUserName><CreateTime>1409659813</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${content}]]></Content><MsgId>1234567890123456</MsgId><AgentID>1</AgentID></xml>`;

describe.each(PLATFORMS)('third-party suites and 代开发 over real HTTP on %s (PROTOCOL.md §1.5, §4.5)', (platform) => {
  let app: INestApplication;
  let handlers: SuiteHandlers;

  beforeAll(async () => {
    app = await createWeComApp(
      {
        apps: [
          { kind: 'suite', name: 'suite', path: '/wecom/suite', suiteId: SUITE_ID, token: OFFICIAL.token, encodingAESKey: OFFICIAL.encodingAESKey },
          { kind: 'suite-data', name: 'data', path: '/wecom/data', corpId: PROVIDER_CORP, ...DATA_KEYS, authCorpIds: [ALLOWED_CORP] },
          {
            kind: 'suite-data',
            name: 'data-predicate',
            path: '/wecom/data-predicate',
            corpId: PROVIDER_CORP,
            ...DATA_KEYS,
            authCorpIds: (corpId) => corpId.startsWith('wwtenant'),
          },
        ],
      },
      { providers: [SuiteHandlers] },
      platform,
    );
    handlers = app.get(SuiteHandlers);
  });
  afterAll(() => app.close());
  beforeEach(() => {
    handlers.calls = [];
  });

  const post = (path: string, signed: { query: string; body: string }) =>
    request(app.getHttpServer()).post(`${path}?${signed.query}`).set('Content-Type', 'text/xml').send(signed.body);

  describe('instruction callbacks (suite)', () => {
    it('verifies the URL with the SuiteID as receiveid, and refuses the CorpID there', async () => {
      const ok = await request(app.getHttpServer()).get(`/wecom/suite?${signedGet(suiteKeys, '5150')}`);
      expect(ok.status).toBe(200);
      expect(ok.text).toBe('5150');
      const wrong = await request(app.getHttpServer()).get(`/wecom/suite?${signedGet({ ...suiteKeys, receiveId: PROVIDER_CORP }, '5150')}`);
      expect(wrong.status).toBe(403);
      expect(wrong.body.errcode).toBe(-40005);
    });

    it('suite_ticket (the doc sample with its stray space): answers success, records the ticket, hands it to the handler', async () => {
      const res = await post('/wecom/suite', signedPost(suiteKeys, sample('suite_ticket').xml));
      expect(res.status).toBe(200);
      expect(res.text).toBe('success');
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      const [call] = handlers.calls;
      expect(call.route).toBe('suite_ticket');
      expect(call.payload).toEqual({ SuiteId: SUITE_ID, InfoType: 'suite_ticket', TimeStamp: '1403610513', SuiteTicket: 'asdfasfdasdfasdf' });
      expect(call.ctx).toMatchObject({ app: 'suite', kind: 'suite', suiteId: SUITE_ID, receiveId: SUITE_ID });
      expect(call.ticketThen).toBe('asdfasfdasdfasdf');
      const tickets = app.get(WeComSuiteTickets);
      expect(await tickets.get('suite')).toBe('asdfasfdasdfasdf');
      expect(await tickets.getDetails(SUITE_ID)).toEqual({ suiteId: SUITE_ID, ticket: 'asdfasfdasdfasdf', timestamp: 1403610513 });
    });

    it('keeps the newer ticket when an older push arrives late, and ignores a ticket naming another SuiteId', async () => {
      const newer = suiteXml('suite_ticket', '<SuiteTicket><![CDATA[NEWER]]></SuiteTicket>').replace('1403610513', '1403611000');
      const older = suiteXml('suite_ticket', '<SuiteTicket><![CDATA[OLDER]]></SuiteTicket>').replace('1403610513', '1403610999');
      const foreign = suiteXml('suite_ticket', '<SuiteTicket><![CDATA[FOREIGN]]></SuiteTicket>', 'wwanothersuite').replace('1403610513', '1403612000');
      for (const xml of [newer, older, foreign]) expect((await post('/wecom/suite', signedPost(suiteKeys, xml))).text).toBe('success');
      expect(await app.get(WeComSuiteTickets).get(SUITE_ID)).toBe('NEWER');
      expect(await app.get(WeComSuiteTickets).get('wwanothersuite')).toBeUndefined();
    });

    it('create_auth (doc sample): routed by InfoType, answered success even though the handler returned text', async () => {
      const res = await post('/wecom/suite', signedPost(suiteKeys, sample('create_auth').xml));
      expect(res.text).toBe('success');
      expect(handlers.calls.map((c) => c.route)).toEqual(['create_auth']);
      expect(handlers.calls[0].payload).toMatchObject({ AuthCode: 'AUTHCODE', State: '123', InfoType: 'create_auth' });
    });

    it('cancel_auth (doc sample)', async () => {
      const res = await post('/wecom/suite', signedPost(suiteKeys, sample('cancel_auth').xml));
      expect(res.text).toBe('success');
      expect(handlers.calls.map((c) => c.route)).toEqual(['cancel_auth']);
      expect(handlers.calls[0].payload.AuthCorpId).toBe('wxf8b4f85fxx794xxx');
    });

    it('change_contact in suite form: the ChangeType handler and the InfoType handler both run, no app event handler', async () => {
      const res = await post('/wecom/suite', signedPost(suiteKeys, sample('change_contact').xml));
      expect(res.text).toBe('success');
      expect(handlers.calls.map((c) => c.route).sort()).toEqual(['change_contact', 'change_contact/create_party']);
      expect(handlers.calls[0].payload).toMatchObject({ AuthCorpId: 'wxf8b4f85f3a794e77', ChangeType: 'create_party', Id: '2', Name: '张三' });
    });

    it('answers success when no handler listens (reset_permanent_code here)', async () => {
      const res = await post('/wecom/suite', signedPost(suiteKeys, sample('reset_permanent_code').xml));
      expect(res.status).toBe(200);
      expect(res.text).toBe('success');
      expect(handlers.calls).toEqual([]);
    });

    it('answers 500 when a handler fails, so WeCom retries', async () => {
      const res = await post('/wecom/suite', signedPost(suiteKeys, suiteXml('change_auth', `<AuthCorpId><![CDATA[${ALLOWED_CORP}]]></AuthCorpId><State>boom</State>`)));
      expect(res.status).toBe(500);
      expect(res.text).not.toMatch(/exploded/);
    });

    it('refuses a ciphertext for another suite with -40005, before any handler', async () => {
      const res = await post('/wecom/suite', signedPost({ ...suiteKeys, receiveId: 'wwanothersuite' }, sample('create_auth').xml));
      expect(res.status).toBe(403);
      expect(res.body.errcode).toBe(-40005);
      expect(handlers.calls).toEqual([]);
    });
  });

  describe('data callbacks (suite-data): receiveid = the authorising corp', () => {
    it("verifies the URL with the provider's own CorpID, not an authorising corp's", async () => {
      const ok = await request(app.getHttpServer()).get(`/wecom/data?${signedGet(dataKeys(PROVIDER_CORP), '2718')}`);
      expect(ok.status).toBe(200);
      expect(ok.text).toBe('2718');
      const asCorp = await request(app.getHttpServer()).get(`/wecom/data?${signedGet(dataKeys(ALLOWED_CORP), '2718')}`);
      expect(asCorp.body.errcode).toBe(-40005);
    });

    it('accepts a message from an allowed corp, exposes ctx.authCorpId and replies for that corp', async () => {
      const res = await post('/wecom/data', signedPost(dataKeys(ALLOWED_CORP), dataText(ALLOWED_CORP, 'hi')));
      expect(res.status).toBe(200);
      const [call] = handlers.calls;
      expect(call.route).toBe('data:text');
      expect(call.ctx).toMatchObject({ app: 'data', kind: 'suite-data', corpId: PROVIDER_CORP, authCorpId: ALLOWED_CORP, receiveId: ALLOWED_CORP });
      const reply = openReply(dataKeys(ALLOWED_CORP), res.text);
      expect(reply.signatureValid).toBe(true);
      expect(reply.receiveId).toBe(ALLOWED_CORP);
      expect(reply.plaintext).toContain(`<FromUserName><![CDATA[${ALLOWED_CORP}]]></FromUserName>`);
      expect(reply.plaintext).toContain(`<Content><![CDATA[hello ${ALLOWED_CORP}]]></Content>`);
    });

    it('refuses a corp that is not allowed with -40005, whatever ToUserName claims, and runs no handler', async () => {
      const res = await post('/wecom/data', signedPost(dataKeys('wwstranger000001'), dataText(ALLOWED_CORP, 'hi')));
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ errcode: -40005, errmsg: expect.stringContaining('wwstranger000001') });
      expect(handlers.calls).toEqual([]);
    });

    it('the provider CorpID itself is not an authorising corp', async () => {
      const res = await post('/wecom/data', signedPost(dataKeys(PROVIDER_CORP), dataText(PROVIDER_CORP, 'hi')));
      expect(res.body.errcode).toBe(-40005);
    });

    it('a predicate decides which corps are allowed', async () => {
      const path = '/wecom/data-predicate';
      const ok = await post(path, signedPost(dataKeys('wwtenant00000042'), dataText('wwtenant00000042', 'x')));
      expect(ok.status).toBe(200);
      expect(handlers.calls.map((c) => [c.route, c.ctx.authCorpId])).toEqual([['data-predicate:text', 'wwtenant00000042']]);
      const refused = await post(path, signedPost(dataKeys(ALLOWED_CORP), dataText(ALLOWED_CORP, 'x')));
      expect(refused.body.errcode).toBe(-40005);
    });
  });
});
