import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveDelivery } from '../../src/config/resolve-delivery.js';
import { WeComCallbackExecutor } from '../../src/delivery/callback.executor.js';
import { decodeRecord, encodeRecord } from '../../src/delivery/dedup/dedup-record.js';
import type { DurableHandoff } from '../../src/delivery/durable-handoff.js';
import type { InboundCallback } from '../../src/families/inbound-callback.js';
import type { HandlerReply } from '../../src/families/handler-reply.js';
import type { RouteMatch } from '../../src/routing/route-table.js';
import {
  MemoryDedupStore,
  WeComCallbackInProgressError,
  WeComDedupStoreUnavailableError,
  WeComDeliveryUnavailableError,
  WeComDurableHandoffError,
  WeComReply,
  type WeComModuleOptions,
} from '../../src/index.js';
import { CapturingLogger } from '../support/capturing-logger.js';
import { FakeNetworkStore } from '../support/fake-network-store.js';

// The executor on its own: a scripted dispatcher, an InboundCallback as the request path builds it,
// and stores that answer across the event loop. Everything through its one public entry, execute().

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function match(id: string, durable = false): RouteMatch {
  return { handler: { id, order: 0, metadata: { kind: 'message', msgType: 'text', ...(durable ? { durable: true } : {}) }, invoke: async () => undefined }, specificity: 1 } as unknown as RouteMatch;
}

function inbound(msgId: string, matches: RouteMatch[] = [match('handler')]): InboundCallback {
  return {
    app: { name: 'default' },
    family: { toReply: (result: unknown) => result, describe: (payload: Record<string, unknown>) => `text MsgId=${String(payload.MsgId)}` },
    payload: { MsgType: 'text', MsgId: msgId },
    ctx: { rawXml: `<xml><MsgId>${msgId}</MsgId></xml>` },
    matches,
  } as unknown as InboundCallback;
}

/** Stands in for WeComCallbackDispatcher: runs `work` for each dispatch and records what it was given. */
class ScriptedDispatcher {
  readonly dispatched: { msgId: string; handlers: string[] }[] = [];
  work: (msgId: string) => Promise<HandlerReply | undefined> = async (msgId) => WeComReply.text(`echo ${msgId}`);

  async dispatch(callback: InboundCallback, matches: readonly RouteMatch[] = callback.matches): Promise<HandlerReply | undefined> {
    const msgId = String(callback.payload.MsgId);
    this.dispatched.push({ msgId, handlers: matches.map((m) => m.handler.id) });
    return this.work(msgId);
  }

  runs(msgId: string): number {
    return this.dispatched.filter((d) => d.msgId === msgId).length;
  }
}

function setUp(options: Partial<WeComModuleOptions>, dispatcher = new ScriptedDispatcher(), handoff?: DurableHandoff) {
  const executor = new WeComCallbackExecutor(dispatcher as never, resolveDelivery({ corpId: 'ww', token: 't', encodingAESKey: 'k', ...options } as WeComModuleOptions), handoff);
  executor.onModuleInit();
  return { executor, dispatcher };
}

const KEY = (msgId: string) => `default:msg:${msgId}`;
const text = (reply: HandlerReply | undefined) => (reply as WeComReply | undefined)?.fields.Content;

let logs: CapturingLogger;
beforeEach(() => {
  logs = new CapturingLogger();
  Logger.overrideLogger(logs);
});
afterEach(() => Logger.overrideLogger(false));

