import 'reflect-metadata';
import { Injectable, type INestApplication } from '@nestjs/common';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OnWeComEvent, OnWeComMessage, WeComReply, type WeComContext } from '../../src/index.js';
import { createWeComApp, PLATFORMS } from '../support/create-app.js';
import { OFFICIAL, officialVectors } from '../support/official-keys.js';
import { openReply, signedGet, signedPost } from '../support/oracle-client.js';

const keys = { token: OFFICIAL.token, encodingAESKey: OFFICIAL.encodingAESKey, receiveId: OFFICIAL.corpId };
const PATH = '/wecom/callback';

type Call = { handler: string; payload: Record<string, any>; ctx: WeComContext };

@Injectable()
class Recorder {
  calls: Call[] = [];
  private record(handler: string, payload: Record<string, any>, ctx: WeComContext) {
    this.calls.push({ handler, payload, ctx });
  }

  @OnWeComMessage('text')
  onText(payload: Record<string, any>, ctx: WeComContext) {
    this.record('text', payload, ctx);
    if (payload.Content === 'boom') throw new Error('handler exploded');
    if (payload.Content === 'silent') return undefined;
    return `echo: ${payload.Content}`;
  }

  @OnWeComMessage()
  onAnyMessage(payload: Record<string, any>, ctx: WeComContext) {
    this.record('any-message', payload, ctx);
    return 'from the catch-all';
  }

  @OnWeComEvent('change_contact', 'create_party')
  onPartyCreated(payload: Record<string, any>, ctx: WeComContext) {
    this.record('create_party', payload, ctx);
    return 'party reply';
  }

  @OnWeComEvent('change_contact')
  onContactChange(payload: Record<string, any>, ctx: WeComContext) {
    this.record('change_contact', payload, ctx);
    return 'contact reply';
  }

  @OnWeComEvent('location')
  onLocation(payload: Record<string, any>, ctx: WeComContext) {
    this.record('location', payload, ctx);
  }

  @OnWeComEvent('click')
  @OnWeComEvent('view')
  onMenu(payload: Record<string, any>, ctx: WeComContext) {
    this.record(`menu:${payload.Event}`, payload, ctx);
  }

  @OnWeComEvent('enter_agent')
  onEnter(payload: Record<string, any>, ctx: WeComContext) {
    this.record('enter_agent', payload, ctx);
    return WeComReply.news([{ Title: '欢迎', Description: 'welcome', Url: 'https://example.com' }]);
  }
}

const xml = (fields: Record<string, string>): string =>
  `<xml>${Object.entries(fields)
    .map(([k, v]) => `<${k}><![CDATA[${v}]]></${k}>`)
    .join('')}</xml>`;

// Every message gets its own MsgId, as from WeCom; reusing one would be answered as a retry (deduplication).
let nextMsgId = 4561255354251345929n;
const textMessage = (content: string, msgId = String(nextMsgId++)) =>
  xml({ ToUserName: OFFICIAL.corpId, FromUserName: 'zhangsan', CreateTime: '1409659813', MsgType: 'text', Content: content, MsgId: msgId, AgentID: '218' });

