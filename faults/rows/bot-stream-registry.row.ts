import { runProbe } from '../support/probe-process.js';
import type { FaultRow, Scale } from '../support/fault-row.js';

const SCALES = {
  full: { streams: 20_000, bigStreams: 200, bigBytes: 500_000, timedAt: 100_000 },
  quick: { streams: 20_000, bigStreams: 50, bigBytes: 500_000, timedAt: 20_000 },
} satisfies Record<Scale, Record<string, number>>;

const mib = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MiB`;

/** The AI-bot stream registry with valid streams: what it keeps, the heap it holds, register()'s cost. */
export const botStreamRegistry: FaultRow = {
  id: 'bot-stream-registry',
  fault: 'AI-bot stream registry, with valid streams',
  issue: 'no cap: 20k streams kept 6 min; 200 × 500 KB messages add 99 MiB; register() scans the whole map (980 µs at 100k)',
  run: async (scale) => {
    const args = SCALES[scale];
    const probe = await runProbe<{ kept: number; bigHeapBytes: number; registerMicros: number; heldAfterTimed: number }>('bot-registry', args);
    return {
      figures:
        `${args.streams.toLocaleString('en')} streams registered, ${probe.kept.toLocaleString('en')} kept; ` +
        `${args.bigStreams} × ${args.bigBytes / 1000} KB answers hold ${mib(probe.bigHeapBytes)}; ` +
        `register() ${probe.registerMicros.toFixed(1)} µs with ${args.timedAt.toLocaleString('en')} registered (${probe.heldAfterTimed.toLocaleString('en')} held)`,
      numbers: { registered: args.streams, kept: probe.kept, bigHeapBytes: probe.bigHeapBytes, registerMicros: probe.registerMicros, heldAfterTimed: probe.heldAfterTimed },
    };
  },
};
