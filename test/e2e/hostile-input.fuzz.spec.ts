import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import v8 from 'node:v8';
import vm from 'node:vm';
import fc from 'fast-check';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CountingHandlers, createDeliveryApp, officialKeys, textXml } from '../support/delivery-handlers.js';
import { signedPost } from '../support/oracle-client.js';

const PATH = '/wecom/callback';
const BODY_LIMIT = 8192;
const RUNS = 150;

/** A valid signed callback to mutate: each fuzz case starts from a fresh one. */
const validCallback = (content: string) => signedPost(officialKeys, textXml(content, '424242'));

/** Replace, insert or delete characters at random places. */
const mutation = fc.array(
  fc.record({ at: fc.nat(), kind: fc.constantFrom('replace', 'insert', 'delete'), text: fc.string({ minLength: 1, maxLength: 8, unit: 'binary' }) }),
  { minLength: 1, maxLength: 6 },
);
function mutate(input: string, edits: { at: number; kind: string; text: string }[]): string {
  let out = input;
  for (const { at, kind, text } of edits) {
    const i = out.length === 0 ? 0 : at % (out.length + 1);
    if (kind === 'insert') out = out.slice(0, i) + text + out.slice(i);
    else if (kind === 'delete') out = out.slice(0, i) + out.slice(i + text.length);
    else out = out.slice(0, i) + text + out.slice(i + text.length);
  }
  return out;
}

/** The query as bytes on the wire: anything outside printable ASCII (and `#`) percent-encoded, lone surrogates included. */
const toWire = (query: string) =>
  query.replace(/[^\x21-\x7e]|#/g, (c) => [...Buffer.from(c, 'utf8')].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join(''));

/**
 * Content types that Nest's default body parser (express.json / express.urlencoded, registered before
 * any module route) reads itself: a body it cannot take is answered by Nest, `{ statusCode, message }`,
 * before the module sees it.
 */
const NEST_PARSED = /^application\/(json|x-www-form-urlencoded)/i;

const contentTypes = fc.oneof(
  fc.constantFrom('text/xml', 'application/xml', 'application/json', 'application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=x', 'text/xml; charset=gbk'),
  fc.string({ maxLength: 40 }).filter((value) => /^[\x21-\x7e]+\/[\x21-\x7e]+$/.test(value)),
);

/** What arrives: mutated envelopes, forged ciphertexts, random bytes, mutated and random queries. */
const hostileRequest = fc.oneof(
  fc.tuple(fc.string({ maxLength: 30 }), mutation).map(([content, edits]) => {
    const valid = validCallback(content);
    return { query: valid.query, body: Buffer.from(mutate(valid.body, edits), 'utf8'), original: valid };
  }),
  fc.tuple(fc.string({ maxLength: 30 }), mutation).map(([content, edits]) => {
    const valid = validCallback(content);
    return { query: mutate(valid.query, edits), body: Buffer.from(valid.body), original: valid };
  }),
  fc.tuple(fc.string({ maxLength: 30 }), fc.uint8Array({ minLength: 1, maxLength: 3000 })).map(([content, bytes]) => {
    const valid = validCallback(content);
    return { query: valid.query, body: Buffer.from(valid.body.replace(valid.encrypt, Buffer.from(bytes).toString('base64'))), original: valid };
  }),
  fc.tuple(fc.string({ maxLength: 200 }), fc.uint8Array({ maxLength: 2 * BODY_LIMIT })).map(([query, bytes]) => ({ query, body: Buffer.from(bytes), original: undefined })),
  fc.tuple(fc.webQueryParameters(), fc.string({ maxLength: 500 })).map(([query, body]) => ({ query, body: Buffer.from(`<xml>${body}</xml>`), original: undefined })),
  fc.tuple(fc.string({ maxLength: 30 }), fc.integer({ min: BODY_LIMIT + 1, max: 4 * BODY_LIMIT })).map(([content, size]) => {
    const valid = validCallback(content);
    return { query: valid.query, body: Buffer.from(valid.body.replace('<Encrypt>', `<Encrypt>${'A'.repeat(size)}`)), original: undefined };
  }),
);

/** A mutant that kept the ciphertext and the query is WeCom's own request, and may rightly succeed. */
const stillTheOriginal = (sample: { query: string; body: Buffer; original?: { query: string; encrypt: string } }) =>
  sample.original !== undefined && sample.query === sample.original.query && sample.body.toString('utf8').includes(sample.original.encrypt);

describe('fuzzing the endpoint with random and mutated requests (fast-check)', () => {
  let app: INestApplication;
  let handlers: CountingHandlers;

  beforeAll(async () => {
    app = await createDeliveryApp({ bodyLimit: BODY_LIMIT });
    handlers = app.get(CountingHandlers);
  });
  afterAll(() => app.close());

  it('never answers 5xx, never runs a handler, and always says why in {errcode, errmsg}', async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(hostileRequest, contentTypes, async (sample, contentType) => {
        fc.pre(!stillTheOriginal(sample));
        const res = await request(app.getHttpServer())
          .post(`${PATH}?${toWire(sample.query)}`)
          .set('Content-Type', contentType)
          .send(sample.body);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
        if (NEST_PARSED.test(contentType) && res.body?.statusCode === res.status) {
          // Nest's own body parser (on by default) read this body before the module's route, and refused
          // it in Nest's format. Still a 4xx before any handler; see NEST_PARSED.
          expect(res.body).toEqual({ statusCode: res.status, message: expect.any(String), ...(res.body.error ? { error: expect.any(String) } : {}) });
        } else {
          expect(res.body).toEqual({ errcode: expect.any(Number), errmsg: expect.any(String) });
        }
        expect(handlers.total()).toBe(0);
      }),
      { numRuns: RUNS * 4 },
    );
    // The mix reached every layer: query checks, envelope parsing, signature, size limit.
    expect([...statuses.keys()].sort()).toEqual(expect.arrayContaining([400, 401, 413]));
  });

  it('keeps serving, with heap and RSS reported over a bounded loop of hostile requests', async () => {
    // A collectable heap makes the figure mean something; the figure is reported, not asserted, because
    // GC timing makes any byte bound flaky.
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const fire = async (count: number) => {
      for (const [sample, contentType] of fc.sample(fc.tuple(hostileRequest, contentTypes), count)) {
        if (stillTheOriginal(sample)) continue;
        await request(app.getHttpServer()).post(`${PATH}?${toWire(sample.query)}`).set('Content-Type', contentType).send(sample.body);
      }
    };
    await fire(200); // warm up: JIT, parser caches, connection pools
    gc();
    const before = process.memoryUsage();
    await fire(1000);
    gc();
    const after = process.memoryUsage();
    const mib = (bytes: number) => (bytes / 1048576).toFixed(1);
    console.log(`[hostile-input] 1000 hostile requests after warm-up: heapUsed ${mib(before.heapUsed)} → ${mib(after.heapUsed)} MiB, rss ${mib(before.rss)} → ${mib(after.rss)} MiB`);
    expect(handlers.total()).toBe(0);
    const valid = validCallback('still alive');
    const res = await request(app.getHttpServer()).post(`${PATH}?${valid.query}`).set('Content-Type', 'text/xml').send(valid.body);
    expect(res.status).toBe(200);
    expect(handlers.total()).toBe(1);
  });
});
