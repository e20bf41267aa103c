import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

/**
 * One directory per `vitest run`, where test files that need the same expensive artefact (the packed
 * tarball, a Nest 11 install, the swc-compiled sources) find it: the first file to ask builds it, the
 * others wait for it (run-once.ts). Removed, with everything built in it, when the run ends.
 */
export default function setup(project: TestProject): () => void {
  const runDir = mkdtempSync(join(tmpdir(), 'nestjs-wecom-test-run-'));
  project.provide('runDir', runDir);
  return () => {
    rmSync(runDir, { recursive: true, force: true });
    rmSync(repoScratchDir(runDir), { recursive: true, force: true });
  };
}

/** Artefacts that must resolve the repo's node_modules live in the git-ignored tmp/ of the repo instead. */
export function repoScratchDir(runDir: string): string {
  return join(process.cwd(), 'tmp', runDir.split(/[\\/]/).pop()!);
}

declare module 'vitest' {
  export interface ProvidedContext {
    runDir: string;
  }
}
