import 'reflect-metadata';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { INestApplication } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WECOM_CHANNELS, type WeComChannelName } from '../../src/index.js';
import { publish, wecomChannels } from '../../src/observability/wecom-channels.js';
import { callbackType } from '../../src/observability/callback-type.js';
import { OFFICIAL } from '../support/official-keys.js';
import { startRedisServer, type RunningRedis } from '../support/redis-server.js';
import { createDurableApp, DurableHandlers, eventually, fastDurable, newMsgId, post, textXml } from '../delivery/durable/durable-support.js';

describe('diagnostics channels', () => {
  it('are named constants, one per step of a callback\'s life', () => {
    expect(Object.values(WECOM_CHANNELS)).toEqual([
      'nestjs-wecom:received',
      'nestjs-wecom:refused',
      'nestjs-wecom:duplicate',
      'nestjs-wecom:handled',
      'nestjs-wecom:failed',
      'nestjs-wecom:acked-early',
      'nestjs-wecom:enqueued',
      'nestjs-wecom:dead-lettered',
    ]);
  });

  it('build no message while nobody listens', () => {
    let built = 0;
    expect(wecomChannels.handled.hasSubscribers).toBe(false);
    publish('handled', () => {
      built++;
      return { app: 'a', kind: 'app', type: 'text', via: 'inline', durationMs: 1, replied: false };
    });
    expect(built).toBe(0);
  });

  it('type callbacks without ids or content', () => {
    expect(callbackType({ MsgType: 'text', MsgId: '1', Content: 'hi' })).toBe('text');
    expect(callbackType({ MsgType: 'event', Event: 'change_contact', ChangeType: 'update_user' })).toBe('event:change_contact/update_user');
    expect(callbackType({ InfoType: 'suite_ticket' })).toBe('info:suite_ticket');
    expect(callbackType({ msgtype: 'text', msgid: 'x' })).toBe('bot:text');
    expect(callbackType({ msgtype: 'event', event: { eventtype: 'enter_chat' } })).toBe('bot:event:enter_chat');
  });
});

describe('diagnostics channels of the durable queue, with a real Redis', () => {
  let redis: RunningRedis;
  let app: INestApplication;
  const seen: Array<{ channel: string; message: Record<string, unknown> }> = [];
  const listeners = new Map<WeComChannelName, (message: unknown, name: string | symbol) => void>();

  beforeAll(async () => {
    for (const name of Object.values(WECOM_CHANNELS)) {
      const listener = (message: unknown) => seen.push({ channel: name, message: message as Record<string, unknown> });
      listeners.set(name, listener);
      subscribe(name, listener);
    }
    redis = await startRedisServer();
    app = await createDurableApp({ durable: fastDurable(redis.url) });
  });
  afterAll(async () => {
    for (const [name, listener] of listeners) unsubscribe(name, listener);
    await app?.close();
    await redis?.stop();
  });

  const of = (channel: string, key: string) => seen.filter((entry) => entry.channel === channel && entry.message.key === key).map((entry) => entry.message);

  it('publishes enqueued, then handled from the queue, with ids and durations', async () => {
    const msgId = newMsgId();
    const key = `default:msg:${msgId}`;
    await post(app, textXml('observed content', msgId));
    await eventually(() => of(WECOM_CHANNELS.handled, key).some((m) => m.via === 'queue'), 'handled from the queue');
    expect(of(WECOM_CHANNELS.enqueued, key)).toEqual([
      { app: 'default', kind: 'app', type: 'text', key, jobId: `wecom-default%3Amsg%3A${msgId}`, handlers: 1, durationMs: expect.any(Number) },
    ]);
    // The callback's inline handler ran in the request, its durable one from the queue.
    const handled = of(WECOM_CHANNELS.handled, key);
    expect(handled).toHaveLength(2);
    expect(handled).toEqual(
      expect.arrayContaining([
        { app: 'default', kind: 'app', type: 'text', key, via: 'inline', durationMs: expect.any(Number), replied: false },
        { app: 'default', kind: 'app', type: 'text', key, jobId: `wecom-default%3Amsg%3A${msgId}`, attempt: 1, via: 'queue', durationMs: expect.any(Number), replied: false },
      ]),
    );
  });

  it('publishes each failed attempt, then dead-lettered once the attempts are used up', async () => {
    const msgId = newMsgId();
    const key = `default:msg:${msgId}`;
    await post(app, textXml('always-fail', msgId));
    await eventually(() => of(WECOM_CHANNELS.deadLettered, key).length === 1, 'dead-lettered');
    expect(of(WECOM_CHANNELS.failed, key).map((m) => [m.attempt, m.willRetry, m.errorName])).toEqual([
      [1, true, 'WeComHandlerError'],
      [2, true, 'WeComHandlerError'],
      [3, false, 'WeComHandlerError'],
    ]);
    expect(of(WECOM_CHANNELS.deadLettered, key)).toEqual([
      { app: 'default', kind: 'app', type: 'text', key, jobId: `wecom-default%3Amsg%3A${msgId}`, attemptsMade: 3, errorName: 'WeComHandlerError' },
    ]);
    expect(app.get(DurableHandlers).runsOf(msgId)).toBe(3);
  });

  it('never carries a plaintext, a token or a key', () => {
    const everything = JSON.stringify(seen);
    expect(seen.length).toBeGreaterThan(0);
    for (const secret of ['observed content', 'always-fail', OFFICIAL.token, OFFICIAL.encodingAESKey, '<xml>']) expect(everything).not.toContain(secret);
  });
});
