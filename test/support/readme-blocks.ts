import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The READMEs whose code is checked, English and Chinese (kept in step). */
export const READMES = ['README.md', 'README.zh-CN.md'] as const;

/** Which test runner a block is written for: checked by running it in a real project of that runner. */
export type BlockRunner = 'jest' | 'vitest';

export interface CodeBlock {
  readonly readme: string;
  /** 1-based line of the first line of code. */
  readonly line: number;
  readonly code: string;
  /** `file=quick-start.ts` names a block, so that another block can import it (`./quick-start.js`). */
  readonly file?: string;
  /** `jest` or `vitest` after the fence: a test file for that runner. */
  readonly runner?: BlockRunner;
  readonly fragment: boolean;
}

/**
 * Every ```ts block of a README, with the words after the fence: `fragment` (obviously partial, not
 * compiled), `file=<name>.ts`, and a runner (`jest`, `vitest`).
 */
export function readmeTsBlocks(readme: string, root = process.cwd()): CodeBlock[] {
  const lines = readFileSync(join(root, readme), 'utf8').split('\n');
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const fence = /^```(\w+)?(.*)$/.exec(lines[i]);
    if (!fence) continue;
    const end = lines.findIndex((line, j) => j > i && /^```\s*$/.test(line));
    if (end === -1) throw new Error(`${readme}:${i + 1}: code block never closed`);
    if (fence[1] === 'ts' || fence[1] === 'typescript') {
      const words = fence[2];
      blocks.push({
        readme,
        line: i + 2,
        code: lines.slice(i + 1, end).join('\n'),
        file: /\bfile=(\S+\.ts)\b/.exec(words)?.[1],
        runner: /\bjest\b/.test(words) ? 'jest' : /\bvitest\b/.test(words) ? 'vitest' : undefined,
        fragment: /\bfragment\b/.test(words),
      });
    }
    i = end;
  }
  return blocks;
}

/** The named block `file` of a README, or a clear failure. */
export function namedBlock(readme: string, file: string, runner?: BlockRunner): CodeBlock {
  const found = readmeTsBlocks(readme).filter((block) => block.file === file && block.runner === runner);
  if (found.length !== 1) throw new Error(`${readme} has ${found.length} blocks named ${file}${runner ? ` for ${runner}` : ''}; expected one`);
  return found[0];
}
