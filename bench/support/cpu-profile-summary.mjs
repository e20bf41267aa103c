import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

/**
 * The top self-time entries of a V8 .cpuprofile (what `node --cpu-prof` writes): time per sample is
 * taken from timeDeltas, summed per function (name + file + line), idle/GC/program shown as V8 names.
 */
export function topSelfTime(file, count = 20) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  // The profiler's own work (stopping and serialising the profile, under node:inspector) is not the server's.
  const parentOf = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const underInspector = (id) => {
    for (let at = id; at !== undefined; at = parentOf.get(at)) if (byId.get(at).callFrame.url === 'node:inspector') return true;
    return false;
  };
  const selfMicros = new Map();
  profile.samples.forEach((id, index) => {
    if (underInspector(id)) return;
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
  byFunction.delete('(idle)');
  const busy = total - idle;
  const rank = (map, limit = count) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([name, micros]) => ({ name, selfMs: micros / 1000, percentOfBusy: (100 * micros) / busy }));
  return { totalMs: total / 1000, busyMs: busy / 1000, top: rank(byFunction), byOwner: rank(byOwner(profile, byId, selfMicros), 200) };
}

/** Self time per owner: our `src/` files, each npm package, Node's internals, V8 (GC, program). */
function byOwner(profile, byId, selfMicros) {
  const owners = new Map();
  for (const [id, micros] of selfMicros) {
    const { url, functionName } = byId.get(id).callFrame;
    if (functionName === '(idle)') continue;
    const owner = ownerOf(url, functionName);
    owners.set(owner, (owners.get(owner) ?? 0) + micros);
  }
  return owners;
}

function ownerOf(url, functionName) {
  if (!url) return functionName.startsWith('(') ? functionName : 'native (writev, crypto bindings…)';
  if (url.startsWith('node:')) return 'node: internals';
  const path = shorten(url);
  if (url.includes('node_modules/')) {
    const parts = path.split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  const ours = path.indexOf('src/');
  return ours !== -1 ? path.slice(ours) : path;
}

function shorten(url) {
  const path = url.replace(/^file:\/\//, '');
  const inModules = path.lastIndexOf('node_modules/');
  return inModules !== -1 ? path.slice(inModules + 'node_modules/'.length) : relative(process.cwd(), path);
}
