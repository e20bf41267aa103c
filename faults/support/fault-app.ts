// One replica under test, in its own process so a fault can kill it (-9) or stall its event loop.
// Started by app-process.ts with its settings in FAULT_APP (JSON). Every handler invocation is
// appended to the ledger file as it starts and as it ends, so the record survives the process.
import 'reflect-metadata';
import { appendFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Redis } from 'ioredis';
import { OnWeComMessage, RedisDedupStore, WeComModule, type TextMessage, type WeComDedupStore, type WeComModuleOptions } from '../../src/index.js';
import { OFFICIAL } from '../../test/support/official-keys.js';
import type { FaultAppSettings } from './fault-app-settings.js';

const settings = JSON.parse(process.env.FAULT_APP ?? '{}') as FaultAppSettings;
const record = (event: 'start' | 'end', msgId: string) => appendFileSync(settings.ledger, `${event} ${msgId} ${process.pid} ${Date.now()}\n`);

/**
 * A store whose conditional write always says "taken" and whose read always says "absent". Each call
 * answers on the next turn of the event loop, as a network store would.
 */
class LiarStore implements WeComDedupStore {
  calls = 0;
  private answer<T>(value: T): Promise<T> {
    this.calls++;
    return new Promise((resolve) => setImmediate(() => resolve(value)));
  }
  setIfAbsent(): Promise<boolean> {
    return this.answer(false);
  }
  get(): Promise<string | undefined> {
    return this.answer(undefined);
  }
  set(): Promise<void> {
    return this.answer(undefined);
  }
  delete(): Promise<void> {
    return this.answer(undefined);
  }
}

const liar = new LiarStore();

function store(): WeComDedupStore | undefined {
  const { store } = settings;
  switch (store.kind) {
    case 'memory':
      return undefined;
    case 'redis-url':
      return new RedisDedupStore({ url: store.url });
    case 'redis-client': {
      // What a user passes: an ioredis client with its defaults (no command timeout, 20 retries).
      const client = new Redis(store.url);
      client.on('error', () => undefined);
      return new RedisDedupStore({ client });
    }
    case 'liar':
      return liar;
  }
}

@Injectable()
class RecordingHandler {
  @OnWeComMessage('text')
  async onText(message: TextMessage) {
    const msgId = String(message.MsgId);
    record('start', msgId);
    const work = /^work:(\d+)$/.exec(String(message.Content))?.[1];
    await sleep(work === undefined ? settings.handlerMs : Number(work));
    record('end', msgId);
    return `echo ${msgId}`;
  }
}

const options = {
  corpId: OFFICIAL.corpId,
  token: OFFICIAL.token,
  encodingAESKey: OFFICIAL.encodingAESKey,
  ackTimeoutMs: settings.ackTimeoutMs ?? 4000,
  dedup: { store: store(), storeFailure: settings.storeFailure ?? 'fail-closed' },
} as WeComModuleOptions;

@Module({ imports: [WeComModule.forRoot(options)], providers: [RecordingHandler] })
class FaultAppModule {}

const app = await NestFactory.create(FaultAppModule, { logger: settings.logs ? ['error', 'warn', 'log'] : false });
await app.listen(0, '127.0.0.1');
const { port } = app.getHttpServer().address() as { port: number };

process.on('message', (message: { type: string; ms?: number }) => {
  if (message.type === 'stall') {
    // A synchronous stall of the whole event loop: no timer, no socket, no store renewal runs meanwhile.
    const until = Date.now() + (message.ms ?? 0);
    while (Date.now() < until);
    process.send!({ type: 'stalled' });
  } else if (message.type === 'stats') {
    process.send!({ type: 'stats', storeCalls: liar.calls });
  } else if (message.type === 'close') {
    void app.close().then(() => process.exit(0));
  }
});
process.send!({ type: 'ready', port });
