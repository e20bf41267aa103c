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
    // Per entry: bounds out of the way, so nothing is evicted while the store fills.
    const unbounded = { maxEntries: entries, maxBytes: 1024 * 1024 * 1024 };
    const small = await runProbe<Probe>('memory-store', { entries, fillTo: entries, samples: 0, replyBytes: 0, dedup: unbounded });
    const large = await runProbe<Probe>('memory-store', { entries, fillTo: entries, samples: 0, replyBytes: 2048, dedup: unbounded });
    // Then with the defaults, past the bounds: what the full store holds as it evicts.
    const smallFull = await runProbe<Probe>('memory-store', { entries, fillTo, samples, replyBytes: 0 });
    const largeFull = await runProbe<Probe>('memory-store', { entries, fillTo, samples, replyBytes: 2048 });
    const held = (probe: Probe) => `${mib(probe.heapMinBytes - probe.baseBytes)}–${mib(probe.heapMaxBytes - probe.baseBytes)}`;
    return {
      figures:
        `${Math.round(small.perEntryBytes)} B per entry with short replies, ${Math.round(large.perEntryBytes)} B with 2 KB replies (heap after GC, ${entries.toLocaleString('en')} entries); ` +
        `with the default bounds, ${fillTo.toLocaleString('en')} callbacks later the store holds ${held(smallFull)} (short) and ${held(largeFull)} (2 KB) above the empty app`,
      numbers: {
        perEntrySmall: small.perEntryBytes,
        perEntry2k: large.perEntryBytes,
        heldSmallMin: smallFull.heapMinBytes - smallFull.baseBytes,
        heldSmallMax: smallFull.heapMaxBytes - smallFull.baseBytes,
        held2kMin: largeFull.heapMinBytes - largeFull.baseBytes,
        held2kMax: largeFull.heapMaxBytes - largeFull.baseBytes,
      },
    };
  },
};