describe('claims with an owner token (a store across the network)', () => {
  it('renews the claim while the handlers run, as its owner, and records the result over its own claim', async () => {
    const store = new FakeNetworkStore();
    const { executor, dispatcher } = setUp({ dedup: { store, leaseMs: 1000 }, ackTimeoutMs: false });
    dispatcher.work = async () => (await sleep(900), WeComReply.text('slow'));
    expect(text(await executor.execute(inbound('1')))).toBe('slow');
    const renewals = store.calls.filter((call) => call.op === 'compareAndSet' && (call.args[1] as string).includes('"pending"'));
    expect(renewals.length).toBeGreaterThanOrEqual(2); // every 250 ms with a 1000 ms lease
    const owners = new Set(renewals.map((call) => JSON.parse(call.args[1] as string).owner));
    expect(owners.size).toBe(1);
    for (const renewal of renewals) expect(renewal.args[2]).toBe(1000); // the lease, never the 680 s TTL
    expect(decodeRecord(store.value(KEY('1'))!)).toMatchObject({ state: 'done' });
  });

  it('never overwrites the record of a run that took the claim over meanwhile', async () => {
    const store = new FakeNetworkStore();
    const { executor, dispatcher } = setUp({ dedup: { store, leaseMs: 1000 }, ackTimeoutMs: false });
    const newer = encodeRecord({ state: 'pending', owner: 'another-replica.1', session: 'elsewhere' });
    dispatcher.work = async () => {
      store.put(KEY('2'), newer, 60_000); // this run's claim lapsed and another replica claimed the callback
      await sleep(400);
      return WeComReply.text('stale');
    };
    await executor.execute(inbound('2'));
    await sleep(20);
    expect(store.value(KEY('2'))).toBe(newer);
    expect(logs.messages('warn').join('\n')).toMatch(/lapsed and another run holds it now/);
  });

  it('with a store without compare-and-set, falls back to read-then-write and says so at boot', async () => {
    const store = new FakeNetworkStore(false);
    const { executor } = setUp({ dedup: { store } });
    expect(logs.messages('warn').join('\n')).toMatch(/no compareAndSet\/compareAndDelete/);
    expect(text(await executor.execute(inbound('3')))).toBe('echo 3');
    expect(decodeRecord(store.value(KEY('3'))!)).toMatchObject({ state: 'done' });
  });

  it('releases the claim of a failed run, so that the next copy runs it again', async () => {
    const store = new FakeNetworkStore();
    const { executor, dispatcher } = setUp({ dedup: { store } });
    let first = true;
    dispatcher.work = async (msgId) => {
      if (first) throw ((first = false), new Error('boom'));
      return WeComReply.text(`again ${msgId}`);
    };
    await expect(executor.execute(inbound('4'))).rejects.toThrow('boom');
    expect(store.value(KEY('4'))).toBeUndefined();
    expect(store.count('compareAndDelete')).toBe(1);
    expect(text(await executor.execute(inbound('4')))).toBe('again 4');
  });
});

describe('a copy that finds the callback claimed by another run', () => {
  it('takes the claim over at once when the holder\'s session is gone, and runs it', async () => {
    const store = new FakeNetworkStore();
    const dead = encodeRecord({ state: 'pending', owner: 'dead.1', session: 'session-dead', early: true });
    store.put(KEY('5'), dead, 10_000);
    store.deadSessions!.add('session-dead');
    const { executor, dispatcher } = setUp({ dedup: { store }, ackTimeoutMs: 1000 });
    expect(text(await executor.execute(inbound('5')))).toBe('echo 5');
    expect(dispatcher.runs('5')).toBe(1);
    expect(logs.messages('warn').join('\n')).toMatch(/the replica holding it is gone/);
  });

  it('answers the empty 200 of a live holder that already answered WeCom early, without running anything', async () => {
    const store = new FakeNetworkStore();
    store.put(KEY('6'), encodeRecord({ state: 'pending', owner: 'alive.1', session: 'session-alive', early: true }), 10_000);
    const { executor, dispatcher } = setUp({ dedup: { store }, ackTimeoutMs: 1000 });
    expect(await executor.execute(inbound('6'))).toBeUndefined();
    expect(dispatcher.runs('6')).toBe(0);
  });

  it('answers 503 at its deadline, never an empty 200, when it cannot tell whether the holder is alive', async () => {
    const store = new FakeNetworkStore();
    store.deadSessions = undefined; // the store cannot tell
    store.put(KEY('7'), encodeRecord({ state: 'pending', owner: 'unknown.1', session: 'session-x', early: true }), 10_000);
    const { executor, dispatcher } = setUp({ dedup: { store }, ackTimeoutMs: 300 });
    await expect(executor.execute(inbound('7'))).rejects.toBeInstanceOf(WeComCallbackInProgressError);
    expect(dispatcher.runs('7')).toBe(0);
  });

  it('claims the callback once the holder\'s lease lapses within its deadline', async () => {
    const store = new FakeNetworkStore();
    store.put(KEY('8'), encodeRecord({ state: 'pending', owner: 'stopped.1' }), 150);
    const { executor, dispatcher } = setUp({ dedup: { store }, ackTimeoutMs: 2000 });
    expect(text(await executor.execute(inbound('8')))).toBe('echo 8');
    expect(dispatcher.runs('8')).toBe(1);
  });

  it('answers with the recorded result of the run it waited for', async () => {
    const store = new FakeNetworkStore();
    const held = encodeRecord({ state: 'pending', owner: 'busy.1', session: 'session-busy' });
    store.put(KEY('9'), held, 10_000);
    const { executor, dispatcher } = setUp({ dedup: { store }, ackTimeoutMs: 2000 });
    const answer = executor.execute(inbound('9'));
    await sleep(100);
    store.put(KEY('9'), encodeRecord({ state: 'done', reply: WeComReply.text('from the other replica') }), 60_000);
    expect(text(await answer)).toBe('from the other replica');
    expect(dispatcher.runs('9')).toBe(0);
  });
});

