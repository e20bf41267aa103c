import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileTree } from '../../test/support/swc-tree.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Folders the replicas and probes import from. */
const FOLDERS = ['src', 'faults', 'test/support'];

let compiled: string | undefined;

/**
 * The replicas and probes run from plain JavaScript compiled once per process with SWC (about a
 * second), not under an on-the-fly TypeScript loader: a child then starts in a second or two instead
 * of ten on a busy 2-core machine, and always runs the current source. Each process compiles into
 * its own directory under `.faults-out/` (specs run in parallel), removed when it exits. Resolves
 * the compiled path of `file` (relative to the repo root, `.ts`).
 */
export function compiledPath(file: string): string {
  compiled ??= compile();
  return join(compiled, file.replace(/\.ts$/, '.js'));
}

function compile(): string {
  const out = join(ROOT, '.faults-out', String(process.pid));
  rmSync(out, { recursive: true, force: true });
  compileTree(ROOT, FOLDERS, out);
  // ESM: the compiled tree is "type": "module" like the package.
  writeFileSync(join(out, 'package.json'), '{"type":"module"}\n');
  process.once('exit', () => rmSync(out, { recursive: true, force: true }));
  return out;
}

