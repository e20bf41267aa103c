import 'reflect-metadata';
import { Injectable, type INestApplication } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OnWeComEvent, OnWeComMessage, WeComReply, type ClickEvent, type TextMessage } from '../../src/index.js';
import { event, message, WeComTestClient, WeComTestClientError } from '../../src/testing/index.js';
import request from 'supertest';
import { createWeComApp } from '../support/create-app.js';
import { signedPost } from '../support/oracle-client.js';
import { startMisbehavingEndpoint } from '../support/misbehaving-endpoint.js';
import { OFFICIAL } from '../support/official-keys.js';

const SALES = { name: 'sales', path: '/wecom/sales', corpId: 'wwsalescorp', token: 'salesToken', encodingAESKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG', agentId: 1000009 };

@Injectable()
class Handlers {
  texts: Array<{ app: string; message: TextMessage }> = [];

  @OnWeComMessage('text')
  text(message: TextMessage, ctx: { app: string }): string {
    this.texts.push({ app: ctx.app, message });
    return `${ctx.app}: ${message.Content}`;
  }

  @OnWeComEvent('click')
  click(event: ClickEvent): WeComReply {
    return WeComReply.news([{ Title: `clicked ${event.EventKey}`, Url: 'https://example.com/' }]);
  }
}

describe('WeComTestClient against a real Nest app with two WeCom apps', () => {
  let app: INestApplication;
  let handlers: Handlers;

  beforeAll(async () => {
    app = await createWeComApp({ apps: [{ name: 'hr', path: '/wecom/hr', ...OFFICIAL }, SALES] }, { providers: [Handlers] });
    handlers = app.get(Handlers);
  });
  afterAll(() => app.close());

  it('takes each app\'s credentials, path and AgentID from the module configuration', async () => {
    const sales = WeComTestClient.forApp(app, { app: 'sales' });
    const result = await sales.send(message.text('hi'));
    expect(result.reply?.payload).toMatchObject({ Content: 'sales: hi', FromUserName: 'wwsalescorp' });
    expect(handlers.texts.at(-1)?.message).toMatchObject({ ToUserName: 'wwsalescorp', AgentID: '1000009' });
    expect((await WeComTestClient.forApp(app, { app: 'hr' }).verifyUrl()).verified).toBe(true);
  });

  it('tells how many handlers matched (0: none), which the CLI turns into words', async () => {
    const hr = WeComTestClient.forApp(app, { app: 'hr' });
    expect(await hr.send(event.click({ EventKey: 'k' }))).toMatchObject({ status: 200, matchedHandlers: 1 });
    expect(await hr.send(event.enterAgent())).toMatchObject({ status: 200, body: '', matchedHandlers: 0 });
    // A refusal answers before any routing: nothing to say.
    const impostor = WeComTestClient.forApp(app, { app: 'hr', credentials: { ...OFFICIAL, token: 'wrongToken' } });
    const refused = await impostor.send(message.text('x'));
    expect(refused.status).toBe(401);
    expect(refused.matchedHandlers).toBeUndefined();
  });

  it('answers WeCom exactly as before: the handler count is only for a signed request that asks for it', async () => {
    const keys = { token: OFFICIAL.token, encodingAESKey: OFFICIAL.encodingAESKey, receiveId: OFFICIAL.corpId };
    const plaintext = `<xml><ToUserName><![CDATA[${OFFICIAL.corpId}]]></ToUserName><FromUserName><![CDATA[zhangsan]]></FromUserName><CreateTime>1409659813</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[enter_agent]]></Event></xml>`;
    const post = (headers: Record<string, string>) => {
      const signed = signedPost(keys, plaintext);
      return request(app.getHttpServer()).post(`/wecom/hr?${signed.query}`).set({ 'content-type': 'text/xml', ...headers }).send(signed.body);
    };
    // As WeCom sends it: no such request header, so no such response header.
    const asWeCom = await post({});
    expect(asWeCom.status).toBe(200);
    expect(asWeCom.headers).not.toHaveProperty('x-wecom-matched-handlers');
    expect((await post({ 'x-wecom-simulator': '1' })).headers['x-wecom-matched-handlers']).toBe('0');
    // Unsigned: refused before anything is routed, and told nothing.
    const unsigned = await request(app.getHttpServer()).post('/wecom/hr?msg_signature=x&timestamp=1&nonce=1').set('x-wecom-simulator', '1').send('<xml/>');
    expect(unsigned.status).toBeGreaterThanOrEqual(400);
    expect(unsigned.headers).not.toHaveProperty('x-wecom-matched-handlers');
  });

  it('asks for an app name when the module has several', () => {
    expect(() => WeComTestClient.forApp(app)).toThrow('WeComModule has several apps ("hr", "sales"); pass { app: name }.');
  });

  it('parses structured replies: a news reply keeps its article list', async () => {
    const result = await WeComTestClient.forApp(app, { app: 'hr' }).send(event.click({ EventKey: 'menu_9' }));
    expect(result.reply?.msgType).toBe('news');
    expect(result.reply?.payload).toMatchObject({ ArticleCount: '1', Articles: { item: [{ Title: 'clicked menu_9', Url: 'https://example.com/' }] } });
  });

  it('sends a plaintext XML string or a fields object as they are', async () => {
    const hr = WeComTestClient.forApp(app, { app: 'hr' });
    const xml = `<xml><ToUserName><![CDATA[${OFFICIAL.corpId}]]></ToUserName><FromUserName><![CDATA[wangwu]]></FromUserName><CreateTime>1409659813</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[raw]]></Content><MsgId>4561255354251345929</MsgId></xml>`;
    expect((await hr.send(xml)).reply?.payload).toMatchObject({ Content: 'hr: raw', ToUserName: 'wangwu' });
    const fields = { ToUserName: OFFICIAL.corpId, FromUserName: 'lisi', CreateTime: '1409659813', MsgType: 'text', Content: 'object', MsgId: '1' };
    expect((await hr.send(fields)).reply?.payload).toMatchObject({ Content: 'hr: object', ToUserName: 'lisi' });
  });

  it('prepare + deliver replays the identical request (same MsgId), as WeCom retries', async () => {
    const hr = WeComTestClient.forApp(app, { app: 'hr' });
    const prepared = hr.prepare(message.text('twice'));
    const [first, second] = [await hr.deliver(prepared), await hr.deliver(prepared)];
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    const twice = handlers.texts.filter((text) => text.message.Content === 'twice');
    expect(new Set(twice.map((text) => text.message.MsgId)).size).toBe(1);
  });

  it('a stale signed timestamp is refused with 403, which the result carries', async () => {
    const result = await WeComTestClient.forApp(app, { app: 'hr' }).send(message.text('old'), { timestamp: Math.floor(Date.now() / 1000) - 3600 });
    expect(result).toMatchObject({ status: 403, errcode: 403 });
    expect(result.errmsg).toContain('outside the 300s tolerance');
  });
});

describe('WeComTestClient failures of the conversation itself', () => {
  it('an invalid URL fails where the client is built', () => {
    expect(() => WeComTestClient.forUrl('not a url', OFFICIAL)).toThrow(expect.objectContaining({ code: 'invalid-url' }));
  });

  it('a reply that does not verify throws reply-not-verified', async () => {
    const endpoint = await startMisbehavingEndpoint('forged-reply');
    try {
      const client = WeComTestClient.forUrl(endpoint.url, OFFICIAL);
      const failure = await client.send(message.text('hi')).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(WeComTestClientError);
      expect(failure).toMatchObject({ code: 'reply-not-verified' });
    } finally {
      await endpoint.close();
    }
  });

  it('an echo answered with quotes is not verified', async () => {
    const endpoint = await startMisbehavingEndpoint('quoted-echo');
    try {
      const result = await WeComTestClient.forUrl(endpoint.url, OFFICIAL).verifyUrl();
      expect(result).toMatchObject({ status: 200, verified: false, body: JSON.stringify(result.echo) });
    } finally {
      await endpoint.close();
    }
  });
});
