// Measures the AI-bot stream registry in a fresh process: what it keeps, its heap, and register()'s cost.
import 'reflect-metadata';
import { WeComBotStreamRegistry } from '../../src/families/bot/bot-stream.registry.js';
import { WeComBotStream } from '../../src/families/bot/wecom-bot-stream.js';
import { heapAfterGc } from '../support/probe-process.js';

const { streams, bigStreams, bigBytes, timedAt } = JSON.parse(process.env.PROBE_ARGS!) as { streams: number; bigStreams: number; bigBytes: number; timedAt: number };

// 1. Many streams from valid callbacks: how many does it keep?
const many = new WeComBotStreamRegistry();
for (let i = 0; i < streams; i++) many.register(new WeComBotStream().finish(`answer ${i}`));
const kept = many.size;

// 2. Large answers: the heap the registry holds once their handlers are done with them.
const base = heapAfterGc();
let big: WeComBotStreamRegistry | undefined = new WeComBotStreamRegistry();
for (let i = 0; i < bigStreams; i++) big.register(new WeComBotStream().finish(Buffer.alloc(bigBytes, 97 + (i % 26)).toString('latin1'))); // each its own flat string
const bigHeapBytes = heapAfterGc() - base;
big = undefined;

// 3. The cost of register() once it holds `timedAt` live streams.
const full = new WeComBotStreamRegistry();
// The registry before issue 13 scanned its whole map on every register(), so filling it through
// register() is quadratic (minutes at 100k): fill that one's map directly, then time register().
const legacyMap = (full as unknown as { streams?: unknown }).streams;
if (legacyMap instanceof Map) {
  for (let i = 0; i < timedAt; i++) {
    const stream = new WeComBotStream();
    legacyMap.set(stream.id, { stream, until: Date.now() + 6 * 60_000 });
  }
} else {
  for (let i = 0; i < timedAt; i++) full.register(new WeComBotStream());
}
const extra = Array.from({ length: 20_000 }, () => new WeComBotStream());
const started = process.hrtime.bigint();
for (const stream of extra) full.register(stream);
const registerMicros = Number(process.hrtime.bigint() - started) / 1000 / extra.length;

process.send!({ kept, bigHeapBytes, registerMicros, heldAfterTimed: full.size });
