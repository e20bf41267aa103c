import 'reflect-metadata';
import { Body, Controller, Injectable, Post, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { createRequire } from 'node:module';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OnWeComBotMessage, WeComModule, type BotTextMessage, type WeComModuleOptions } from '../../src/index.js';
import { initApp, PLATFORMS, type Platform } from '../support/create-app.js';
import { OFFICIAL } from '../support/official-keys.js';
import { openJsonReply, signedJsonPost, signedPost } from '../support/oracle-client.js';

/** Express itself, as an app's own main.ts uses it (the repo has no @types/express). */
const express = createRequire(import.meta.url)('express') as { text(options: { type: string[] }): (...args: unknown[]) => void };

const botKeys = { token: OFFICIAL.token, encodingAESKey: OFFICIAL.encodingAESKey, receiveId: '' };
const appKeys = { token: OFFICIAL.token, encodingAESKey: OFFICIAL.encodingAESKey, receiveId: OFFICIAL.corpId };
const OPTIONS: WeComModuleOptions = {
  apps: [
    { name: 'default', path: '/wecom/callback', ...OFFICIAL },
    { kind: 'bot', name: 'bot', path: '/wecom/bot', token: OFFICIAL.token, encodingAESKey: OFFICIAL.encodingAESKey },
  ],
};
/** Nest's json and urlencoded parsers refuse bodies over 100 KB; the module's own limit is 1 MiB. */
const OVER_NEST_LIMIT = 200 * 1024;
const text = '<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName><FromUserName><![CDATA[u1]]></FromUserName><CreateTime>1</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[hi]]></Content><MsgId>1</MsgId></xml>';

@Injectable()
class Echo {
  @OnWeComBotMessage('text')
  onText(message: BotTextMessage) {
    return `you said: ${message.text.content}`;
  }
}

@Controller('user')
class UserController {
  @Post('echo')
  echo(@Body() body: unknown) {
    return { got: body };
  }
}

/** The module answers in its own format: `{ errcode, errmsg }` with WeCom's codes, never Nest's `{ statusCode, message }`. */
const expectOwnRefusal = (res: request.Response, status: number, errcode: number) => {
  expect(res.status).toBe(status);
  expect(res.body).toEqual({ errcode, errmsg: expect.any(String) });
};

describe.each(PLATFORMS)('body parsers and the callback paths (%s)', (platform: Platform) => {
  let app: INestApplication;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [WeComModule.forRoot(OPTIONS)], providers: [Echo], controllers: [UserController] }).compile();
    app = await initApp(moduleRef, platform);
  });
  afterAll(() => app.close());

  it('reads an AI bot JSON body itself and answers it', async () => {
    const signed = signedJsonPost(botKeys, JSON.stringify({ msgid: 'p1', msgtype: 'text', text: { content: 'hello' } }));
    const res = await request(app.getHttpServer()).post(`/wecom/bot?${signed.query}`).set('Content-Type', 'application/json').send(signed.body);
    expect(res.status).toBe(200);
    expect(openJsonReply(botKeys, res.text).plaintext).toContain('you said: hello');
  });

  it('answers malformed JSON on the bot path in its own format', async () => {
    const res = await request(app.getHttpServer()).post('/wecom/bot?msg_signature=x&timestamp=1&nonce=1').set('Content-Type', 'application/json').send('{"encrypt":');
    expectOwnRefusal(res, 400, -40002);
  });

  it('applies its own body limit to JSON and form bodies, not the parsers\' 100 KB', async () => {
    const json = await request(app.getHttpServer())
      .post('/wecom/bot?msg_signature=x&timestamp=1&nonce=1')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ encrypt: 'A'.repeat(OVER_NEST_LIMIT) }));
    expectOwnRefusal(json, 401, -40001);
    const form = await request(app.getHttpServer())
      .post('/wecom/callback?msg_signature=x&timestamp=1&nonce=1')
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .send(`encrypt=${'A'.repeat(OVER_NEST_LIMIT)}`);
    expectOwnRefusal(form, 400, -40002);
  });

  // Express matches routes case-insensitively and with a trailing slash; Fastify matches exactly, so
  // there these paths are not a callback route at all.
  it.runIf(platform === 'express')('also skips them on the path in another letter case or with a trailing slash, as the route matches it', async () => {
    const res = await request(app.getHttpServer()).post('/WeCom/Bot/?msg_signature=x&timestamp=1&nonce=1').set('Content-Type', 'application/json').send('{"encrypt":');
    expectOwnRefusal(res, 400, -40002);
  });

  it("leaves every other route's parsing to Nest", async () => {
    const json = await request(app.getHttpServer()).post('/user/echo').send({ a: 1 });
    expect(json.body).toEqual({ got: { a: 1 } });
    const form = await request(app.getHttpServer()).post('/user/echo').type('form').send('b=2');
    expect(form.body).toEqual({ got: { b: '2' } });
    const malformed = await request(app.getHttpServer()).post('/user/echo').set('Content-Type', 'application/json').send('{"a":');
    expect(malformed.status).toBe(400);
    expect(malformed.body.statusCode).toBe(400); // Nest's own format, unchanged
  });
});

describe('body parsers an Express app adds itself', () => {
  it('skips a parser registered with app.use() and with rawBody: true, and still parses for the user routes', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [WeComModule.forRoot(OPTIONS)], providers: [Echo], controllers: [UserController] }).compile();
    const app = moduleRef.createNestApplication({ logger: false, rawBody: true });
    app.use(express.text({ type: ['text/xml', 'application/xml'] }));
    await app.init();
    try {
      const signed = signedPost(appKeys, text);
      const ok = await request(app.getHttpServer()).post(`/wecom/callback?${signed.query}`).set('Content-Type', 'text/xml').send(signed.body);
      expect(ok.status).toBe(200);
      const huge = await request(app.getHttpServer())
        .post('/wecom/callback?msg_signature=x&timestamp=1&nonce=1')
        .set('Content-Type', 'text/xml')
        .send(`<xml>${'<a/>'.repeat(OVER_NEST_LIMIT / 4)}</xml>`);
      expectOwnRefusal(huge, 400, -40002);
      const json = await request(app.getHttpServer()).post('/user/echo').send({ a: 1 });
      expect(json.body).toEqual({ got: { a: 1 } });
      const xml = await request(app.getHttpServer()).post('/user/echo').set('Content-Type', 'text/xml').send('<x/>');
      expect(xml.body).toEqual({ got: '<x/>' });
    } finally {
      await app.close();
    }
  });
});
