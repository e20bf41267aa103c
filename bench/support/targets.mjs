const MiB = 1024 * 1024;

/**
 * The targets, as ratios (absolute figures vary by machine). A target whose scenarios did
 * not run is `null`; in --quick mode nothing is judged (1 s runs are too noisy to pass or fail on).
 */
export function judgeTargets({ scenarios, micro, rss }, { quick }) {
  const rps = (name) => scenarios.find((s) => s.name === name)?.requestsPerSec;
  const ops = (name) => micro?.find((m) => m.name === name)?.opsPerSec;
  const ratio = (a, b) => (a && b ? a / b : undefined);
  const targets = [
    { name: 'wecom-text-reply / floor-nest (req/s)', value: ratio(rps('wecom-text-reply'), rps('floor-nest')), min: 0.85 },
    { name: 'wecom-text-reply / handrolled (req/s)', value: ratio(rps('wecom-text-reply'), rps('handrolled')), min: 1.3 },
    { name: 'micro: ours / wecom-crypto+fast-xml-parser', value: ratio(ops('ours'), ops('wecom-crypto+fast-xml-parser')), min: 1.0 },
    { name: 'micro: ours / wecom-crypto+xml2js', value: ratio(ops('ours'), ops('wecom-crypto+xml2js')), min: 2.0 },
    {
      name: `dedup-rss: peak RSS after ${rss ? rss.messages.toLocaleString('en') : '100,000'} − RSS after 1,000 (MiB)`,
      value: rss ? rss.growthBytes / MiB : undefined,
      max: 30,
    },
  ];
  return targets.map((target) => ({
    ...target,
    value: target.value ?? null,
    met:
      quick || target.value === undefined
        ? null
        : target.min !== undefined
          ? target.value >= target.min
          : target.value <= target.max,
  }));
}
