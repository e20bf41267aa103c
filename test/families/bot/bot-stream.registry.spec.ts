import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { resolveBotStreams } from '../../../src/config/resolve-bot-streams.js';
import { WeComBotStreamRegistry } from '../../../src/families/bot/bot-stream.registry.js';
import { MAX_STREAM_CONTENT_BYTES, MemoryBotStreamStore, WeComBotStream, type WeComModuleOptions } from '../../../src/index.js';

const registry = (botStreams: WeComModuleOptions['botStreams'] = {}) => new WeComBotStreamRegistry(resolveBotStreams({ botStreams } as WeComModuleOptions));
const tick = () => new Promise((resolve) => setTimeout(resolve, 50));
/** The registry looks at running streams every 500 ms: wait for it, bounded. */
const until = async (condition: () => Promise<boolean>, what: string) => {
  for (let i = 0; i < 100; i++) {
    if (await condition()) return;
    await tick();
  }
  throw new Error(`gave up waiting for ${what}`);
};

describe('WeComBotStreamRegistry', () => {
  it('answers the frame of a stream it runs, as the stream grows, until finish', async () => {
    const streams = registry();
    const stream = new WeComBotStream().append('Hel');
    streams.register(stream);
    expect(await streams.frame(stream.id)).toEqual({ msgtype: 'stream', stream: { id: stream.id, finish: false, content: 'Hel' } });
    stream.finish('lo');
    expect(await streams.frame(stream.id)).toEqual({ msgtype: 'stream', stream: { id: stream.id, finish: true, content: 'Hello' } });
    expect(await streams.frame('never-registered')).toBeUndefined();
  });

  it('never keeps more than maxStreams, forgetting the oldest first', async () => {
    const streams = registry({ maxStreams: 3 });
    const all = Array.from({ length: 5 }, (_, i) => new WeComBotStream().finish(`answer ${i}`));
    for (const stream of all) streams.register(stream);
    expect(streams.size).toBe(3);
    expect(await streams.frame(all[0].id)).toBeUndefined();
    expect(await streams.frame(all[1].id)).toBeUndefined();
    expect((await streams.frame(all[4].id))?.stream.content).toBe('answer 4');
  });

  it('is bounded in bytes, and keeps a finished stream as its last frame, clipped to what WeCom shows', async () => {
    const streams = registry({ maxBytes: 1024 * 1024 });
    const big = () => new WeComBotStream().finish('x'.repeat(500_000));
    const kept = Array.from({ length: 100 }, big);
    for (const stream of kept) streams.register(stream);
    // 100 × 500 KB of content, but each kept frame holds WeCom's 20480 bytes at most: ~48 fit in 1 MiB.
    expect(streams.size).toBeGreaterThan(40);
    expect(streams.size).toBeLessThan(52);
    const last = await streams.frame(kept[99].id);
    expect(Buffer.byteLength(last!.stream.content)).toBe(MAX_STREAM_CONTENT_BYTES);
    expect(await streams.frame(kept[0].id)).toBeUndefined();
  });

  it('counts a running stream by the content it holds, so a growing one pushes older ones out', async () => {
    const streams = registry({ maxBytes: 1024 * 1024 });
    const small = Array.from({ length: 10 }, () => new WeComBotStream().finish('short'));
    for (const stream of small) streams.register(stream);
    const growing = new WeComBotStream();
    streams.register(growing);
    growing.append('y'.repeat(2 * 1024 * 1024)); // more than the whole bound
    await until(async () => (await streams.frame(small[0].id)) === undefined, 'the watcher to count the growth');
    expect(await streams.frame(growing.id)).toBeUndefined(); // it alone exceeds the bound: nothing holds it
  });

  it('refuses bounds that cannot work and a store without publish/latest', () => {
    expect(() => registry({ maxStreams: 0 })).toThrow(/botStreams.maxStreams/);
    expect(() => registry({ maxBytes: 10 })).toThrow(/botStreams.maxBytes/);
    expect(() => registry({ store: {} as never })).toThrow(/botStreams.store/);
  });

  it('with a shared store, a replica that does not run the stream answers its polls from the latest published frame', async () => {
    const store = new MemoryBotStreamStore();
    const owner = registry({ store });
    const other = registry({ store });
    const stream = new WeComBotStream().append('first');
    owner.register(stream);
    await until(async () => (await other.frame(stream.id))?.stream.content === 'first', 'the first frame to be published');
    stream.append(' second');
    await until(async () => (await other.frame(stream.id))?.stream.content === 'first second', 'a changed frame to be published');
    stream.finish();
    await until(async () => (await other.frame(stream.id))?.stream.finish === true, 'the last frame');
    expect(await other.frame(stream.id)).toEqual(await owner.frame(stream.id));
    await owner.onApplicationShutdown();
    await other.onApplicationShutdown();
  });

  it('hands a poll to the handlers when the shared store fails, instead of failing the request', async () => {
    const failing = { publish: async () => Promise.reject(new Error('down')), latest: async () => Promise.reject(new Error('down')) };
    const streams = registry({ store: failing });
    streams.register(new WeComBotStream().finish('x'));
    expect(await streams.frame('elsewhere')).toBeUndefined();
  });

  it('bounds the shared store: a hung one costs a poll at most a second before it goes to the handlers', async () => {
    const hung = { publish: () => new Promise<void>(() => undefined), latest: () => new Promise<undefined>(() => undefined) };
    const streams = registry({ store: hung });
    streams.register(new WeComBotStream().finish('x'));
    expect(await streams.frame('elsewhere')).toBeUndefined(); // the store never answers: the registry's own bound does
  });
});
