import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { CapturingLogger } from '../support/capturing-logger.js';
import { CountingHandlers, createDeliveryApp, Gate, officialKeys, textXml, until } from '../support/delivery-handlers.js';
import { signedPost } from '../support/oracle-client.js';

let ids = 8_000_000_000_000_000_000n;
const newMsgId = () => String(ids++);
const send = (app: INestApplication, plaintext: string) => {
  const signed = signedPost(officialKeys, plaintext);
  return request(app.getHttpServer()).post(`/wecom/callback?${signed.query}`).set('Content-Type', 'text/xml').send(signed.body);
};

describe('the ack deadline (ackTimeoutMs)', () => {
  it('answers an empty 200 while the handler still runs, keeps retries off it, and logs the late reply as dropped', async () => {
    const logger = new CapturingLogger();
    const app = await createDeliveryApp({ ackTimeoutMs: 100 }, logger);
    const handlers = app.get(CountingHandlers);
    try {
      const msgId = newMsgId();
      const message = textXml('gated', msgId);
      // The gate stays shut until after these answers arrive, so they can only come from the deadline.
      const first = await send(app, message);
      expect(first.status).toBe(200);
      expect(first.text).toBe('');
      expect(logger.messages('warn').some((line) => line.includes(msgId) && line.includes('still running after 100 ms'))).toBe(true);

      const retryDuringRun = await send(app, message);
      expect(retryDuringRun.status).toBe(200);
      expect(retryDuringRun.text).toBe('');
      expect(handlers.runs.get(`msg:${msgId}`)).toBe(1);

      handlers.gate.open();
      await until(() => handlers.finished === 1, 'the handler to finish');
      await until(() => logger.messages('warn').some((line) => line.includes('was dropped')), 'the dropped-reply warning');
      const dropped = logger.messages('warn').find((line) => line.includes('was dropped'))!;
      expect(dropped).toContain(msgId);
      expect(dropped).toContain('ctx.client.message.send(');

      // WeCom got an empty 200 the first time; a later retry gets the same, not the late reply.
      const retryAfterRun = await send(app, message);
      expect(retryAfterRun.text).toBe('');
      expect(handlers.runs.get(`msg:${msgId}`)).toBe(1);
    } finally {
      handlers.gate.open();
      await app.close();
    }
  });

  it('with ackTimeoutMs: false waits for the handler however long it takes', async () => {
    const app = await createDeliveryApp({ ackTimeoutMs: false });
    const handlers = app.get(CountingHandlers);
    try {
      const msgId = newMsgId();
      const pending = send(app, textXml('gated', msgId)).then((res) => res);
      await until(() => handlers.entered.includes(msgId), 'the handler to start');
      handlers.gate.open();
      const res = await pending;
      expect(res.status).toBe(200);
      expect(res.text).not.toBe('');
    } finally {
      await app.close();
    }
  });
});

describe('graceful shutdown', () => {
  it('app.close() waits for handlers still running after the deadline', async () => {
    const app = await createDeliveryApp({ ackTimeoutMs: 50 });
    const handlers = app.get(CountingHandlers);
    expect((await send(app, textXml('gated', newMsgId()))).text).toBe('');
    let closed = false;
    const closing = app.close().then(() => (closed = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(closed).toBe(false); // held by the running handler, however long we look
    expect(handlers.finished).toBe(0);
    handlers.gate.open();
    await closing;
    expect(handlers.finished).toBe(1);
  });

  it('gives up after shutdownTimeoutMs and says so', async () => {
    const logger = new CapturingLogger();
    const app = await createDeliveryApp({ ackTimeoutMs: 50, shutdownTimeoutMs: 100 }, logger);
    const handlers = app.get(CountingHandlers);
    handlers.gate = new Gate(); // never opened
    expect((await send(app, textXml('gated', newMsgId()))).text).toBe('');
    await app.close();
    expect(handlers.finished).toBe(0);
    expect(logger.messages('warn').some((line) => line.includes('still being handled after 100 ms'))).toBe(true);
  });
});
