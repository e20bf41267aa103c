import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { compileTree } from '../../support/swc-tree.js';

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
  compileTree(root, ['src', join('test', 'faults', 'support')], out);
  return { entry: join(out, 'test', 'faults', 'support', 'fault-node.js'), remove: () => rmSync(out, { recursive: true, force: true }) };
}

