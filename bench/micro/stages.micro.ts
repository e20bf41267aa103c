import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { WeComCallbackExecutor } from '../../src/delivery/callback.executor.js';
import { MemoryDedupStore } from '../../src/delivery/dedup/memory-dedup.store.js';
import type { DedupRecord } from '../../src/delivery/dedup/dedup-record.js';
import { renderReplyXml } from '../../src/families/app/reply-plaintext.builder.js';
import { WeComReply } from '../../src/families/app/wecom-reply.js';
import { WeComCallbackEndpoints } from '../../src/families/callback-endpoints.js';
import type { InboundCallback } from '../../src/families/inbound-callback.js';
import { WeComCallbackProcessor } from '../../src/http/callback.processor.js';
import { assertFreshTimestamp, parseSignedQuery } from '../../src/http/signed-query.js';
import { writeReplyEnvelope } from '../../src/xml/xml-writer.js';
import { idealHandler } from '../ideal/ideal-handler.js';
import { IdealPipeline, replyEnvelope, type IdealQuery } from '../ideal/ideal-pipeline.js';
import { scanPlaintext } from '../ideal/ideal-xml-scanner.js';
import { BENCH_APP } from '../support/bench-settings.mjs';
import { RequestPool, type PooledRequest } from '../support/request-pool.mjs';
import { WeComBenchModule } from '../servers/wecom-bench.module.js';

/**
 * Per-stage cost in µs, in process, of the ideal pipeline (bench/ideal/) and of ours, on the same
 * distinct messages: each stage runs over a batch of N requests whose inputs the previous stages
 * already produced, so a stage's figure is that stage alone. `end to end` is the whole call
 * (WeComCallbackProcessor.receive vs IdealPipeline.handle) on fresh messages, and is the figure to
 * trust; the stages show where the difference sits. Rounds interleave ideal and ours; the minimum
 * over rounds is printed per stage (the least disturbed by the rest of the machine). Prints one JSON line: `{ stages: { text: [...], event: [...] } }`.
 */
const args = new Map(process.argv.slice(2).map((arg) => arg.replace(/^--/, '').split('=') as [string, string]));
const BATCH = Number(args.get('batch') ?? 4000);
const ROUNDS = Number(args.get('rounds') ?? 5);

interface StageRow {
  stage: string;
  ideal: number | null;
  ours: number | null;
}

type Timed = (index: number) => unknown;

/** µs per call of `run` over indexes 0..n-1 (sync, or awaited one at a time if it returns a promise). */
async function perCall(n: number, run: Timed): Promise<number> {
  const first = run(0);
  const async = first instanceof Promise;
  if (async) await first;
  const start = process.hrtime.bigint();
  if (async) for (let i = 1; i < n; i++) await run(i);
  else for (let i = 1; i < n; i++) run(i);
  return Number(process.hrtime.bigint() - start) / (n - 1) / 1000;
}

