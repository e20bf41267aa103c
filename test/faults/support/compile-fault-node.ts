import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { transformFileSync } from '@swc/core';

/**
 * Compiles src/ and the fault node once to plain ESM with swc, keeping the repo's layout under the
 * git-ignored tmp/, so that each child process of a fault run is a bare `node` start instead of a
 * TypeScript-loader start that compiles everything again (seconds of CPU on a shared 2-core machine).
 * Returns the compiled fault-node.js and a cleanup.
 */
export function compileFaultNode(): { entry: string; remove: () => void } {
  const root = process.cwd();
  mkdirSync(join(root, 'tmp'), { recursive: true });
  const out = mkdtempSync(join(root, 'tmp', 'fault-node-'));
  const files = [...sourceFiles(join(root, 'src')), ...sourceFiles(join(root, 'test', 'faults', 'support'))];
  for (const file of files) {
    const { code } = transformFileSync(file, {
      swcrc: false,
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2022',
        keepClassNames: true,
      },
      module: { type: 'es6' },
    });
    const target = join(out, relative(root, file)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, code);
  }
  return { entry: join(out, 'test', 'faults', 'support', 'fault-node.js'), remove: () => rmSync(out, { recursive: true, force: true }) };
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}
