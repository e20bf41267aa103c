import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CapturingLogger } from '../support/capturing-logger.js';
import { openReply, signedPost } from '../support/oracle-client.js';
import { contactEventXml, CountingHandlers, createDeliveryApp, officialKeys, textXml, until } from '../support/delivery-handlers.js';

const PATH = '/wecom/callback';
let ids = 7_000_000_000_000_000_000n;
const newMsgId = () => String(ids++);

/** Each call encrypts and signs afresh (new timestamp, nonce, random prefix), as WeCom does for a retry. */
const send = (app: INestApplication, plaintext: string) => {
  const signed = signedPost(officialKeys, plaintext);
  return request(app.getHttpServer()).post(`${PATH}?${signed.query}`).set('Content-Type', 'text/xml').send(signed.body);
};
const contentOf = (res: request.Response) => /<Content><!\[CDATA\[(.*)\]\]><\/Content>/.exec(openReply(officialKeys, res.text).plaintext)?.[1];

describe('deduplication of WeCom retries (in memory, the default)', () => {
  let app: INestApplication;
  let handlers: CountingHandlers;
  const logger = new CapturingLogger();

  beforeAll(async () => {
    app = await createDeliveryApp({}, logger);
    handlers = app.get(CountingHandlers);
  });
  afterAll(() => app.close());

  it('answers a retry after the first finished with the same reply, re-encrypted, without running the handler again', async () => {
    const message = textXml('hello', newMsgId());
    const first = await send(app, message);
    const retry = await send(app, message);
    expect(first.status).toBe(200);
    expect(retry.status).toBe(200);
    expect(contentOf(first)).toBe('echo: hello');
    expect(contentOf(retry)).toBe('echo: hello');
    expect(openReply(officialKeys, retry.text).signatureValid).toBe(true);
    expect(retry.text).not.toBe(first.text); // a fresh envelope, not the first ciphertext replayed
    expect(handlers.total()).toBe(1);
  });

  it('joins a duplicate that arrives while the first is still running', async () => {
    handlers.runs.clear();
    const msgId = newMsgId();
    const message = textXml('gated', msgId);
    const copies = Array.from({ length: 5 }, () => send(app, message).then((res) => res));
    const joined = () => logger.messages('debug').filter((line) => line.includes(msgId) && line.includes('joins the run in progress')).length;
    await until(() => joined() === 4, 'four duplicates to join the first run');
    // All five arrived while the handler was held: one run, four joiners.
    expect(handlers.runs.get(`msg:${msgId}`)).toBe(1);
    handlers.gate.open();
    const responses = await Promise.all(copies);
    expect(responses.map((res) => res.status)).toEqual([200, 200, 200, 200, 200]);
    expect(responses.map(contentOf)).toEqual(Array(5).fill('echo: gated'));
    expect(handlers.runs.get(`msg:${msgId}`)).toBe(1);
  });

  it('remembers nothing when a handler threw, so the retry runs it again', async () => {
    const msgId = newMsgId();
    const message = textXml('boom-once', msgId);
    const first = await send(app, message);
    expect(first.status).toBe(500);
    const retry = await send(app, message);
    expect(retry.status).toBe(200);
    expect(contentOf(retry)).toBe('echo: boom-once');
    expect(handlers.runs.get(`msg:${msgId}`)).toBe(2);
    const third = await send(app, message);
    expect(contentOf(third)).toBe('echo: boom-once');
    expect(handlers.runs.get(`msg:${msgId}`)).toBe(2);
  });

  it('keys events by their plaintext: two sys events in the same second both run, a retry of one does not', async () => {
    handlers.runs.clear();
    await send(app, contactEventXml('zhangsan'));
    await send(app, contactEventXml('lisi'));
    const retry = await send(app, contactEventXml('zhangsan'));
    expect(retry.status).toBe(200);
    expect(retry.text).toBe('');
    expect(Object.fromEntries(handlers.runs)).toEqual({ 'contact:zhangsan@1700000000': 1, 'contact:lisi@1700000000': 1 });
  });

  it('tells two messages with different MsgIds apart even when their text is equal', async () => {
    handlers.runs.clear();
    await send(app, textXml('same', newMsgId()));
    await send(app, textXml('same', newMsgId()));
    expect(handlers.total()).toBe(2);
  });
});

describe('deduplication options', () => {
  it('dedup: false runs every copy', async () => {
    const app = await createDeliveryApp({ dedup: false });
    try {
      const message = textXml('again', newMsgId());
      await send(app, message);
      await send(app, message);
      expect(app.get(CountingHandlers).total()).toBe(2);
    } finally {
      await app.close();
    }
  });

  it('uses a custom key function, scoped by app', async () => {
    const app = await createDeliveryApp({ dedup: { key: (payload) => `from:${String(payload.FromUserName)}` } });
    try {
      const first = await send(app, textXml('one', newMsgId(), 'wangwu'));
      const second = await send(app, textXml('two', newMsgId(), 'wangwu'));
      await send(app, textXml('three', newMsgId(), 'zhaoliu'));
      expect(contentOf(second)).toBe(contentOf(first));
      expect(app.get(CountingHandlers).total()).toBe(2);
    } finally {
      await app.close();
    }
  });

  it('forgets a callback after dedup.ttlSeconds', async () => {
    const app = await createDeliveryApp({ dedup: { ttlSeconds: 0.05 } });
    try {
      const message = textXml('short memory', newMsgId());
      await send(app, message);
      await new Promise((resolve) => setTimeout(resolve, 80));
      await send(app, message);
      expect(app.get(CountingHandlers).total()).toBe(2);
    } finally {
      await app.close();
    }
  });
});
