import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

/**
 * The top self-time entries of a V8 .cpuprofile (what `node --cpu-prof` writes): time per sample is
 * taken from timeDeltas, summed per function (name + file + line), idle/GC/program shown as V8 names.
 */
export function topSelfTime(file, count = 20) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMicros = new Map();
  profile.samples.forEach((id, index) => {
    selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0));
  });
  const total = [...selfMicros.values()].reduce((a, b) => a + b, 0);
  const byFunction = new Map();
  for (const [id, micros] of selfMicros) {
    const { callFrame } = byId.get(id);
    const where = callFrame.url ? `${shorten(callFrame.url)}:${callFrame.lineNumber + 1}` : '';
    const key = `${callFrame.functionName || '(anonymous)'} ${where}`.trim();
    byFunction.set(key, (byFunction.get(key) ?? 0) + micros);
  }
  const idle = byFunction.get('(idle)') ?? 0;
  return {
    totalMs: total / 1000,
    busyMs: (total - idle) / 1000,
    top: [...byFunction]
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .map(([name, micros]) => ({ name, selfMs: micros / 1000, percentOfBusy: (100 * micros) / (total - idle) })),
  };
}

function shorten(url) {
  const path = url.replace(/^file:\/\//, '');
  const inModules = path.lastIndexOf('node_modules/');
  return inModules !== -1 ? path.slice(inModules + 'node_modules/'.length) : relative(process.cwd(), path);
}