async function main(): Promise<void> {
  const app = await NestFactory.createApplicationContext(WeComBenchModule, { logger: ['fatal', 'error'] });
  const processor = app.get(WeComCallbackProcessor, { strict: false });
  const executor = app.get(WeComCallbackExecutor, { strict: false });
  const endpoints = app.get(WeComCallbackEndpoints, { strict: false });
  const endpoint = endpoints.get('default')!;
  const { app: wecomApp, family, routes } = endpoint;
  const ideal = new IdealPipeline(BENCH_APP, idealHandler);
  const out: Record<string, StageRow[]> = {};

  for (const kind of ['text', 'event'] as const) {
    const samples = new Map<string, { ideal: number[]; ours: number[] }>();
    const note = (stage: string, side: 'ideal' | 'ours', micros: number) => {
      if (!samples.has(stage)) samples.set(stage, { ideal: [], ours: [] });
      samples.get(stage)![side].push(micros);
    };
    for (let round = 0; round < ROUNDS; round++) {
      // ── the ideal pipeline, stage by stage ──
      {
        const { requests, bodies } = freshBatch(kind);
        const queries = requests.map((r) => ideal.query(r.path) as IdealQuery);
        note('query', 'ideal', await perCall(BATCH, (i) => ideal.query(requests[i].path)));
        const encrypts = bodies.map((b) => ideal.envelope(b)!);
        note('envelope', 'ideal', await perCall(BATCH, (i) => ideal.envelope(bodies[i])));
        note('signature', 'ideal', await perCall(BATCH, (i) => ideal.verify(queries[i], encrypts[i])));
        note('timestamp', 'ideal', await perCall(BATCH, (i) => ideal.fresh(queries[i].timestamp)));
        const plaintexts = encrypts.map((e) => ideal.decrypt(e) as string);
        note('decrypt + receiveid', 'ideal', await perCall(BATCH, (i) => ideal.decrypt(encrypts[i])));
        const messages = plaintexts.map((p) => scanPlaintext(p)!);
        note('plaintext XML', 'ideal', await perCall(BATCH, (i) => scanPlaintext(plaintexts[i])));
        note('dedup + handler', 'ideal', await perCall(BATCH, (i) => ideal.runOnce(messages[i], plaintexts[i])));
        if (kind === 'text') {
          const replyPlaintexts = messages.map((m) => ideal.replyPlaintext(m, `echo: ${m.Content as string}`));
          const sealed = replyPlaintexts.map((p) => ideal.seal(p));
          note('reply plaintext + envelope writers', 'ideal', await perCall(BATCH, (i) => {
            ideal.replyPlaintext(messages[i], `echo: ${messages[i].Content as string}`);
            return replyEnvelope(sealed[i], 'x'.repeat(40), queries[i]);
          }));
          note('reply encrypt + sign', 'ideal', await perCall(BATCH, (i) => ideal.sign(queries[i], ideal.seal(replyPlaintexts[i]))));
        }
        const fresh = freshBatch(kind);
        note('end to end', 'ideal', await perCall(BATCH, (i) => ideal.handle(fresh.requests[i].path, fresh.bodies[i])));
      }
      // ── ours, stage by stage ──
      {
        const { requests, bodies } = freshBatch(kind);
        const queries = requests.map((r) => parseSignedQuery(r.path, false));
        note('query', 'ours', await perCall(BATCH, (i) => parseSignedQuery(requests[i].path, false)));
        const encrypts = bodies.map((b) => family.readEncrypt(b));
        note('envelope', 'ours', await perCall(BATCH, (i) => family.readEncrypt(bodies[i])));
        note('signature', 'ours', await perCall(BATCH, (i) => wecomApp.crypto.verifySignature(queries[i].signature, queries[i].timestamp, queries[i].nonce, encrypts[i])));
        note('timestamp', 'ours', await perCall(BATCH, (i) => assertFreshTimestamp(queries[i].timestamp, wecomApp.timestampToleranceSeconds)));
        const decrypted = encrypts.map((e) => wecomApp.crypto.decrypt(e, wecomApp.receiveId));
        note('decrypt + receiveid', 'ours', await perCall(BATCH, (i) => wecomApp.crypto.decrypt(encrypts[i], wecomApp.receiveId)));
        const payloads = decrypted.map((d) => family.parse(d.message));
        note('plaintext XML', 'ours', await perCall(BATCH, (i) => family.parse(decrypted[i].message)));
        note('route match', 'ours', await perCall(BATCH, (i) => routes.match(payloads[i])));
        const inbounds: InboundCallback[] = decrypted.map((d, i) =>
          endpoints.inbound(endpoint, { plaintext: d.message, receiveId: d.receiveId, timestamp: queries[i].timestamp, nonce: queries[i].nonce, signature: queries[i].signature }),
        );
        note('inbound (parse + context + match)', 'ours', await perCall(BATCH, (i) =>
          endpoints.inbound(endpoint, { plaintext: decrypted[i].message, receiveId: decrypted[i].receiveId, timestamp: queries[i].timestamp, nonce: queries[i].nonce, signature: queries[i].signature }),
        ));
        const store = new MemoryDedupStore();
        // The module's own use of its default store: a synchronous claim, then the record replaced by the result.
        const done: DedupRecord = { state: 'done', reply: kind === 'text' ? WeComReply.text('echo: x') : undefined };
        note('  of which: memory dedup store (claim + record)', 'ours', await perCall(BATCH, (i) => {
          const pending: DedupRecord = { state: 'pending', owner: `o${i}` };
          store.claimRecord(`default:msg:${i}`, pending, 9000);
          store.replaceRecord(`default:msg:${i}`, pending, done, 300_000, false);
        }));
        const replies = [await executor.execute(inbounds[0])];
        note('dedup + handler', 'ours', await perCall(BATCH - 1, (i) => executor.execute(inbounds[i + 1])));
        if (kind === 'text') {
          const reply = replies[0] ?? WeComReply.text('echo: x');
          const plaintexts = inbounds.map((inbound) => renderReplyXml(reply as WeComReply, inbound.payload.FromUserName as string, wecomApp.corpId));
          const sealed = plaintexts.map((p) => wecomApp.crypto.encrypt(p, wecomApp.corpId));
          note('reply plaintext + envelope writers', 'ours', await perCall(BATCH, (i) => {
            renderReplyXml(reply as WeComReply, inbounds[i].payload.FromUserName as string, wecomApp.corpId);
            return writeReplyEnvelope(sealed[i], 'x'.repeat(40), queries[i].timestamp, queries[i].nonce);
          }));
          note('reply encrypt + sign', 'ours', await perCall(BATCH, (i) => wecomApp.crypto.sign(queries[i].timestamp, queries[i].nonce, wecomApp.crypto.encrypt(plaintexts[i], wecomApp.corpId))));
        }
        const fresh = freshBatch(kind);
        note('end to end', 'ours', await perCall(BATCH, (i) => processor.receive(endpoint, fresh.requests[i].path, fresh.bodies[i])));
      }
    }
    out[kind] = [...samples].map(([stage, { ideal: i, ours: o }]) => ({ stage, ideal: i.length ? Math.min(...i) : null, ours: o.length ? Math.min(...o) : null }));
  }
  await app.close();
  console.log(JSON.stringify({ stages: out }));
}

function freshBatch(kind: 'text' | 'event'): { requests: PooledRequest[]; bodies: Buffer[] } {
  const { requests } = new RequestPool(kind, BATCH);
  return { requests, bodies: requests.map((r) => Buffer.from(r.body, 'utf8')) };
}


await main();
