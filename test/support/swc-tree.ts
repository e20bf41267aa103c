import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { transformFileSync, type Options } from '@swc/core';

/** The specs' SWC settings: legacy decorators with design:paramtypes (Nest's injection needs them), ES2022 modules. */
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

/**
 * Compiles every TypeScript file (not .d.ts) of `folders` under `root` into `out`, keeping the repo's
 * layout, so that a child process of a test, a fault run or a probe is a bare `node` start instead of
 * a TypeScript-loader start that compiles everything again (seconds of CPU on a shared 2-core machine).
 * The one way this repo compiles a tree for child processes (bench/ has its own in plain .mjs).
 */
export function compileTree(root: string, folders: readonly string[], out: string): void {
  for (const folder of folders) {
    for (const file of typeScriptFiles(join(root, folder))) {
      const target = join(out, relative(root, file)).replace(/\.ts$/, '.js');
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, transformFileSync(file, SWC_OPTIONS).code);
    }
  }
}

function typeScriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return typeScriptFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}
