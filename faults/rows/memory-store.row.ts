import { runProbe } from '../support/probe-process.js';
import type { FaultRow, Scale } from '../support/fault-row.js';

const SCALES = {
  full: { entries: 20_000, fillTo: 100_000, samples: 8 },
  quick: { entries: 5000, fillTo: 30_000, samples: 3 },
} satisfies Record<Scale, Record<string, number>>;

type Probe = { perEntryBytes: number; heapMinBytes: number; heapMaxBytes: number; baseBytes: number };
const mib = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MiB`;

/**
 * The default memory dedup store through the real callback path: heap after GC per remembered
 * callback, with short replies and with 2 KB replies, and the heap held once it is full and evicting.
 */
export const memoryStore: FaultRow = {
  id: 'memory-store',
  fault: 'memory dedup store (defaults)',
  issue: "bounded at 20k entries, but 600–850 B each, not the README's 425 B; with 2 KB replies heap swings 69–96 MiB",
  run: async (scale) => {
    const { entries, fillTo, samples } = SCALES[scale];
    const small = await runProbe<Probe>('memory-store', { entries, fillTo, samples, replyBytes: 0 });
    const large = await runProbe<Probe>('memory-store', { entries, fillTo, samples, replyBytes: 2048 });
    return {
      figures:
        `${Math.round(small.perEntryBytes)} B per entry with short replies, ${Math.round(large.perEntryBytes)} B with 2 KB replies; ` +
        `once full (${fillTo.toLocaleString('en')} sent), the store holds ${mib(small.heapMaxBytes - small.baseBytes)} (short) and ` +
        `${mib(large.heapMinBytes - large.baseBytes)}–${mib(large.heapMaxBytes - large.baseBytes)} (2 KB) above the empty app, after GC`,
      numbers: {
        perEntrySmall: small.perEntryBytes,
        perEntry2k: large.perEntryBytes,
        heldSmallMax: small.heapMaxBytes - small.baseBytes,
        held2kMin: large.heapMinBytes - large.baseBytes,
        held2kMax: large.heapMaxBytes - large.baseBytes,
      },
    };
  },
};
