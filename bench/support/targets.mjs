import { median } from './statistics.mjs';

const MiB = 1024 * 1024;

/**
 * issue 11's targets, as ratios (absolute figures vary by machine). An HTTP ratio is taken within each
 * round (the two runs were neighbours, so the machine's noise hits both) and the median of the rounds'
 * ratios is judged. A target whose scenarios did not run is `null`; in --quick mode nothing is judged
 * (1 s runs are too noisy to pass or fail on).
 */
export const TARGETS = [
  { kind: 'http', name: 'text-with-reply vs the ideal pipeline', of: 'wecom-text-reply', over: 'ideal-text-reply', min: 0.9 },
  { kind: 'http', name: 'text-with-reply vs the bare Nest POST route', of: 'wecom-text-reply', over: 'floor-nest', min: 0.75 },
  { kind: 'http', name: 'text-with-reply vs hand-rolled @wecom/crypto + xml2js', of: 'wecom-text-reply', over: 'handrolled', min: 1.5 },
  { kind: 'http', name: '2.5 KB change_contact event vs the bare Nest POST route', of: 'wecom-event', over: 'floor-nest', min: 0.7 },
  { kind: 'micro', name: 'in process: ours vs @wecom/crypto + fast-xml-parser', of: 'ours', over: 'wecom-crypto+fast-xml-parser', min: 3 },
  { kind: 'micro', name: 'in process: ours vs @wecom/crypto + xml2js', of: 'ours', over: 'wecom-crypto+xml2js', min: 2 },
  { kind: 'rss', name: 'dedup-rss: peak RSS after 100,000 messages − RSS after 1,000 (MiB)', max: 30 },
];

/** Not judged, shown beside the targets: what the limit itself reaches, and the event against its own ideal. */
export const CONTEXT_RATIOS = [
  { kind: 'http', name: 'ideal text-with-reply vs the bare Nest POST route (the limit)', of: 'ideal-text-reply', over: 'floor-nest' },
  { kind: 'http', name: 'event vs the ideal pipeline on the same event', of: 'wecom-event', over: 'ideal-event' },
  { kind: 'http', name: 'ideal event vs the bare Nest POST route (the limit)', of: 'ideal-event', over: 'floor-nest' },
  { kind: 'micro', name: 'in process: ours vs the ideal pipeline', of: 'ours', over: 'ideal' },
  { kind: 'http', name: 'text-with-reply vs the --baseline checkout', of: 'wecom-text-reply', over: 'baseline:wecom-text-reply' },
  { kind: 'http', name: 'event vs the --baseline checkout', of: 'wecom-event', over: 'baseline:wecom-event' },
  { kind: 'cpu', name: 'server CPU per request: ideal / ours, text-with-reply (1 = as cheap as the ideal)', of: 'wecom-text-reply', over: 'ideal-text-reply' },
  { kind: 'cpu', name: 'server CPU per request: floor-nest / ours, text-with-reply', of: 'wecom-text-reply', over: 'floor-nest' },
  { kind: 'cpu', name: 'server CPU per request: floor-nest / ours, event', of: 'wecom-event', over: 'floor-nest' },
];

export function judgeTargets(results, { quick }) {
  const judged = TARGETS.map((target) => {
    const { value, rounds } = ratioOf(target, results);
    const met = quick || value === undefined ? null : target.min !== undefined ? value >= target.min : value <= target.max;
    return { ...target, value: value ?? null, rounds, met };
  });
  const context = CONTEXT_RATIOS.map((ratio) => ({ ...ratio, value: ratioOf(ratio, results).value ?? null, rounds: ratioOf(ratio, results).rounds }));
  return { targets: judged, context };
}

/** Median of the per-round ratios of two scenarios (HTTP or micro), or the RSS growth. */
function ratioOf(target, { scenarios, micro, rss }) {
  if (target.kind === 'rss') return { value: rss ? rss.growthBytes / MiB : undefined, rounds: [] };
  const pool = target.kind === 'micro' ? micro : scenarios;
  const of = pool?.find((s) => s.name === target.of);
  const over = pool?.find((s) => s.name === target.over);
  if (!of || !over) return { value: undefined, rounds: [] };
  // For CPU, a cheaper request is better: the ratio is inverted so that, like throughput, higher is better.
  const rate = (run) => (target.kind === 'http' ? run.requestsPerSec : target.kind === 'cpu' ? 1 / run.cpuMicrosPerRequest : run);
  const rounds = of.runs.map((run, index) => (over.runs[index] === undefined ? undefined : rate(run) / rate(over.runs[index]))).filter((r) => r !== undefined);
  return { value: rounds.length > 0 ? median(rounds) : undefined, rounds };
}
