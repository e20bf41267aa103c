import { describe, expect, it } from 'vitest';
import { WeComReply } from '../../src/index.js';
import { CallbackRun, type RunObserver } from '../../src/delivery/callback-run.js';

function controlled<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function recordingObserver() {
  const events: string[] = [];
  const observer: RunObserver = {
    succeeded: async (reply) => void events.push(`succeeded:${(reply as WeComReply | undefined)?.msgType ?? 'none'}`),
    failed: async () => void events.push('failed'),
    answeredEarly: async () => void events.push('answeredEarly'),
    replyDropped: (reply) => void events.push(`dropped:${(reply as WeComReply).msgType}`),
  };
  return { events, observer };
}

describe('CallbackRun: one decision per callback', () => {
  it('records the reply when the handlers finish first', async () => {
    const handlers = controlled<WeComReply | undefined>();
    const { events, observer } = recordingObserver();
    const run = new CallbackRun(handlers.promise, observer);
    handlers.resolve(WeComReply.text('hi'));
    expect(((await run.outcome) as WeComReply | undefined)?.msgType).toBe('text');
    expect(run.answerEarly()).toBe(false);
    expect(events).toEqual(['succeeded:text']);
  });

  it('after answering early, drops a late reply, records "no reply", and never overwrites it with pending', async () => {
    const handlers = controlled<WeComReply | undefined>();
    const { events, observer } = recordingObserver();
    const run = new CallbackRun(handlers.promise, observer);
    expect(run.answerEarly()).toBe(true);
    handlers.resolve(WeComReply.text('too late'));
    expect(await run.outcome).toBeUndefined();
    expect(events).toEqual(['answeredEarly', 'dropped:text', 'succeeded:none']);
  });

  it('forgets a failed run and passes the failure on', async () => {
    const handlers = controlled<WeComReply | undefined>();
    const { events, observer } = recordingObserver();
    const run = new CallbackRun(handlers.promise, observer);
    handlers.reject(new Error('boom'));
    await expect(run.outcome).rejects.toThrow('boom');
    expect(events).toEqual(['failed']);
  });

  it('keeps going when the observer\'s store write fails', async () => {
    const { observer } = recordingObserver();
    const run = new CallbackRun(Promise.resolve(WeComReply.text('x')), { ...observer, succeeded: async () => Promise.reject(new Error('store down')) });
    expect(((await run.outcome) as WeComReply | undefined)?.msgType).toBe('text');
  });
});
