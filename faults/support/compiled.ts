import { transformFileSync, type Options } from '@swc/core';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Folders the replicas and probes import from. */
const FOLDERS = ['src', 'faults', 'test/support'];

// The same decorator settings as the specs' SWC (Nest needs design:paramtypes).
const SWC_OPTIONS: Options = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: true },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'es6' },
  sourceMaps: false,
  swcrc: false,
  configFile: false,
};

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
  for (const folder of FOLDERS) {
    for (const file of walk(join(ROOT, folder))) {
      if (!file.endsWith('.ts') || file.endsWith('.d.ts')) continue;
      const target = join(out, relative(ROOT, file)).replace(/\.ts$/, '.js');
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, transformFileSync(file, SWC_OPTIONS).code);
    }
  }
  // ESM: the compiled tree is "type": "module" like the package.
  writeFileSync(join(out, 'package.json'), '{"type":"module"}\n');
  process.once('exit', () => rmSync(out, { recursive: true, force: true }));
  return out;
}

function* walk(folder: string): Generator<string> {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else yield path;
  }
}
