const MiB = 1024 * 1024;

/** The human-readable report: what ran, one table per kind of measurement, then the targets and whether each is met. */
export function formatReport(results) {
  const lines = [];
  const { machine, settings } = results;
  lines.push(`node ${machine.node} · ${machine.cpus} × ${machine.cpuModel} · ${machine.platform}`);
  lines.push(`load average (1 min) at start ${machine.loadStart.toFixed(2)}, at end ${machine.loadEnd.toFixed(2)}${machine.loadStart > machine.cpus / 2 || machine.loadEnd > machine.cpus / 2 ? ' — the machine was busy: figures are noisy, rerun on a quiet one' : ''}`);
  lines.push(
    `${settings.connections} connections · warm-up ${settings.warmupSeconds} s per scenario · ${settings.reps} interleaved round(s) × ${settings.durationSeconds} s per scenario · medians` +
      (settings.quick ? ' · QUICK (smoke run, not a measurement)' : ''),
  );
  if (results.scenarios.length > 0) {
    lines.push('', 'HTTP, side by side: every round runs each scenario once, in this order; req/s is the median over rounds.');
    lines.push(table(['scenario', 'req/s', 'server CPU µs/req', 'p50 ms', 'p99 ms', 'peak RSS MiB', 'repeats', 'per-round req/s', 'what'], results.scenarios.map((s) => [
      s.name,
      s.requestsPerSec.toFixed(0),
      s.cpuMicrosPerRequest ? s.cpuMicrosPerRequest.toFixed(1) : '-',
      s.latencyP50Ms.toFixed(2),
      s.latencyP99Ms.toFixed(2),
      (s.peakRssBytes / MiB).toFixed(1),
      s.name.startsWith('floor') ? '-' : String(s.repeats),
      [s.runs.map((r) => r.requestsPerSec.toFixed(0)).join('/'), s.failures ? `${s.failures} non-2xx/errors!` : '', s.builtOnDemand ? `${s.builtOnDemand} built on demand` : '']
        .filter(Boolean)
        .join(', '),
      s.what,
    ])));
    if (results.scenarios.some((s) => s.repeats > 0)) lines.push('!! repeated messages were answered from a dedup record: those runs flatter their server');
  }
  if (results.micro) {
    lines.push('', 'In process (no HTTP), interleaved rounds: one encrypted text in, one encrypted echo out.');
    lines.push(table(['implementation', 'ops/s', 'µs/op', 'per-round ops/s'], results.micro.map((m) => [m.name, m.opsPerSec.toFixed(0), (1e6 / m.opsPerSec).toFixed(1), m.runs.map((r) => r.toFixed(0)).join('/')])));
  }
  if (results.stages) {
    for (const [kind, rows] of Object.entries(results.stages)) {
      lines.push('', `Per stage, in process, µs per callback (${kind === 'text' ? 'text with reply' : '2.5 KB change_contact event'}; minimum over rounds):`);
      const fmt = (v) => (v === null ? '-' : v.toFixed(2));
      lines.push(table(['stage', 'ideal', 'ours', 'ours − ideal'], rows.map((r) => [r.stage, fmt(r.ideal), fmt(r.ours), r.ideal === null || r.ours === null ? '-' : (r.ours - r.ideal).toFixed(2)])));
    }
  }
  if (results.rss) {
    const r = results.rss;
    lines.push('', table(['dedup-rss', 'messages', 'RSS after 1,000 MiB', 'peak RSS MiB', 'growth MiB', 'notes'], [[
      'wecom (defaults)',
      r.messages.toLocaleString('en'),
      (r.rssAfter1kBytes / MiB).toFixed(1),
      (r.peakRssBytes / MiB).toFixed(1),
      (r.growthBytes / MiB).toFixed(1),
      r.failures ? `${r.failures} non-2xx/errors!` : '',
    ]]));
  }
  if (results.tokens) {
    const floor = results.tokens[0]?.callsPerSec || 0;
    lines.push('', table(['tokens (in process, fake API)', 'calls/s', 'vs floor', 'gettoken', 'notes'], results.tokens.map((t) => [
      t.name,
      t.callsPerSec.toFixed(0),
      floor ? `${(t.callsPerSec / floor).toFixed(2)}×` : '-',
      String(t.gettoken),
      [t.note, t.runs.length ? `runs ${t.runs.map((r) => r.toFixed(0)).join('/')}` : ''].filter(Boolean).join(', '),
    ])));
  }
  const { targets, context } = results.targets;
  lines.push('', 'Targets (issue 11): HTTP and in-process ratios are the median of per-round ratios.');
  lines.push(table(['target', 'value', 'wanted', 'per-round', 'result'], targets.map((t) => [
    t.name,
    t.value === null ? '-' : t.value.toFixed(2),
    t.min !== undefined ? `≥ ${t.min}` : `≤ ${t.max}`,
    t.rounds.map((r) => r.toFixed(2)).join('/'),
    t.value === null ? 'not run' : t.met === null ? 'not judged (quick)' : t.met ? 'met' : 'MISSED',
  ])));
  lines.push('', 'Context (not judged):');
  lines.push(table(['ratio', 'value', 'per-round'], context.filter((c) => c.value !== null || !c.over.startsWith('baseline:')).map((c) => [c.name, c.value === null ? '-' : c.value.toFixed(2), c.rounds.map((r) => r.toFixed(2)).join('/')])));
  const judged = targets.filter((t) => t.met !== null);
  if (judged.length > 0) lines.push('', `${judged.filter((t) => t.met).length} of ${judged.length} judged targets met.`);
  return lines.join('\n');
}

function table(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => String(row[i]).length)));
  const line = (cells) => `| ${cells.map((cell, i) => String(cell).padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

/** --profile: each server's top functions, then every owner side by side in µs of self time per request. */
export function formatProfiles(profiles) {
  const lines = [];
  const perRequest = (ms, requests) => ((ms * 1000) / requests).toFixed(2);
  for (const p of profiles) {
    lines.push(`CPU profile of ${p.name} over the measured rounds (${p.file}): busy ${p.busyMs.toFixed(0)} ms, ${p.requests.toLocaleString('en')} requests, ${perRequest(p.busyMs, p.requests)} µs busy per request`);
    lines.push(table(['% busy', 'µs/req', 'function'], p.top.slice(0, profiles.length > 1 ? 15 : 30).map((e) => [e.percentOfBusy.toFixed(1), perRequest(e.selfMs, p.requests), e.name])));
    lines.push('');
  }
  const owners = [...new Set(profiles.flatMap((p) => p.byOwner.map((e) => e.name)))];
  const cell = (p, owner) => {
    const entry = p.byOwner.find((e) => e.name === owner);
    return entry ? perRequest(entry.selfMs, p.requests) : '-';
  };
  const total = (owner) => profiles.reduce((sum, p) => sum + Number(cell(p, owner) === '-' ? 0 : cell(p, owner)), 0);
  owners.sort((a, b) => total(b) - total(a));
  lines.push('Self time by owner, µs per request (same rounds, so the same machine noise):');
  lines.push(table(['owner', ...profiles.map((p) => p.name)], [
    ['total busy', ...profiles.map((p) => perRequest(p.busyMs, p.requests))],
    ...owners.map((owner) => [owner, ...profiles.map((p) => cell(p, owner))]),
  ]));
  return lines.join('\n');
}
