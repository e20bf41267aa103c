import 'reflect-metadata';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WeComConfigError, type WeComModuleOptions } from '../../../src/index.js';
import { dedupKeyOfJobId, durableJobId, readJob } from '../../../src/delivery/durable/durable-job.js';
import { DurablePolicy } from '../../../src/delivery/durable/durable-policy.js';
import { resolveDurable } from '../../../src/config/resolve-durable.js';
import type { RouteMatch } from '../../../src/routing/route-table.js';
import { OFFICIAL } from '../../support/official-keys.js';

const base = { corpId: OFFICIAL.corpId, token: OFFICIAL.token, encodingAESKey: OFFICIAL.encodingAESKey };
const resolve = (extra: Record<string, unknown>) => resolveDurable({ ...base, ...extra } as WeComModuleOptions);
const url = 'redis://127.0.0.1:6379';

describe('durable options', () => {
  it('is off without the option, and has defaults with it', () => {
    expect(resolve({})).toBeUndefined();
    expect(resolve({ durable: { url } })).toMatchObject({
      connection: { url },
      byDefault: false,
      workers: true,
      routes: true,
      concurrency: 10,
      attempts: 5,
      backoff: { type: 'exponential', delayMs: 1000 },
      queueName: 'nestjs-wecom',
      prefix: 'bull',
      // Completed job ids are kept as long as the dedup window: 2 × 300 + 20 + 60 s.
      keepCompletedSeconds: 680,
      keepFailedSeconds: undefined,
      enqueueTimeoutMs: 2000,
      lockDurationMs: 30_000,
      stalledIntervalMs: 30_000,
    });
    expect(resolve({ durable: { url }, dedup: { ttlSeconds: 100 } })!.keepCompletedSeconds).toBe(100);
  });

  it('reads each app\'s own default', () => {
    const settings = resolve({ apps: [{ name: 'a', path: '/a', ...base, durable: true }, { name: 'b', path: '/b', ...base }], durable: { url } });
    expect([...settings!.appDefaults]).toEqual([['a', true]]);
  });

  it.each([
    [{ durable: {} }, /needs exactly one of url .* or client/],
    [{ durable: { url, client: { duplicate() {} } } }, /needs exactly one of url/],
    [{ durable: { url: 'localhost:6379' } }, /"durable.url" must start with redis:\/\//],
    [{ durable: { client: {} } }, /"durable.client" must be an ioredis client/],
    [{ durable: { url, concurrency: 0 } }, /"durable.concurrency" must be a whole number ≥ 1/],
    [{ durable: { url, attempts: 1.5 } }, /"durable.attempts"/],
    [{ durable: { url, backoff: { type: 'linear', delayMs: 1 } } }, /"durable.backoff" must be/],
    [{ durable: { url, queueName: 'a:b' } }, /"durable.queueName" must be a non-empty string without ":"/],
    [{ durable: { url, workers: 'yes' } }, /"durable.workers" must be true or false/],
    [{ durable: { url, enqueueTimeoutMs: 4000 } }, /"durable.enqueueTimeoutMs" \(4000\) must be below ackTimeoutMs/],
    [{ durable: { url, lockDurationMs: 10 } }, /"durable.lockDurationMs" must be a whole number ≥ 1000/],
    [{ durable: { url, retries: 3 } }, /"durable.retries" is not an option of durable/],
    [{ apps: [{ name: 'a', path: '/a', ...base, durable: true }] }, /"apps\[a\].durable" is true, but the module has no durable queue/],
    [{ apps: [{ name: 'a', path: '/a', ...base, durable: 'yes' }], durable: { url } }, /"apps\[a\].durable" must be true or false/],
  ])('refuses %j with a message naming the option', (extra, message) => {
    expect(() => resolve({ ackTimeoutMs: 4000, ...extra })).toThrow(WeComConfigError);
    expect(() => resolve({ ackTimeoutMs: 4000, ...extra })).toThrow(message);
  });
});

describe('durable job ids', () => {
  it('are the dedup key, escaped into what BullMQ accepts (no ":", never an integer), and reversible', () => {
    expect(durableJobId('default:msg:123')).toBe('wecom-default%3Amsg%3A123');
    expect(dedupKeyOfJobId('wecom-default%3Amsg%3A123')).toBe('default:msg:123');
    fc.assert(
      fc.property(fc.string(), (key) => {
        const id = durableJobId(key);
        expect(id.includes(':')).toBe(false);
        expect(`${parseInt(id, 10)}`).not.toBe(id);
        expect(dedupKeyOfJobId(id)).toBe(key);
      }),
    );
  });

  it('map different keys to different ids', () => {
    fc.assert(fc.property(fc.string(), fc.string(), (a, b) => a === b || durableJobId(a) !== durableJobId(b)));
  });

  it('refuses job data from another release or edited by hand', () => {
    expect(() => readJob({ v: 2 })).toThrow(/version 1/);
    expect(() => readJob(null)).toThrow(/version 1/);
    expect(() => readJob({ v: 1, app: 'a', key: 'k', type: 't', plaintext: 'x', receiveId: '', timestamp: '1', nonce: '1' })).toThrow(/"signature"/);
  });
});

describe('which handlers are durable', () => {
  const match = (durable: boolean | undefined, kind: 'message' | 'bot-message' = 'message'): RouteMatch =>
    ({ handler: { id: 'H.m', order: 0, invoke: async () => undefined, metadata: { kind, durable } }, specificity: 0 }) as unknown as RouteMatch;

  it('follows the handler, then its app, then the module', () => {
    const policy = new DurablePolicy(resolve({ apps: [{ name: 'a', path: '/a', ...base, durable: true }, { name: 'b', path: '/b', ...base, durable: false }, { name: 'c', path: '/c', ...base }], durable: { url, byDefault: true } }));
    const [explicitOff, explicitOn, unset] = [match(false), match(true), match(undefined)];
    const all = [explicitOff, explicitOn, unset];
    expect(policy.durableMatches('a', { MsgType: 'text' }, all)).toEqual([explicitOn, unset]);
    expect(policy.durableMatches('b', { MsgType: 'text' }, all)).toEqual([explicitOn]);
    expect(policy.durableMatches('c', { MsgType: 'text' }, all)).toEqual([explicitOn, unset]); // module default
  });

  it('never queues an AI bot stream refresh poll, and queues nothing without a queue', () => {
    const policy = new DurablePolicy(resolve({ durable: { url, byDefault: true } }));
    expect(policy.durableMatches('default', { msgtype: 'stream' }, [match(undefined, 'bot-message')])).toEqual([]);
    expect(new DurablePolicy(undefined).durableMatches('default', { MsgType: 'text' }, [match(true)])).toEqual([]);
  });
});
