// Measures the default memory dedup store in a fresh process, through the real callback path: the heap
// (after a full GC) it holds per remembered callback, with short and with 2 KB replies, and the
// swing of the heap once the store is full and evicting.
import 'reflect-metadata';
import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { WeComCallbackEndpoints } from '../../src/families/callback-endpoints.js';
import { WeComCallbackProcessor } from '../../src/http/callback.processor.js';
import { OnWeComMessage, WeComModule, type TextMessage, type WeComModuleOptions } from '../../src/index.js';
import { officialKeys, textXml } from '../../test/support/delivery-handlers.js';
import { OFFICIAL } from '../../test/support/official-keys.js';
import { signedPost } from '../../test/support/oracle-client.js';
import { heapAfterGc } from '../support/probe-process.js';

const { entries, replyBytes, fillTo, samples, dedup } = JSON.parse(process.env.PROBE_ARGS!) as {
  entries: number;
  replyBytes: number;
  fillTo: number;
  samples: number;
  dedup?: Record<string, unknown>;
};
const reply = replyBytes > 0 ? 'r'.repeat(replyBytes) : '';

@Injectable()
class EchoHandler {
  @OnWeComMessage('text')
  onText(message: TextMessage) {
    // A fresh string per reply, as a real handler builds one.
    return reply ? `${message.MsgId}${reply}`.slice(0) : `echo ${message.MsgId}`;
  }
}

const options = { corpId: OFFICIAL.corpId, token: OFFICIAL.token, encodingAESKey: OFFICIAL.encodingAESKey, dedup: dedup ?? {} } as WeComModuleOptions;

@Module({ imports: [WeComModule.forRoot(options)], providers: [EchoHandler] })
class ProbeModule {}

const app = await NestFactory.createApplicationContext(ProbeModule, { logger: ['error'] });
const processor = app.get(WeComCallbackProcessor, { strict: false });
const endpoint = app.get(WeComCallbackEndpoints, { strict: false }).get('default')!;

let next = 5_100_000_000_000_000_000n;
async function send(count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const signed = signedPost(officialKeys, textXml('probe', String(next++)));
    const answer = await processor.receive(endpoint, `/wecom/callback?${signed.query}`, Buffer.from(signed.body));
    if (answer.status !== 200) throw new Error(`callback answered ${answer.status}`);
  }
}

await send(200); // warm every code path first
const base = heapAfterGc();
await send(entries);
const perEntry = (heapAfterGc() - base) / entries;

// Keep going past the bound; sample the heap after GC as the store evicts.
const heaps: number[] = [heapAfterGc()];
const batch = samples > 0 ? Math.ceil((fillTo - entries) / samples) : 0;
for (let s = 0; s < samples; s++) {
  await send(batch);
  heaps.push(heapAfterGc());
}
await app.close();
process.send!({ perEntryBytes: perEntry, heapMinBytes: Math.min(...heaps), heapMaxBytes: Math.max(...heaps), baseBytes: base });