describe('every store call is bounded by the ack deadline', () => {
  it('a hung store gets a 503 by the deadline (fail-closed) and runs nothing', async () => {
    const store = new FakeNetworkStore();
    store.hung.add('setIfAbsent');
    const { executor, dispatcher } = setUp({ dedup: { store }, ackTimeoutMs: 200 });
    // The store never answers and has no timeout of its own: only the executor's bound can end this.
    await expect(executor.execute(inbound('10'))).rejects.toBeInstanceOf(WeComDedupStoreUnavailableError);
    expect(dispatcher.runs('10')).toBe(0);
  });

  it("a hung store with 'fail-open' runs the handlers, deduplicated within the process", async () => {
    const store = new FakeNetworkStore();
    store.hung.add('setIfAbsent');
    const { executor, dispatcher } = setUp({ dedup: { store, storeFailure: 'fail-open' }, ackTimeoutMs: 200 });
    expect(text(await executor.execute(inbound('11')))).toBe('echo 11');
    expect(dispatcher.runs('11')).toBe(1);
  });

  it('gives back a claim the store granted only after the deadline', async () => {
    const store = new FakeNetworkStore();
    store.setIfAbsentDelayMs = 400;
    const { executor, dispatcher } = setUp({ dedup: { store }, ackTimeoutMs: 150 });
    await expect(executor.execute(inbound('12'))).rejects.toBeInstanceOf(WeComDedupStoreUnavailableError);
    await sleep(500);
    expect(store.count('compareAndDelete')).toBe(1);
    expect(store.value(KEY('12'))).toBeUndefined(); // the next copy can claim it
    expect(dispatcher.runs('12')).toBe(0);
  });

  it('does not spin on a store that says "taken" and then "absent": a 503 at the deadline, few calls', async () => {
    const store = new FakeNetworkStore();
    store.setIfAbsent = async () => (store.calls.push({ op: 'setIfAbsent', key: '', args: [] }), false);
    store.get = async () => (store.calls.push({ op: 'get', key: '', args: [] }), undefined);
    const { executor } = setUp({ dedup: { store }, ackTimeoutMs: 500 });
    // A 503 either way: the store keeps contradicting itself (or, on a busy machine, its last read runs past the deadline).
    await expect(executor.execute(inbound('13'))).rejects.toBeInstanceOf(WeComDeliveryUnavailableError);
    expect(store.calls.length).toBeLessThan(40); // backing off from 25 ms to 200 ms
  });
});

