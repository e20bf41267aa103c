import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The folder map of docs/ARCHITECTURE.md is an order: every import (type imports too) goes from a row
 * to the same row or one below it, and every folder and root file of src/ has a row. So the page
 * cannot drift from the code.
 */
const SRC = resolve('src');
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"](\.{1,2}\/[^'"]+)['"]/g;

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    return entry.isDirectory() ? sourceFiles(path) : entry.name.endsWith('.ts') ? [path] : [];
  });
}

const nodeOf = (file: string): string => {
  const parts = relative(SRC, file).split('/');
  return parts.length === 1 ? parts[0].replace(/\.ts$/, '') : parts[0];
};

/** node → its row in the table of "## Folder map" (0 = top). */
function documentedRows(): Map<string, number> {
  const page = readFileSync('docs/ARCHITECTURE.md', 'utf8');
  const section = page.slice(page.indexOf('## Folder map'), page.indexOf('\n## ', page.indexOf('## Folder map') + 1));
  const rows = section.split('\n').filter((line) => line.startsWith('| `'));
  const ranks = new Map<string, number>();
  rows.forEach((row, index) => {
    for (const [, name] of row.split('|')[1].matchAll(/`([^`]+)`/g)) ranks.set(name.replace(/\/$/, '').replace(/\.ts$/, ''), index);
  });
  return ranks;
}

describe('docs/ARCHITECTURE.md folder map', () => {
  const ranks = documentedRows();
  const files = sourceFiles(SRC);

  it('has a row for every folder and root file of src/', () => {
    const nodes = [...new Set(files.map(nodeOf))].sort();
    expect(nodes.filter((node) => !ranks.has(node))).toEqual([]);
  });

  it('orders them as the imports do: nothing imports from a row above its own', () => {
    const upward: string[] = [];
    for (const file of files) {
      const from = nodeOf(file);
      for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
        const to = nodeOf(resolve(dirname(file), match[1].replace(/\.js$/, '.ts')));
        if (to !== from && (ranks.get(to) ?? Infinity) < (ranks.get(from) ?? -1)) upward.push(`${relative(SRC, file)} → ${to}`);
      }
    }
    expect([...new Set(upward)]).toEqual([]);
  });
});
