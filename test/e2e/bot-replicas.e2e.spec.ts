import 'reflect-metadata';
import { Injectable, type INestApplication } from '@nestjs/common';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OnWeComBotMessage, RedisBotStreamStore, WeComBotStream } from '../../src/index.js';
import { createWeComApp } from '../support/create-app.js';
import { OFFICIAL } from '../support/official-keys.js';
import { openJsonReply, signedJsonPost } from '../support/oracle-client.js';
import { startRedisServer, type RunningRedis } from '../support/redis-server.js';

const PATH = '/wecom/bot';
const keys = { token: OFFICIAL.token, encodingAESKey: OFFICIAL.encodingAESKey, receiveId: '' };

@Injectable()
class StreamingHandlers {
  stream?: WeComBotStream;
  polls = 0;

  @OnWeComBotMessage('text')
  onText() {
    return (this.stream = new WeComBotStream().append('Hel'));
  }

  @OnWeComBotMessage('stream')
  onUnknownStream() {
    this.polls++; // reached only when no replica can answer the poll
  }
}

let counter = 0;
const base = () => ({ msgid: `replica-stream-${Date.now()}-${++counter}`, aibotid: 'AIBOT', chattype: 'single', from: { userid: 'zhangsan' } });
const text = (content: string) => JSON.stringify({ ...base(), msgtype: 'text', text: { content } });
const poll = (id: string) => JSON.stringify({ ...base(), msgtype: 'stream', stream: { id } });

describe('AI-bot streams across two replicas sharing a RedisBotStreamStore (real redis-server)', () => {
  let redis: RunningRedis;
  let replicas: INestApplication[];

  beforeAll(async () => {
    redis = await startRedisServer();
    const replica = () =>
      createWeComApp(
        {
          apps: [{ kind: 'bot', name: 'bot', path: PATH, token: OFFICIAL.token, encodingAESKey: OFFICIAL.encodingAESKey }],
          botStreams: { store: new RedisBotStreamStore({ url: redis.url }) },
        },
        { providers: [StreamingHandlers] },
      );
    replicas = [await replica(), await replica()];
  });
  afterAll(async () => {
    await Promise.all((replicas ?? []).map((app) => app.close()));
    await redis?.stop();
  });

  const exchange = async (replica: number, plaintext: string) => {
    const signed = signedJsonPost(keys, plaintext);
    const res = await request(replicas[replica].getHttpServer()).post(`${PATH}?${signed.query}`).set('Content-Type', 'application/json').send(signed.body);
    expect(res.status).toBe(200);
    return JSON.parse(openJsonReply(keys, res.text).plaintext).stream as { id: string; finish: boolean; content: string };
  };
  const pollUntil = async (replica: number, id: string, done: (frame: { finish: boolean; content: string }) => boolean) => {
    for (let i = 0; i < 60; i++) {
      const frame = await exchange(replica, poll(id));
      if (done(frame)) return frame;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('the other replica never saw the expected frame');
  };

  it('answers the refresh polls on the replica that does not run the stream, from the frames the owner publishes', async () => {
    const first = await exchange(0, text('stream please'));
    expect(first).toMatchObject({ finish: false, content: 'Hel' });
    const owner = replicas[0].get(StreamingHandlers);
    expect(await pollUntil(1, first.id, (frame) => frame.content === 'Hel')).toMatchObject({ finish: false });
    owner.stream!.append('lo');
    expect(await pollUntil(1, first.id, (frame) => frame.content === 'Hello')).toMatchObject({ finish: false });
    owner.stream!.finish(', world');
    expect(await pollUntil(1, first.id, (frame) => frame.finish)).toEqual({ id: first.id, finish: true, content: 'Hello, world' });
    expect(replicas[1].get(StreamingHandlers).polls).toBe(0); // never handed to the handlers
  });
});
