import 'reflect-metadata';
import { Injectable, type INestApplication } from '@nestjs/common';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  OnWeComBotEvent,
  OnWeComBotMessage,
  WeComBotReply,
  WeComBotStream,
  type BotEnterChatEvent,
  type BotTextMessage,
  type WeComContext,
} from '../../src/index.js';
import { botEvent, botMessage, WeComBotTestClient } from '../../src/testing/index.js';
import { createWeComApp, PLATFORMS } from '../support/create-app.js';
import { OFFICIAL } from '../support/official-keys.js';
import { openJsonReply, signedGet, signedJsonPost, signedPost } from '../support/oracle-client.js';

const PATH = '/wecom/bot';
/** receiveid is "" for AI bots (PROTOCOL.md §1.5, §5.1). */
const keys = { token: OFFICIAL.token, encodingAESKey: OFFICIAL.encodingAESKey, receiveId: '' };

/** A chunk source the test releases one step at a time, so the stream's progress is deterministic. */
class Chunks implements AsyncIterable<string> {
  private pending: Array<(value: IteratorResult<string>) => void> = [];
  private queued: Array<IteratorResult<string>> = [];
  push(chunk: string) {
    this.deliver({ value: chunk, done: false });
  }
  end() {
    this.deliver({ value: undefined, done: true });
  }
  private deliver(result: IteratorResult<string>) {
    const waiter = this.pending.shift();
    if (waiter) waiter(result);
    else this.queued.push(result);
  }
  [Symbol.asyncIterator](): AsyncIterator<string> {
    return {
      next: () => {
        const queued = this.queued.shift();
        return queued ? Promise.resolve(queued) : new Promise((resolve) => this.pending.push(resolve));
      },
    };
  }
}

@Injectable()
class BotHandlers {
  calls: Array<{ route: string; payload: Record<string, any>; ctx: WeComContext }> = [];
  stream?: WeComBotStream;
  chunks?: Chunks;

  @OnWeComBotMessage('text')
  onText(message: BotTextMessage, ctx: WeComContext) {
    this.calls.push({ route: 'text', payload: message, ctx });
    const content = message.text.content;
    if (content === 'stream') return (this.stream = new WeComBotStream().append('Hel'));
    if (content === 'chunks') return (this.chunks = new Chunks());
    if (content === 'card') return WeComBotReply.templateCard({ card_type: 'text_notice', main_title: { title: 'Hi' } });
    return `you said: ${content}`;
  }

  @OnWeComBotMessage()
  onAnyMessage(message: Record<string, any>, ctx: WeComContext) {
    this.calls.push({ route: 'any-message', payload: message, ctx });
  }

  @OnWeComBotEvent('enter_chat')
  onEnterChat(event: BotEnterChatEvent, ctx: WeComContext) {
    this.calls.push({ route: 'enter_chat', payload: event, ctx });
    return '欢迎! Welcome.';
  }

  @OnWeComBotEvent()
  onAnyEvent(event: Record<string, any>, ctx: WeComContext) {
    this.calls.push({ route: 'any-event', payload: event, ctx });
  }
}

let msgCounter = 0;
const base = () => ({ msgid: `CAIQ16HMjQYY/NGagIOAgAMgq4KM0AI=${++msgCounter}`, aibotid: 'AIBOTID', chattype: 'single', from: { userid: 'zhangsan' } });
/** Hand-written plaintexts, for the checks against the official library (the oracle) and the refusals. */
const textMessage = (content: string) =>
  JSON.stringify({ ...base(), response_url: 'https://qyapi.weixin.qq.com/cgi-bin/aibot/response?response_code=x', msgtype: 'text', text: { content } });

