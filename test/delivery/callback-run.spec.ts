import { describe, expect, it } from 'vitest';
import { WeComReply } from '../../src/index.js';
import { CallbackRun, type RunHooks } from '../../src/delivery/callback-run.js';
import { DeadlineQueue } from '../../src/delivery/deadline-queue.js';
import type { InboundCallback } from '../../src/families/inbound-callback.js';

function controlled<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function recordingHooks(writes: 'sync' | 'async' = 'sync') {
  const events: string[] = [];
  const write = () => (writes === 'async' ? new Promise<void>((resolve) => setTimeout(resolve, 5)) : undefined);
  const hooks: RunHooks = {
    succeeded: (_run, reply) => (events.push(`succeeded:${(reply as WeComReply | undefined)?.msgType ?? 'none'}`), write()),
    failed: () => (events.push('failed'), write()),
    answeredEarly: () => void events.push('answeredEarly'),
    replyDropped: (_run, reply) => void events.push(`dropped:${(reply as WeComReply).msgType}`),
    handOffLate: () => (events.push('handOffLate'), new Error('hand-off late')),
  };
  return { events, hooks };
}

const inbound = {} as InboundCallback;

describe('CallbackRun: one decision per callback', () => {
  it('records the reply when the handlers finish first', async () => {
    const handlers = controlled<WeComReply | undefined>();
    const { events, hooks } = recordingHooks();
    const run = new CallbackRun(inbound, 'k', hooks).follow(handlers.promise);
    handlers.resolve(WeComReply.text('hi'));
    expect(((await run.wait()) as WeComReply | undefined)?.msgType).toBe('text');
    expect(run.answerEarly()).toBe(false);
    expect(events).toEqual(['succeeded:text']);
  });

  it('after answering early, drops a late reply and records "no reply"', async () => {
    const handlers = controlled<WeComReply | undefined>();
    const { events, hooks } = recordingHooks();
    const run = new CallbackRun(inbound, 'k', hooks).follow(handlers.promise);
    expect(run.answerEarly()).toBe(true);
    expect(run.answeredEarly).toBe(true);
    handlers.resolve(WeComReply.text('too late'));
    expect(await run.wait()).toBeUndefined();
    expect(events).toEqual(['answeredEarly', 'dropped:text', 'succeeded:none']);
  });

  it('forgets a failed run and passes the failure on to every waiter', async () => {
    const handlers = controlled<WeComReply | undefined>();
    const { events, hooks } = recordingHooks();
    const run = new CallbackRun(inbound, 'k', hooks).follow(handlers.promise);
    const waiting = [run.wait(), run.wait()];
    handlers.reject(new Error('boom'));
    for (const waiter of waiting) await expect(waiter).rejects.toThrow('boom');
    await expect(run.wait()).rejects.toThrow('boom');
    expect(events).toEqual(['failed']);
  });

  it('refuses an early 200 while the durable hand-off is still going', () => {
    const { hooks } = recordingHooks();
    const run = new CallbackRun(inbound, 'k', hooks).follow(new Promise(() => undefined));
    run.handingOff = true;
    expect(run.answerEarly()).toBe(false);
    run.handingOff = false;
    expect(run.answerEarly()).toBe(true);
  });

  it('while the result is being recorded, hands it out at once to a copy whose deadline came', async () => {
    const handlers = controlled<WeComReply | undefined>();
    const { hooks } = recordingHooks('async');
    const run = new CallbackRun(inbound, 'k', hooks).follow(handlers.promise);
    const early = { resolve: (_: unknown) => undefined, reject: (_: unknown) => undefined };
    expect(run.answerKnown(early)).toBe(false); // still running
    handlers.resolve(WeComReply.text('known'));
    await Promise.resolve();
    await Promise.resolve();
    let known: unknown;
    expect(run.answerKnown({ resolve: (reply) => (known = reply), reject: () => undefined })).toBe(true);
    expect((known as WeComReply).msgType).toBe('text');
    expect(run.settled).toBe(false); // the store write is still going
    await run.wait();
    expect(run.settled).toBe(true);
  });

  it('keeps store writes in the order they were decided, past a failed one', async () => {
    const { hooks } = recordingHooks();
    const run = new CallbackRun(inbound, 'k', hooks);
    const order: string[] = [];
    void run.write(async () => {
      await new Promise((resolve) => setTimeout(resolve, 10));
      order.push('renew');
      throw new Error('store down');
    });
    await run.write(async () => void order.push('done'));
    expect(order).toEqual(['renew', 'done']);
  });

  describe("the owner's answer", () => {
    const soon = () => Date.now() + 30;

    it('is the reply when the handlers finish before the deadline', async () => {
      const { hooks } = recordingHooks();
      const run = new CallbackRun(inbound, 'k', hooks).follow(Promise.resolve(WeComReply.text('fast')));
      expect(((await run.answer(new DeadlineQueue(), soon())) as WeComReply).msgType).toBe('text');
    });

    it('is an empty 200 at the deadline while the handlers run on, and the late reply is dropped', async () => {
      const handlers = controlled<WeComReply | undefined>();
      const { events, hooks } = recordingHooks();
      const run = new CallbackRun(inbound, 'k', hooks).follow(handlers.promise);
      expect(await run.answer(new DeadlineQueue(), soon())).toBeUndefined();
      handlers.resolve(WeComReply.text('late'));
      expect(await run.wait()).toBeUndefined();
      expect(events).toEqual(['answeredEarly', 'dropped:text', 'succeeded:none']);
    });

    it('is the hand-off error at the deadline while the durable queue has not taken the callback', async () => {
      const { events, hooks } = recordingHooks();
      const run = new CallbackRun(inbound, 'k', hooks).follow(new Promise(() => undefined));
      run.handingOff = true;
      await expect(run.answer(new DeadlineQueue(), soon())).rejects.toThrow('hand-off late');
      expect(events).toEqual(['handOffLate']);
    });

    it('is the failure when a handler throws in time', async () => {
      const { hooks } = recordingHooks('async');
      const run = new CallbackRun(inbound, 'k', hooks).follow(Promise.reject(new Error('boom')));
      await expect(run.answer(new DeadlineQueue(), Date.now() + 1000)).rejects.toThrow('boom');
    });
  });
});