describe('the durable hand-off point', () => {
  class RecordingHandoff implements DurableHandoff {
    readonly jobs: { key: string; handlers: string[] }[] = [];
    outcome: () => Promise<void> = async () => undefined;
    enqueue(key: string, _inbound: InboundCallback, durable: readonly RouteMatch[]): Promise<void> {
      this.jobs.push({ key, handlers: durable.map((m) => m.handler.id) });
      return this.outcome();
    }
  }
  const mixed = () => [match('inline'), match('durable', true)];

  it('enqueues the durable handlers under the dedup key, then runs the inline ones, then answers', async () => {
    const handoff = new RecordingHandoff();
    const order: string[] = [];
    handoff.outcome = async () => (await sleep(50), void order.push('enqueued'));
    const { executor, dispatcher } = setUp({}, undefined, handoff);
    dispatcher.work = async () => (order.push('inline ran'), WeComReply.text('inline reply'));
    expect(text(await executor.execute(inbound('20', mixed())))).toBe('inline reply');
    expect(handoff.jobs).toEqual([{ key: KEY('20'), handlers: ['durable'] }]);
    expect(dispatcher.dispatched).toEqual([{ msgId: '20', handlers: ['inline'] }]);
    expect(order).toEqual(['enqueued', 'inline ran']);
  });

  it('a refused hand-off answers 503, runs no inline handler and releases the claim for the retry', async () => {
    const handoff = new RecordingHandoff();
    handoff.outcome = async () => Promise.reject(new Error('queue down'));
    const { executor, dispatcher } = setUp({}, undefined, handoff);
    await expect(executor.execute(inbound('21', mixed()))).rejects.toBeInstanceOf(WeComDurableHandoffError);
    expect(dispatcher.dispatched).toEqual([]);
    handoff.outcome = async () => undefined;
    expect(text(await executor.execute(inbound('21', mixed())))).toBe('echo 21'); // WeCom's retry tries again
    expect(handoff.jobs).toHaveLength(2);
  });

  it('a hand-off still going at the deadline answers 503, never an early 200; the retry then finds the result', async () => {
    const handoff = new RecordingHandoff();
    handoff.outcome = () => sleep(300).then(() => undefined);
    const { executor, dispatcher } = setUp({ ackTimeoutMs: 100 }, undefined, handoff);
    await expect(executor.execute(inbound('22', mixed()))).rejects.toBeInstanceOf(WeComDurableHandoffError);
    await sleep(400);
    expect(text(await executor.execute(inbound('22', mixed())))).toBe('echo 22');
    expect(handoff.jobs).toHaveLength(1); // the retry did not enqueue a second job
    expect(dispatcher.runs('22')).toBe(1);
  });

  it('runs everything inline when no handler is durable, and durable handlers inline without a hand-off', async () => {
    const handoff = new RecordingHandoff();
    const withHandoff = setUp({}, undefined, handoff);
    await withHandoff.executor.execute(inbound('23'));
    expect(handoff.jobs).toEqual([]);
    const without = setUp({});
    await without.executor.execute(inbound('24', mixed()));
    expect(without.dispatcher.dispatched).toEqual([{ msgId: '24', handlers: ['inline', 'durable'] }]);
  });
});

describe('the memory store path', () => {
  it('keeps the record as the reply object itself (no JSON) and answers a duplicate from it', async () => {
    const store = new MemoryDedupStore();
    const { executor, dispatcher } = setUp({ dedup: { store } });
    const reply = WeComReply.text('kept as is');
    dispatcher.work = async () => reply;
    expect(await executor.execute(inbound('30'))).toBe(reply);
    expect(store.readRecord(KEY('30'))).toEqual({ state: 'done', reply });
    expect(await executor.execute(inbound('30'))).toBe(reply);
    expect(dispatcher.runs('30')).toBe(1);
  });

  it('marks an early answer in the claim, so another app sharing the store answers the same', async () => {
    const store = new MemoryDedupStore();
    const first = setUp({ dedup: { store }, ackTimeoutMs: 100 });
    const second = setUp({ dedup: { store }, ackTimeoutMs: 100 });
    first.dispatcher.work = async () => (await sleep(400), WeComReply.text('late'));
    expect(await first.executor.execute(inbound('31'))).toBeUndefined();
    expect(store.readRecord(KEY('31'))).toMatchObject({ state: 'pending', early: true });
    expect(await second.executor.execute(inbound('31'))).toBeUndefined();
    expect(second.dispatcher.runs('31')).toBe(0);
  });
});

describe('shutdown', () => {
  it('waits for running handlers, then releases the claims of those still going', async () => {
    const store = new FakeNetworkStore();
    const { executor, dispatcher } = setUp({ dedup: { store }, ackTimeoutMs: 50, shutdownTimeoutMs: 100 });
    dispatcher.work = () => new Promise(() => undefined); // never finishes
    expect(await executor.execute(inbound('40'))).toBeUndefined();
    expect(store.value(KEY('40'))).toBeDefined();
    await executor.beforeApplicationShutdown();
    expect(store.value(KEY('40'))).toBeUndefined();
    expect(logs.messages('warn').join('\n')).toMatch(/still being handled after 100 ms/);
  });
});
