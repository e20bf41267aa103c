import { transformFileSync } from '@swc/core';
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/**
 * Compiles `src/` and `bench/` into `.bench-out/` with SWC (the compiler `npm run sample` uses, with
 * the same decorator settings), before any server starts. The servers then run on plain `node`:
 * no loader hook and no native compiler in the measured process. Loading @swc-node/register in
 * each server would add ~150 MiB of RSS to every scenario and compile on the fly; running from
 * `dist/` would need `npm run build` and could measure a stale build. This takes about a second,
 * works on a fresh clone after `npm ci`, and always measures the current source.
 */
export const BENCH_OUT = '.bench-out';

const SWC_OPTIONS = {
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

export function compileForBench(root = process.cwd()) {
  const out = join(root, BENCH_OUT);
  rmSync(out, { recursive: true, force: true });
  let files = 0;
  for (const folder of ['src', 'bench']) {
    for (const file of walk(join(root, folder))) {
      const target = join(out, relative(root, file));
      mkdirSync(dirname(target), { recursive: true });
      if (file.endsWith('.d.mts') || file.endsWith('.md')) continue;
      if (file.endsWith('.ts')) {
        writeFileSync(target.replace(/\.ts$/, '.js'), transformFileSync(file, SWC_OPTIONS).code);
      } else {
        copyFileSync(file, target);
      }
      files++;
    }
  }
  return { out, files };
}

function* walk(folder) {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else yield path;
  }
}
