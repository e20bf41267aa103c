import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { decrypt } from '@wecom/crypto';
import { WeComCallbackEndpoints } from '../../src/families/callback-endpoints.js';
import { WeComCallbackProcessor } from '../../src/http/callback.processor.js';
import { HandrolledCallback, parseWithFastXmlParser, parseWithXml2js } from '../baselines/handrolled-callback.js';
import { idealHandler } from '../ideal/ideal-handler.js';
import { IdealPipeline } from '../ideal/ideal-pipeline.js';
import { BENCH_APP } from '../support/bench-settings.mjs';
import { RequestPool, type PooledRequest } from '../support/request-pool.mjs';
import { WeComBenchModule } from '../servers/wecom-bench.module.js';

/**
 * In-process pipeline micro-benchmarks (no HTTP): one encrypted text message in, one encrypted,
 * signed text reply out. Every operation gets a distinct message from a fresh pool (deduplication
 * would otherwise short-circuit repeats). Interleaved like the HTTP scenarios: each of `reps` rounds
 * runs every implementation once, so `runs[i]` of two implementations are neighbours in time.
 * Prints one JSON line: `{ micro: [{ name, opsPerSec, runs }] }` (opsPerSec is the median).
 *
 * - ours: WeComCallbackProcessor.receive, the exact code behind the HTTP route (signature, timestamp,
 *   envelope and callback parsing with hardening, decrypt + receiveid, executor/dedup, routing,
 *   handler, reply rendering, encryption). It takes the body as a Buffer, as the route does.
 * - ideal: bench/ideal/ideal-pipeline.ts, the same checks at their cheapest, also from a Buffer.
 * - wecom-crypto+fast-xml-parser and wecom-crypto+xml2js: bench/baselines/handrolled-callback.ts,
 *   with the body already a string.
 */
const args = new Map(process.argv.slice(2).map((arg) => arg.replace(/^--/, '').split('=') as [string, string]));
const SECONDS = Number(args.get('seconds') ?? 1);
const WARMUP_SECONDS = Number(args.get('warmup') ?? 0.5);
const REPS = Number(args.get('reps') ?? 3);

type Operation = (request: PooledRequest, body: Buffer) => Promise<string>;

async function main(): Promise<void> {
  const app = await NestFactory.createApplicationContext(WeComBenchModule, { logger: ['fatal', 'error'] });
  const processor = app.get(WeComCallbackProcessor, { strict: false });
  const endpoint = app.get(WeComCallbackEndpoints, { strict: false }).get('default');
  if (!endpoint) throw new Error('the bench module has no "default" app');
  const withFastXmlParser = new HandrolledCallback(BENCH_APP, parseWithFastXmlParser);
  const withXml2js = new HandrolledCallback(BENCH_APP, parseWithXml2js);
  const ideal = new IdealPipeline(BENCH_APP, idealHandler);

  const operations: [string, Operation][] = [
    ['ours', async (request, body) => (await processor.receive(endpoint, request.path, body)).body],
    ['ideal', async (request, body) => ideal.handle(request.path, body).body],
    ['wecom-crypto+fast-xml-parser', (request) => withFastXmlParser.handle(queryOf(request.path), request.body)],
    ['wecom-crypto+xml2js', (request) => withXml2js.handle(queryOf(request.path), request.body)],
  ];
  const best = new Map<string, number>();
  for (const [name, operation] of operations) {
    await assertEchoes(name, operation);
    best.set(name, await timedRun(operation, WARMUP_SECONDS, 20_000));
  }
  const runs = new Map<string, number[]>(operations.map(([name]) => [name, []]));
  for (let round = 0; round < REPS; round++) {
    for (const [name, operation] of operations) {
      const rate = await timedRun(operation, SECONDS, Math.ceil(best.get(name)! * SECONDS * 1.3) + 100);
      runs.get(name)!.push(rate);
      best.set(name, Math.max(best.get(name)!, rate));
    }
  }
  await app.close();
  console.log(JSON.stringify({ micro: operations.map(([name]) => ({ name, opsPerSec: median(runs.get(name)!), runs: runs.get(name)! })) }));
}

/** ops/s over `seconds`, or over the whole pool if it runs out first (never a repeated message). The pool is built before the clock starts. */
async function timedRun(operation: Operation, seconds: number, poolSize: number): Promise<number> {
  const pool = new RequestPool('text', poolSize);
  const bodies = pool.requests.map((request) => Buffer.from(request.body, 'utf8'));
  const start = performance.now();
  const end = start + seconds * 1000;
  let done = 0;
  while (done < pool.size && performance.now() < end) {
    await operation(pool.requests[done], bodies[done]);
    done++;
  }
  return done / ((performance.now() - start) / 1000);
}

/** Refuses to time an implementation that does not actually produce the echo reply. */
async function assertEchoes(name: string, operation: Operation): Promise<void> {
  const [request] = new RequestPool('text', 1).requests;
  const reply = await operation(request, Buffer.from(request.body, 'utf8'));
  const encrypt = /<Encrypt><!\[CDATA\[([^\]]+)\]\]><\/Encrypt>/.exec(reply)?.[1];
  const plaintext = encrypt ? decrypt(BENCH_APP.encodingAESKey, encrypt).message : '';
  if (!plaintext.includes('echo: hello from the bench')) throw new Error(`${name} did not produce the echo reply: ${reply}`);
}

function queryOf(path: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(path.slice(path.indexOf('?') + 1)));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

await main();