describe.each(PLATFORMS)('AI bot JSON callbacks over real HTTP on %s (PROTOCOL.md §5.1)', (platform) => {
  let app: INestApplication;
  let handlers: BotHandlers;
  /** The public client of nestjs-wecom/testing, as users test their bots. */
  let bot: WeComBotTestClient;

  beforeAll(async () => {
    app = await createWeComApp(
      { apps: [{ kind: 'bot', name: 'bot', path: PATH, token: OFFICIAL.token, encodingAESKey: OFFICIAL.encodingAESKey }] },
      { providers: [BotHandlers] },
      platform,
    );
    handlers = app.get(BotHandlers);
    bot = WeComBotTestClient.forApp(app);
  });
  afterAll(() => app.close());
  beforeEach(() => {
    handlers.calls = [];
  });

  const post = (plaintext: string) => {
    const signed = signedJsonPost(keys, plaintext);
    return request(app.getHttpServer()).post(`${PATH}?${signed.query}`).set('Content-Type', 'application/json').send(signed.body);
  };
  /** Posts and opens the JSON reply with the official library. */
  const exchange = async (plaintext: string) => {
    const signed = signedJsonPost(keys, plaintext);
    const res = await request(app.getHttpServer()).post(`${PATH}?${signed.query}`).set('Content-Type', 'application/json').send(signed.body);
    expect(res.status).toBe(200);
    const reply = openJsonReply(keys, res.text);
    expect(reply.signatureValid).toBe(true);
    expect(reply.receiveId).toBe('');
    return { res, reply, json: JSON.parse(reply.plaintext) };
  };

  it('verifies the URL with receiveid "" and refuses an echostr carrying an id', async () => {
    const ok = await request(app.getHttpServer()).get(`${PATH}?${signedGet(keys, '9090909')}`);
    expect(ok.status).toBe(200);
    expect(ok.text).toBe('9090909');
    const withId = await request(app.getHttpServer()).get(`${PATH}?${signedGet({ ...keys, receiveId: OFFICIAL.corpId }, '9090909')}`);
    expect(withId.status).toBe(403);
    expect(withId.body.errcode).toBe(-40005);
  });

  it('routes a text message by msgtype and answers an encrypted JSON envelope', async () => {
    const { res, reply, json } = await exchange(textMessage('hello'));
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(Object.keys(reply.envelope).sort()).toEqual(['encrypt', 'msgsignature', 'nonce', 'timestamp']);
    expect(typeof reply.envelope.timestamp).toBe('string');
    // A string answer to a message is one finished stream frame (WeCom answers messages with streams).
    expect(json).toEqual({ msgtype: 'stream', stream: { id: expect.stringMatching(/^[0-9a-f]{32}$/), finish: true, content: 'you said: hello' } });
    expect(handlers.calls.map((c) => c.route).sort()).toEqual(['any-message', 'text']);
    const call = handlers.calls.find((c) => c.route === 'text')!;
    expect(call.payload).toMatchObject({ msgtype: 'text', text: { content: 'hello' }, from: { userid: 'zhangsan' }, chattype: 'single' });
    expect(call.ctx).toMatchObject({ app: 'bot', kind: 'bot', receiveId: '' });
    expect(JSON.parse(call.ctx.rawXml)).toEqual(call.payload);
  });

  it('deduplicates a retried message by msgid: the handlers run once and the retry gets the same stream', async () => {
    const prepared = bot.prepare(botMessage.text('hello again'));
    const first = await bot.deliver(prepared);
    // WeCom's retry: the same plaintext (same msgid); the client re-sends the same request.
    const retry = await bot.deliver(prepared);
    expect(handlers.calls.map((c) => c.route).sort()).toEqual(['any-message', 'text']);
    expect(retry.reply?.payload).toEqual(first.reply?.payload);
    expect(retry.reply?.stream).toMatchObject({ finish: true, content: 'you said: hello again' });
  });

  it('encrypts a template card reply', async () => {
    const { reply } = await bot.send(botMessage.text('card'));
    expect(reply?.msgType).toBe('template_card');
    expect(reply?.payload).toEqual({ msgtype: 'template_card', template_card: { card_type: 'text_notice', main_title: { title: 'Hi' } } });
  });

  it('answers enter_chat with welcome text', async () => {
    const result = await bot.send(botEvent.enterChat());
    expect(result.status).toBe(200);
    expect(result.reply?.payload).toEqual({ msgtype: 'text', text: { content: '欢迎! Welcome.' } });
    expect(handlers.calls.map((c) => c.route).sort()).toEqual(['any-event', 'enter_chat']);
    const call = handlers.calls.find((c) => c.route === 'enter_chat')!;
    expect(call.payload).toMatchObject({ msgtype: 'event', aibotid: 'AIBOTID', event: { eventtype: 'enter_chat', enter_chat: {} }, from: { userid: 'zhangsan' } });
    expect(typeof call.payload.create_time).toBe('number');
  });

  it('routes template_card_event and feedback_event with their details, and says no reply came', async () => {
    const card = await bot.send(botEvent.templateCardEvent({ event_key: 'approve', task_id: 'T-1' }));
    expect(card).toMatchObject({ status: 200, body: '', matchedHandlers: 1 });
    expect(handlers.calls.at(-1)?.payload.event).toEqual({ eventtype: 'template_card_event', template_card_event: { event_key: 'approve', task_id: 'T-1' } });
    await bot.send(botEvent.feedbackEvent({ id: 'FB-1', type: 2 }));
    expect(handlers.calls.at(-1)?.payload.event).toEqual({ eventtype: 'feedback_event', feedback_event: { id: 'FB-1', type: 2 } });
  });

  it('delivers every bot message type of the catalog to the catch-all, group chats included', async () => {
    for (const build of [botMessage.image, botMessage.mixed, botMessage.file, botMessage.video]) await bot.send(build());
    await bot.send(botMessage.voice('今天天气怎么样', { chattype: 'group', chatid: 'CHATID' }));
    const types = handlers.calls.map((c) => c.payload.msgtype);
    expect(types).toEqual(['image', 'mixed', 'file', 'video', 'voice']);
    expect(handlers.calls.at(-1)?.payload).toMatchObject({ chattype: 'group', chatid: 'CHATID', voice: { content: '今天天气怎么样' } });
  });

  it('answers the stream refresh polls from a WeComBotStream until finish, without running handlers', async () => {
    const first = await bot.send(botMessage.text('stream'));
    const id = first.reply!.stream!.id;
    expect(first.reply?.stream).toEqual({ id, finish: false, content: 'Hel' });
    handlers.calls = [];

    handlers.stream!.append('lo');
    expect((await bot.poll(id)).reply?.payload).toEqual({ msgtype: 'stream', stream: { id, finish: false, content: 'Hello' } });
    handlers.stream!.finish(', world');
    expect((await bot.poll(id)).reply?.stream).toEqual({ id, finish: true, content: 'Hello, world' });
    // A retried last poll still gets the final frame.
    expect((await bot.poll(id)).reply?.stream).toEqual({ id, finish: true, content: 'Hello, world' });
    expect(handlers.calls).toEqual([]);
  });

  it('streams an async iterable returned by the handler; followStream polls it to the end as WeCom does', async () => {
    const first = await bot.send(botMessage.text('chunks'));
    expect(first.reply?.stream?.finish).toBe(false);
    const chunks = handlers.chunks!;
    const seen: string[] = [];
    const following = bot.followStream(first, { intervalMs: 1, onFrame: (frame) => seen.push(frame.content ?? '') });
    chunks.push('一');
    chunks.push('二三');
    chunks.end();
    const answer = await following;
    expect(answer).toMatchObject({ finished: true, content: '一二三' });
    expect(answer.frames[0]).toEqual({ id: first.reply!.stream!.id, finish: false, content: '' });
    expect(answer.polls).toBeGreaterThanOrEqual(1);
    expect(seen.at(-1)).toBe('一二三');
  });

  it('hands a poll for an unknown stream to the handlers (another replica started it) and answers empty', async () => {
    const result = await bot.poll('not-started-here');
    expect(result).toMatchObject({ status: 200, body: '', matchedHandlers: 1 });
    expect(result.reply).toBeUndefined();
    expect(handlers.calls.map((c) => [c.route, c.payload.stream.id])).toEqual([['any-message', 'not-started-here']]);
    await expect(bot.followStream('not-started-here')).rejects.toThrow('refresh poll 1 of stream not-started-here got an empty 200 instead of a frame');
  });

  it('passes the URL verification through the public client, and refuses a wrong token', async () => {
    expect(await bot.verifyUrl()).toMatchObject({ status: 200, verified: true });
    const impostor = WeComBotTestClient.forApp(app, { credentials: { token: 'wrongToken', encodingAESKey: OFFICIAL.encodingAESKey } });
    expect(await impostor.send(botMessage.text('x'))).toMatchObject({ status: 401, errcode: -40001 });
    expect(handlers.calls).toEqual([]);
  });

  it.each(['application/json', 'text/plain', ''])('reads the JSON body with content type "%s"', async (contentType) => {
    const signed = signedJsonPost(keys, textMessage('ct'));
    const req = request(app.getHttpServer()).post(`${PATH}?${signed.query}`);
    if (contentType) req.set('Content-Type', contentType);
    // superagent would JSON-encode a Buffer sent as application/json, and label a bare string as a form.
    const res = await req.send(contentType === 'application/json' ? signed.body : Buffer.from(signed.body));
    expect(res.status).toBe(200);
    expect(JSON.parse(openJsonReply(keys, res.text).plaintext).stream.content).toBe('you said: ct');
  });

  describe('refusals: a 4xx with the official errcode, and no handler runs', () => {
    it('-40005 for a ciphertext carrying a CorpID instead of ""', async () => {
      const signed = signedJsonPost({ ...keys, receiveId: OFFICIAL.corpId }, textMessage('x'));
      const res = await request(app.getHttpServer()).post(`${PATH}?${signed.query}`).set('Content-Type', 'application/json').send(signed.body);
      expect(res.status).toBe(403);
      expect(res.body.errcode).toBe(-40005);
      expect(handlers.calls).toEqual([]);
    });

    it('-40002 for an XML envelope, and for a plaintext without msgtype', async () => {
      const xml = signedPost(keys, textMessage('x'));
      const asXml = await request(app.getHttpServer()).post(`${PATH}?${xml.query}`).set('Content-Type', 'text/xml').send(xml.body);
      expect(asXml.status).toBe(400);
      expect(asXml.body.errcode).toBe(-40002);
      const noType = await post(JSON.stringify({ msgid: '1' }));
      expect(noType.status).toBe(400);
      expect(noType.body.errcode).toBe(-40002);
      expect(handlers.calls).toEqual([]);
    });

    it('-40001 for a wrong signature', async () => {
      const signed = signedJsonPost(keys, textMessage('x'));
      const query = signed.query.replace(/msg_signature=[0-9a-f]{40}/, `msg_signature=${'1'.repeat(40)}`);
      const res = await request(app.getHttpServer()).post(`${PATH}?${query}`).set('Content-Type', 'application/json').send(signed.body);
      expect(res.status).toBe(401);
      expect(res.body.errcode).toBe(-40001);
    });
  });
});
