// One replica of the load test: a Nest app with WeComModule on a shared Redis, started by dedup-load.ts.
import 'reflect-metadata';
import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { OnWeComMessage, RedisDedupStore, WeComModule, type TextMessage } from '../../src/index.js';
import { LOAD_KEYS } from './load-keys.js';

@Injectable()
class CountingHandler {
  static readonly runs = new Map<string, number>();

  @OnWeComMessage('text')
  async onText(message: TextMessage) {
    const msgId = String(message.MsgId);
    CountingHandler.runs.set(msgId, (CountingHandler.runs.get(msgId) ?? 0) + 1);
    await sleep(5); // a little I/O-like work, so copies overlap in flight
    return `ack ${msgId}`;
  }
}

@Module({
  imports: [
    WeComModule.forRoot({
      corpId: LOAD_KEYS.corpId,
      token: LOAD_KEYS.token,
      encodingAESKey: LOAD_KEYS.encodingAESKey,
      dedup: { store: new RedisDedupStore({ url: process.env.REDIS_URL! }) },
    }),
  ],
  providers: [CountingHandler],
})
class ReplicaModule {}

let peakRss = process.memoryUsage().rss;
let readyRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);

const app = await NestFactory.create(ReplicaModule, { logger: ['error', 'warn'] });
await app.listen(0, '127.0.0.1');
const { port } = app.getHttpServer().address() as { port: number };
readyRss = process.memoryUsage().rss;
process.send!({ type: 'ready', port });

process.on('message', async (message: { type: string }) => {
  if (message.type !== 'report') return;
  process.send!({ type: 'report', runs: [...CountingHandler.runs], peakRss, readyRss });
  clearInterval(sampler);
  await app.close();
  process.disconnect();
});