describe.each(PLATFORMS)('WeCom callback endpoint (%s, real HTTP)', (platform) => {
  let app: INestApplication;
  let recorder: Recorder;

  beforeAll(async () => {
    app = await createWeComApp(
      { corpId: OFFICIAL.corpId, token: OFFICIAL.token, encodingAESKey: OFFICIAL.encodingAESKey, agentId: 218 },
      { providers: [Recorder] },
      platform,
    );
    recorder = app.get(Recorder);
  });
  afterAll(() => app.close());
  beforeEach(() => {
    recorder.calls = [];
  });

  const post = (signed: { query: string; body: string }, contentType = 'text/xml') =>
    request(app.getHttpServer()).post(`${PATH}?${signed.query}`).set('Content-Type', contentType).send(signed.body);

  describe('URL verification (GET)', () => {
    it('answers the official vector with the bare plaintext', async () => {
      const vector = officialVectors()['A-GET'];
      // The vector dates from 2014, so this app instance has its own tolerance check below.
      const replay = await createWeComApp({ ...OFFICIAL, timestampToleranceSeconds: false }, {}, platform);
      try {
        const res = await request(replay.getHttpServer()).get(`${PATH}?${vector.raw_query}`);
        expect(res.status).toBe(200);
        expect(res.text).toBe(vector.expected_plaintext);
        expect(res.headers['content-type']).toMatch(/^text\/plain/);
      } finally {
        await replay.close();
      }
    });

    it('answers a fresh verification and refuses the official one as expired', async () => {
      const res = await request(app.getHttpServer()).get(`${PATH}?${signedGet(keys, '8675309123')}`);
      expect(res.status).toBe(200);
      expect(res.text).toBe('8675309123');

      const expired = await request(app.getHttpServer()).get(`${PATH}?${officialVectors()['A-GET'].raw_query}`);
      expect(expired.status).toBe(403);
      expect(expired.body.errcode).toBe(403);
      expect(expired.body.errmsg).toMatch(/outside the 300s tolerance/);
    });

    it('accepts an echostr whose + arrived unencoded (decoded as a space)', async () => {
      let query = '';
      // Find an echostr containing '+', then send it raw so that URL decoding turns it into a space.
      for (let i = 0; i < 200 && !query.includes('%2B'); i++) query = signedGet(keys, String(1000 + i));
      const raw = query.replace(/echostr=(.*)$/, (_m, e: string) => `echostr=${decodeURIComponent(e).replace(/=/g, '%3D').replace(/\//g, '%2F')}`);
      const res = await request(app.getHttpServer()).get(`${PATH}?${raw}`);
      expect(res.status).toBe(200);
    });

    it('refuses a bad signature with -40001 and no stack trace', async () => {
      const query = signedGet(keys, '123').replace(/msg_signature=[0-9a-f]+/, `msg_signature=${'0'.repeat(40)}`);
      const res = await request(app.getHttpServer()).get(`${PATH}?${query}`);
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ errcode: -40001, errmsg: expect.stringMatching(/signature/) });
      expect(res.text).not.toMatch(/at .*\.ts:\d+/);
    });

    it('refuses an echostr encrypted for another corp with -40005', async () => {
      const res = await request(app.getHttpServer()).get(`${PATH}?${signedGet({ ...keys, receiveId: 'wwSomeoneElse' }, '42')}`);
      expect(res.status).toBe(403);
      expect(res.body.errcode).toBe(-40005);
    });

    it.each(['msg_signature', 'timestamp', 'nonce', 'echostr'])('refuses a request without %s with 400', async (name) => {
      const query = signedGet(keys, '42')
        .split('&')
        .filter((part) => !part.startsWith(`${name}=`))
        .join('&');
      const res = await request(app.getHttpServer()).get(`${PATH}?${query}`);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ errcode: 400, errmsg: expect.stringContaining(name) });
    });

    it('refuses a repeated parameter with 400', async () => {
      const query = signedGet(keys, '42');
      const res = await request(app.getHttpServer()).get(`${PATH}?${query}&nonce=1`);
      expect(res.status).toBe(400);
      expect(res.body.errmsg).toMatch(/"nonce" appears 2 times/);
    });
  });

  describe('delivery (POST)', () => {
    it('decrypts the official POST vector and routes it', async () => {
      const vector = officialVectors()['A-POST-XML'];
      const replay = await createWeComApp({ ...OFFICIAL, timestampToleranceSeconds: false }, { providers: [Recorder] }, platform);
      try {
        const res = await request(replay.getHttpServer())
          .post(`${PATH}?msg_signature=${vector.msg_signature}&timestamp=${vector.timestamp}&nonce=${vector.nonce}`)
          .set('Content-Type', 'text/xml')
          .send(vector.post_body);
        expect(res.status).toBe(200);
        const calls = replay.get(Recorder).calls;
        expect(calls.map((c) => c.handler).sort()).toEqual(['any-message', 'text']);
        const { payload, ctx } = calls.find((c) => c.handler === 'text')!;
        expect(payload).toEqual({
          ToUserName: 'wx5823bf96d3bd56c7',
          FromUserName: 'mycreate',
          CreateTime: '1409659813',
          MsgType: 'text',
          Content: 'hello',
          MsgId: '4561255354251345929',
          AgentID: '218',
        });
        expect(ctx).toMatchObject({ app: 'default', corpId: OFFICIAL.corpId, timestamp: vector.timestamp, nonce: vector.nonce });
        expect(ctx.rawXml).toBe(vector.expected_plaintext);
        const reply = openReply(keys, res.text);
        expect(reply.signatureValid).toBe(true);
        expect(reply.plaintext).toContain('<Content><![CDATA[echo: hello]]></Content>');
      } finally {
        await replay.close();
      }
    });

    it.each(['text/xml', 'application/xml', ''])('reads the body with content type "%s"', async (contentType) => {
      const signed = signedPost(keys, textMessage('hi'));
      const req = request(app.getHttpServer()).post(`${PATH}?${signed.query}`);
      if (contentType) req.set('Content-Type', contentType);
      const res = await req.send(Buffer.from(signed.body));
      expect(res.status).toBe(200);
      expect(openReply(keys, res.text).plaintext).toContain('echo: hi');
    });

    it('encrypts a text reply addressed back to the sender, with the same receiveid', async () => {
      const res = await post(signedPost(keys, textMessage('你好，世界')));
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/xml/);
      expect(res.text).toMatch(/^<xml><Encrypt><!\[CDATA\[.+\]\]><\/Encrypt><MsgSignature><!\[CDATA\[[0-9a-f]{40}\]\]><\/MsgSignature><TimeStamp>\d+<\/TimeStamp><Nonce><!\[CDATA\[\d+\]\]><\/Nonce><\/xml>$/);
      const reply = openReply(keys, res.text);
      expect(reply.signatureValid).toBe(true);
      expect(reply.receiveId).toBe(OFFICIAL.corpId);
      expect(reply.plaintext).toMatch(
        /^<xml><ToUserName><!\[CDATA\[zhangsan\]\]><\/ToUserName><FromUserName><!\[CDATA\[wx5823bf96d3bd56c7\]\]><\/FromUserName><CreateTime>\d+<\/CreateTime><MsgType><!\[CDATA\[text\]\]><\/MsgType><Content><!\[CDATA\[echo: 你好，世界\]\]><\/Content><\/xml>$/,
      );
    });

    it('keeps a 64-bit MsgId and a zero-led UserID exact', async () => {
      const plaintext = textMessage('x', '18446744073709551615').replace('zhangsan', '00123');
      await post(signedPost(keys, plaintext));
      const { payload } = recorder.calls.find((c) => c.handler === 'text')!;
      expect(payload.MsgId).toBe('18446744073709551615');
      expect(payload.FromUserName).toBe('00123');
    });

    it('runs every matching handler; the most specific reply wins (changeType over event)', async () => {
      const res = await post(
        signedPost(keys, xml({ ToUserName: OFFICIAL.corpId, FromUserName: 'sys', CreateTime: '1403610513', MsgType: 'event', Event: 'change_contact', ChangeType: 'create_party', Id: '2', Name: '研发部', ParentId: '1', Order: '1' })),
      );
      expect(recorder.calls.map((c) => c.handler).sort()).toEqual(['change_contact', 'create_party']);
      expect(recorder.calls[0].payload).toMatchObject({ Id: '2', Name: '研发部', ParentId: '1' });
      expect(openReply(keys, res.text).plaintext).toContain('party reply');
    });

    it('a specific message handler wins over the catch-all; the catch-all answers alone otherwise', async () => {
      expect(openReply(keys, (await post(signedPost(keys, textMessage('a')))).text).plaintext).toContain('echo: a');
      expect(recorder.calls.map((c) => c.handler).sort()).toEqual(['any-message', 'text']);
      // When the specific handler has nothing to say, the catch-all's reply is used.
      expect(openReply(keys, (await post(signedPost(keys, textMessage('silent')))).text).plaintext).toContain('from the catch-all');
      recorder.calls = [];
      const image = xml({ ToUserName: OFFICIAL.corpId, FromUserName: 'u', CreateTime: '1', MsgType: 'image', PicUrl: 'http://p', MediaId: 'm', MsgId: '1', AgentID: '1' });
      expect(openReply(keys, (await post(signedPost(keys, image))).text).plaintext).toContain('from the catch-all');
      expect(recorder.calls.map((c) => c.handler)).toEqual(['any-message']);
    });

    it('matches events case-insensitively (LOCATION) and runs stacked decorators', async () => {
      const location = xml({ ToUserName: OFFICIAL.corpId, FromUserName: 'u', CreateTime: '1', MsgType: 'event', Event: 'LOCATION', Latitude: '23.1', Longitude: '113.3', Precision: '30', AgentID: '1' });
      const res = await post(signedPost(keys, location));
      expect(res.status).toBe(200);
      expect(res.text).toBe('');
      expect(recorder.calls.map((c) => c.handler)).toEqual(['location']);
      await post(signedPost(keys, xml({ ToUserName: OFFICIAL.corpId, FromUserName: 'u', CreateTime: '1', MsgType: 'event', Event: 'click', EventKey: 'menu_1', AgentID: '1' })));
      await post(signedPost(keys, xml({ ToUserName: OFFICIAL.corpId, FromUserName: 'u', CreateTime: '1', MsgType: 'event', Event: 'view', EventKey: 'https://x', AgentID: '1' })));
      expect(recorder.calls.map((c) => c.handler)).toEqual(['location', 'menu:click', 'menu:view']);
    });

    it('answers an unrouted callback with an empty 200', async () => {
      const res = await post(signedPost(keys, xml({ ToUserName: OFFICIAL.corpId, FromUserName: 'sys', CreateTime: '1', MsgType: 'event', Event: 'unlicensed_notify', AgentID: '1' })));
      expect(res.status).toBe(200);
      expect(res.text).toBe('');
      expect(recorder.calls).toEqual([]);
    });

    it('encrypts a news reply', async () => {
      const res = await post(signedPost(keys, xml({ ToUserName: OFFICIAL.corpId, FromUserName: 'lisi', CreateTime: '1', MsgType: 'event', Event: 'enter_agent', EventKey: '', AgentID: '1' })));
      const { plaintext } = openReply(keys, res.text);
      expect(plaintext).toContain('<MsgType><![CDATA[news]]></MsgType><ArticleCount>1</ArticleCount><Articles><item><Title><![CDATA[欢迎]]></Title>');
    });

    it('answers 500 when a handler throws, so WeCom retries', async () => {
      const res = await post(signedPost(keys, textMessage('boom')));
      expect(res.status).toBe(500);
      expect(res.body).toEqual({ errcode: 500, errmsg: expect.any(String) });
      expect(res.text).not.toMatch(/exploded|\.ts:\d+/);
    });
  });

  describe('refusals (POST): the official errcode, a 4xx, and no handler runs', () => {
    const expectRefused = async (res: request.Response, status: number, errcode: number, message?: RegExp) => {
      expect(res.status).toBe(status);
      expect(res.body.errcode).toBe(errcode);
      if (message) expect(res.body.errmsg).toMatch(message);
      expect(res.text).not.toMatch(/\.ts:\d+|at Object\./);
      expect(recorder.calls).toEqual([]);
    };

    it('-40001 for a wrong signature', async () => {
      const signed = signedPost(keys, textMessage('x'));
      await expectRefused(await post({ ...signed, query: signed.query.replace(/msg_signature=[0-9a-f]{40}/, 'msg_signature=da39a3ee5e6b4b0d3255bfef95601890afd80709') }), 401, -40001);
    });

    it('-40001 for a request signed with another token', async () => {
      await expectRefused(await post(signedPost({ ...keys, token: 'OtherToken' }, textMessage('x'))), 401, -40001);
    });

    it('-40002 for a body that is not an envelope', async () => {
      const signed = signedPost(keys, textMessage('x'));
      await expectRefused(await post({ ...signed, body: '{"encrypt":"abc"}' }, 'application/json'), 400, -40002);
      await expectRefused(await post({ ...signed, body: '<xml><ToUserName>x</ToUserName></xml>' }), 400, -40002);
      await expectRefused(await post({ ...signed, body: '' }), 400, -40002);
    });

    it('-40002 for DOCTYPE / ENTITY declarations', async () => {
      const signed = signedPost(keys, textMessage('x'));
      const body = `<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY e SYSTEM "file:///etc/passwd">]>${signed.body.replace('<ToUserName>', '<ToUserName>&e;')}`;
      await expectRefused(await post({ ...signed, body }), 400, -40002);
    });

    it('-40005 for a message encrypted for another corp', async () => {
      await expectRefused(await post(signedPost({ ...keys, receiveId: 'wwAnotherCorp' }, textMessage('x'))), 403, -40005, /wwAnotherCorp/);
    });

    it('-40010 for an Encrypt that is not base64, and -40007 for one that is not whole blocks', async () => {
      const { getSignature } = await import('@wecom/crypto');
      const sign = (encrypt: string) => {
        const ts = String(Math.floor(Date.now() / 1000));
        return { query: `msg_signature=${getSignature(keys.token, ts, '1', encrypt)}&timestamp=${ts}&nonce=1`, body: `<xml><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>` };
      };
      await expectRefused(await post(sign('not*base64!')), 400, -40010);
      await expectRefused(await post(sign(Buffer.alloc(40, 1).toString('base64'))), 400, -40007);
    });

    it('403 for a timestamp outside the tolerance, even when signed', async () => {
      const old = String(Math.floor(Date.now() / 1000) - 301);
      await expectRefused(await post(signedPost(keys, textMessage('x'), { timestamp: old })), 403, 403, /in the past/);
    });

    it('400 for a timestamp that is not digits', async () => {
      const signed = signedPost(keys, textMessage('x'));
      await expectRefused(await post({ ...signed, query: signed.query.replace(/timestamp=\d+/, 'timestamp=12ab') }), 400, 400, /digits/);
    });

    it('413 for a body over the limit, before parsing', async () => {
      const signed = signedPost(keys, textMessage('x'));
      await expectRefused(await post({ ...signed, body: `<xml>${'a'.repeat(1024 * 1024 + 1)}</xml>` }), 413, 413);
    });
  });
});
