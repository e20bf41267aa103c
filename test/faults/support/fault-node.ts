// One process of a fault run (started by durable-crash.ts, killed with -9 by it): a Nest app with
// WeComModule on a shared Redis. Its text handler sleeps HANDLER_MS and records "msgId|pid|start" and
// "msgId|pid|done" in a Redis list, so every invocation is known outside the process that ran it.
import 'reflect-metadata';
import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable, Module, type OnModuleDestroy } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Redis } from 'ioredis';
import { OnWeComMessage, RedisDedupStore, WeComModule, type TextMessage, type WeComModuleOptions } from '../../../src/index.js';
import { FAULT_KEYS, RUNS_LIST } from './fault-keys.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`fault node: ${name} is not set`);
  return value;
};
const REDIS_URL = env('REDIS_URL');
const HANDLER_MS = Number(env('HANDLER_MS'));
const DURABLE = env('DURABLE') === '1';
const ROUTES = env('ROUTES') === '1';
const WORKERS = env('WORKERS') === '1';
const recorder = new Redis(REDIS_URL);

@Injectable()
class SlowHandler implements OnModuleDestroy {
  @OnWeComMessage('text', { durable: DURABLE })
  async onText(message: TextMessage) {
    if (message.Content === 'warm-up') return; // loads the code paths of a first request; not counted
    const msgId = String(message.MsgId);
    await recorder.rpush(RUNS_LIST, `${msgId}|${process.pid}|start`);
    await sleep(HANDLER_MS);
    await recorder.rpush(RUNS_LIST, `${msgId}|${process.pid}|done`);
  }

  async onModuleDestroy() {
    await recorder.quit();
  }
}

const options: WeComModuleOptions = {
  ...FAULT_KEYS,
  // Boot refuses durable handlers whose replies could not be sent; this handler returns nothing, and
  // the API base URL is a closed loopback port, so nothing would leave the machine anyway.
  secret: 'fault-node-secret-not-a-real-one',
  api: { baseUrl: 'http://127.0.0.1:9' },
  dedup: { store: new RedisDedupStore({ url: REDIS_URL }) },
  ...(process.env.ACK_TIMEOUT_MS ? { ackTimeoutMs: Number(process.env.ACK_TIMEOUT_MS) } : {}),
  ...(DURABLE
    ? {
        durable: {
          url: REDIS_URL,
          routes: ROUTES,
          workers: WORKERS,
          concurrency: Number(process.env.CONCURRENCY ?? 20),
          // Short locks, so that the jobs of a killed worker run again within seconds, not 30 s.
          lockDurationMs: Number(env('LOCK_MS')),
          stalledIntervalMs: Number(env('STALLED_MS')),
        },
      }
    : {}),
};

@Module({ imports: [WeComModule.forRoot(options)], providers: [SlowHandler] })
class FaultModule {}

const app = await NestFactory.create(FaultModule, { logger: ['error'] });
await app.listen(0, '127.0.0.1');
const { port } = app.getHttpServer().address() as { port: number };
process.send!({ type: 'ready', port, pid: process.pid });
process.on('message', async (message: { type: string }) => {
  if (message.type !== 'stop') return;
  await app.close();
  process.disconnect();
});
