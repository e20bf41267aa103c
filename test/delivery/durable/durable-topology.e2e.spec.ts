import 'reflect-metadata';
import { createServer, type Server } from 'node:http';
import { Injectable, type INestApplication } from '@nestjs/common';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OnWeComBotMessage, OnWeComMessage, WeComBotReply, WeComConfigError, WeComDurableCallbacks, type WeComContext } from '../../../src/index.js';
import { BOT_RESPONSE_URL_ORIGIN } from '../../../src/delivery/durable/durable-replies.js';
import { CapturingLogger } from '../../support/capturing-logger.js';
import { OFFICIAL } from '../../support/official-keys.js';
import { signedJsonPost } from '../../support/oracle-client.js';
import { startRedisServer, type RunningRedis } from '../../support/redis-server.js';
import { createDurableApp, DurableHandlers, eventually, fastDurable, newMsgId, post, textXml } from './durable-support.js';

describe('durable handlers: boot refuses what cannot work', () => {
  @Injectable()
  class Durable {
    @OnWeComMessage('text', { durable: true })
    onText() {}
  }
  @Injectable()
  class DurableStream {
    @OnWeComBotMessage('stream', { durable: true })
    onPoll() {}
  }
  const bot = { kind: 'bot' as const, name: 'bot', path: '/bot', token: OFFICIAL.token, encodingAESKey: OFFICIAL.encodingAESKey };

  it('a durable handler without the durable option', async () => {
    const failure = createDurableApp({}, { providers: [Durable] });
    await expect(failure).rejects.toThrow(WeComConfigError);
    await expect(createDurableApp({}, { providers: [Durable] })).rejects.toThrow(/Durable\.onText is declared \{ durable: true \}, but the module has no durable queue/);
  });

  it('a durable handler of AI bot stream refresh polls', async () => {
    await expect(createDurableApp({ apps: [bot], durable: fastDurable('redis://127.0.0.1:1') }, { providers: [DurableStream] })).rejects.toThrow(
      /DurableStream\.onPoll handles AI bot stream refresh polls, which must be answered passively/,
    );
  });
});

describe('worker-only and web-only processes of one app, on the same Redis', () => {
  let redis: RunningRedis;
  let web: INestApplication;
  let worker: INestApplication;
  const workerLog = new CapturingLogger();

  beforeAll(async () => {
    redis = await startRedisServer();
    web = await createDurableApp({ durable: fastDurable(redis.url, { workers: false }) });
    worker = await createDurableApp({ durable: fastDurable(redis.url, { routes: false }) }, { providers: [DurableHandlers] }, workerLog);
  });
  afterAll(async () => {
    await web?.close();
    await worker?.close();
    await redis?.stop();
  });

  it('the web process queues and answers; the worker process, which mounts no route, runs the handler', async () => {
    const msgId = newMsgId();
    expect((await post(web, textXml('across processes', msgId))).status).toBe(200);
    await eventually(() => worker.get(DurableHandlers).runsOf(msgId) === 1, 'the worker process to run it');
    expect(web.get(DurableHandlers).runsOf(msgId)).toBe(0);
    expect(web.get(DurableHandlers).inline).toContain(msgId); // inline handlers stay in the web process
    expect((await post(worker, textXml('no route here', newMsgId()))).status).toBe(404);
    expect(workerLog.messages('log').join('\n')).toMatch(/durable.routes is false: WeCom callback routes are not mounted/);
  });
});

describe('a durable AI bot handler answers through response_url (PROTOCOL.md §5.1, doc 101138)', () => {
  let redis: RunningRedis;
  let app: INestApplication;
  let responses: Server;
  const posted: Array<{ url: string; body: unknown }> = [];
  let failNext = 0;
  let origin: string;

  @Injectable()
  class BotDurable {
    runs = 0;
    @OnWeComBotMessage('text', { durable: true })
    onText(message: { text: { content: string } }, ctx: WeComContext) {
      this.runs++;
      if (message.text.content === 'card') return WeComBotReply.templateCard({ card_type: 'text_notice', main_title: { title: ctx.app } });
      return `you said: ${message.text.content}`;
    }
  }

  beforeAll(async () => {
    redis = await startRedisServer();
    responses = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        posted.push({ url: req.url!, body: JSON.parse(body) });
        res.setHeader('Content-Type', 'application/json');
        if (failNext > 0) {
          failNext--;
          res.end(JSON.stringify({ errcode: 45009, errmsg: 'api freq out of limit' }));
        } else res.end(JSON.stringify({ errcode: 0, errmsg: 'ok' }));
      });
    });
    await new Promise<void>((resolve) => responses.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(responses.address() as { port: number }).port}`;
    app = await createDurableApp(
      { apps: [{ kind: 'bot', name: 'bot', path: '/bot', token: OFFICIAL.token, encodingAESKey: OFFICIAL.encodingAESKey }], durable: fastDurable(redis.url) },
      { providers: [BotDurable] },
      false,
      (builder) => builder.overrideProvider(BOT_RESPONSE_URL_ORIGIN).useValue(origin),
    );
  });
  afterAll(async () => {
    await app?.close();
    await redis?.stop();
    await new Promise((resolve) => responses?.close(resolve));
  });

  let counter = 0;
  const send = (content: string, responseUrl = `${origin}/cgi-bin/aibot/response?response_code=${++counter}`) => {
    const plaintext = JSON.stringify({ msgid: `durable-bot-${counter}-${Date.now()}`, aibotid: 'AIBOT', chattype: 'single', from: { userid: 'lisi' }, response_url: responseUrl, msgtype: 'text', text: { content } });
    const signed = signedJsonPost({ token: OFFICIAL.token, encodingAESKey: OFFICIAL.encodingAESKey, receiveId: '' }, plaintext);
    return request(app.getHttpServer()).post(`/bot?${signed.query}`).set('Content-Type', 'application/json').send(signed.body);
  };

  it('answers the callback with an empty 200 and posts the handler\'s text as markdown to response_url', async () => {
    const res = await send('hi');
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    await eventually(() => posted.some((p) => p.url.endsWith(`response_code=${counter}`)), 'the active reply');
    expect(posted.find((p) => p.url.endsWith(`response_code=${counter}`))!.body).toEqual({ msgtype: 'markdown', markdown: { content: 'you said: hi' } });
  });

  it('sends a template card as is', async () => {
    await send('card');
    await eventually(() => posted.some((p) => p.url.endsWith(`response_code=${counter}`)), 'the card');
    expect(posted.find((p) => p.url.endsWith(`response_code=${counter}`))!.body).toEqual({ msgtype: 'template_card', template_card: { card_type: 'text_notice', main_title: { title: 'bot' } } });
  });

  it('retries only the send when response_url refuses it: the handler runs once', async () => {
    const handler = app.get(BotDurable);
    const before = handler.runs;
    failNext = 1;
    await send('retry the send');
    const code = `response_code=${counter}`;
    await eventually(() => posted.filter((p) => p.url.endsWith(code)).length === 2, 'the second send');
    expect(handler.runs).toBe(before + 1);
  });

  it('refuses a response_url off the API origin: the job fails into the failed set, nothing is fetched', async () => {
    const before = posted.length;
    await send('elsewhere', 'http://169.254.169.254/latest/meta-data');
    const durable = app.get(WeComDurableCallbacks);
    await eventually(async () => (await durable.failed()).some((f) => f.failedReason.includes('response_url is not on')), 'the failed set');
    expect(posted.length).toBe(before);
  });
});
