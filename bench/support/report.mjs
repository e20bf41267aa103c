const MiB = 1024 * 1024;

/** The human-readable report: one table per kind of measurement, then the targets. */
export function formatReport(results) {
  const lines = [];
  const { machine, settings } = results;
  lines.push(`node ${machine.node} · ${machine.cpus} × ${machine.cpuModel} · ${machine.platform}`);
  lines.push(
    `${settings.connections} connections · warm-up ${settings.warmupSeconds} s · ${settings.reps} × ${settings.durationSeconds} s, median` +
      (settings.quick ? ' · QUICK (smoke run, not a measurement)' : ''),
  );
  if (results.scenarios.length > 0) {
    lines.push('', table(['scenario', 'req/s', 'p50 ms', 'p99 ms', 'peak RSS MiB', 'notes'], results.scenarios.map((s) => [
      s.name,
      s.requestsPerSec.toFixed(0),
      s.latencyP50Ms.toFixed(2),
      s.latencyP99Ms.toFixed(2),
      (s.peakRssBytes / MiB).toFixed(1),
      [s.failures ? `${s.failures} non-2xx/errors!` : '', s.duplicates ? `${s.duplicates} repeated messages` : '', `runs ${s.runs.map((r) => r.requestsPerSec.toFixed(0)).join('/')}`]
        .filter(Boolean)
        .join(', '),
    ])));
  }
  if (results.micro) {
    lines.push('', table(['pipeline (in process)', 'ops/s', 'runs'], results.micro.map((m) => [m.name, m.opsPerSec.toFixed(0), m.runs.map((r) => r.toFixed(0)).join('/')])));
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
  lines.push('', table(['target', 'value', 'wanted', 'result'], results.targets.map((t) => [
    t.name,
    t.value === null ? '-' : t.value.toFixed(2),
    t.min !== undefined ? `≥ ${t.min}` : `≤ ${t.max}`,
    t.value === null ? 'not run' : t.met === null ? 'not judged (quick)' : t.met ? 'met' : 'MISSED',
  ])));
  return lines.join('\n');
}

function table(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => String(row[i]).length)));
  const line = (cells) => `| ${cells.map((cell, i) => String(cell).padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}
