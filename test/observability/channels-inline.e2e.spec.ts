import 'reflect-metadata';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WECOM_CHANNELS, type WeComChannelName } from '../../src/index.js';
import { CountingHandlers, createDeliveryApp, officialKeys, textXml, until } from '../support/delivery-handlers.js';
import { OFFICIAL } from '../support/official-keys.js';
import { signedPost } from '../support/oracle-client.js';

let ids = 7_200_000_000_000_000_000n;
const newMsgId = () => String(ids++);

describe('diagnostics channels of the request path and inline delivery', () => {
  let app: INestApplication;
  let handlers: CountingHandlers;
  const seen: Array<{ channel: string; message: Record<string, any> }> = [];
  const listeners = new Map<WeComChannelName, (message: unknown) => void>();
  const send = (plaintext: string, tamper = false) => {
    const signed = signedPost(officialKeys, plaintext);
    // Always a different first character: with a fixed '0', a signature starting with 0 stayed valid (1 run in 16).
    const query = tamper ? signed.query.replace(/msg_signature=(\w)/, (_, first: string) => `msg_signature=${first === '0' ? '1' : '0'}`) : signed.query;
    // then() starts the request now: a supertest request is lazy until awaited.
    return request(app.getHttpServer()).post(`/wecom/callback?${query}`).set('Content-Type', 'text/xml').send(signed.body).then((res) => res);
  };
  const of = (channel: string, key?: string) => seen.filter((e) => e.channel === channel && (key === undefined || e.message.key === key)).map((e) => e.message);

  beforeAll(async () => {
    for (const name of Object.values(WECOM_CHANNELS)) {
      const listener = (message: unknown) => seen.push({ channel: name, message: message as Record<string, any> });
      listeners.set(name, listener);
      subscribe(name, listener);
    }
    app = await createDeliveryApp({ ackTimeoutMs: 300 });
    handlers = app.get(CountingHandlers);
  });
  afterAll(async () => {
    for (const [name, listener] of listeners) unsubscribe(name, listener);
    await app?.close();
  });

  it('received, then handled inline with its duration and whether it replied; a retry is a recorded duplicate', async () => {
    const msgId = newMsgId();
    const key = `default:msg:${msgId}`;
    const before = of(WECOM_CHANNELS.received).length;
    await send(textXml('hello', msgId));
    expect(of(WECOM_CHANNELS.received).length).toBe(before + 1);
    expect(of(WECOM_CHANNELS.received).at(-1)).toEqual({ app: 'default', kind: 'app', bytes: expect.any(Number) });
    expect(of(WECOM_CHANNELS.handled, key)).toEqual([{ app: 'default', kind: 'app', type: 'text', key, via: 'inline', durationMs: expect.any(Number), replied: true }]);
    await send(textXml('hello', msgId));
    expect(of(WECOM_CHANNELS.duplicate, key)).toEqual([{ app: 'default', kind: 'app', type: 'text', key, answer: 'recorded' }]);
  });

  it('a copy arriving while the first runs is a joined duplicate; a run past the deadline is acked early', async () => {
    const msgId = newMsgId();
    const key = `default:msg:${msgId}`;
    const first = send(textXml('gated', msgId));
    await until(() => handlers.entered.includes(msgId), 'the first run');
    const copy = send(textXml('gated', msgId));
    await until(() => of(WECOM_CHANNELS.duplicate, key).length === 1, 'the joined copy');
    expect(of(WECOM_CHANNELS.duplicate, key)).toEqual([{ app: 'default', kind: 'app', type: 'text', key, answer: 'joined' }]);
    await Promise.all([first, copy]);
    expect(of(WECOM_CHANNELS.ackedEarly, key)).toEqual([{ app: 'default', kind: 'app', type: 'text', key, afterMs: 300 }]);
    handlers.gate.open();
  });

  it('failed inline, with the error\'s class only', async () => {
    const msgId = newMsgId();
    const key = `default:msg:${msgId}`;
    expect((await send(textXml('boom-once', msgId))).status).toBe(500);
    expect(of(WECOM_CHANNELS.failed, key)).toEqual([{ app: 'default', kind: 'app', type: 'text', key, via: 'inline', durationMs: expect.any(Number), errorName: 'WeComHandlerError' }]);
  });

  it('refused with the official errcode, and never the request\'s content', async () => {
    const res = await send(textXml('tampered', newMsgId()), true);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(of(WECOM_CHANNELS.refused).at(-1)).toEqual({ app: 'default', kind: 'app', errcode: -40001, status: res.status, stage: 'callback' });
    const everything = JSON.stringify(seen);
    for (const secret of ['hello', 'tampered', OFFICIAL.token, OFFICIAL.encodingAESKey, '<xml>']) expect(everything).not.toContain(secret);
  });
});
