import { join } from 'node:path';
import { inject } from 'vitest';
import { repoScratchDir } from './global-setup.js';
import { runOnce } from './run-once.js';
import { compileTree } from './swc-tree.js';

/** The compiled tree: `<root>/src/…` and `<root>/sample/…`, plain ESM JavaScript. */
export interface CompiledSources {
  readonly root: string;
  /** `node <cliMain> …` runs the CLI as bin/nestjs-wecom.mjs would. */
  readonly cliMain: string;
  /** `node <sampleMain>` starts the sample as `npm run sample` would. */
  readonly sampleMain: string;
}

/**
 * Compiles src/ and sample/ once per test run to plain ESM JavaScript with swc (about a second), so
 * that each CLI or sample process a test starts costs a bare `node` start instead of a TypeScript
 * loader start (about 0.3 s against 1.5 s). Shared by every test file that needs it (run-once.ts).
 * The output goes to the git-ignored tmp/ inside the repo, where node_modules resolve as usual.
 */
export function compileForTests(): Promise<CompiledSources> {
  return runOnce('compiled-sources', () => {
    const root = process.cwd();
    const out = join(repoScratchDir(inject('runDir')), 'compiled');
    // The repo is "type": "module", so .js files here are ESM, as in dist/esm.
    compileTree(root, ['src', 'sample'], out);
    return { root: out, cliMain: join(out, 'src', 'cli', 'main.js'), sampleMain: join(out, 'sample', 'main.js') };
  });
}

