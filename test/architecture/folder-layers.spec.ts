import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { folderImports, folderOf, sourceFiles } from './src-imports.js';

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

/**
 * The folder map of docs/ARCHITECTURE.md is an order: every import (type imports too) goes from a row
 * to the same row or one below it, and every folder and root file of src/ has a row. So the page
 * cannot drift from the code.
 */
describe('docs/ARCHITECTURE.md folder map', () => {
  const ranks = documentedRows();

  it('has a row for every folder and root file of src/', () => {
    const nodes = [...new Set(sourceFiles().map(folderOf))].sort();
    expect(nodes.filter((node) => !ranks.has(node))).toEqual([]);
  });

  it('orders them as the imports do: nothing imports from a row above its own', () => {
    const upward = folderImports()
      .filter(({ from, to }) => (ranks.get(to) ?? Infinity) < (ranks.get(from) ?? -1))
      .map(({ file, to }) => `${file} → ${to}`);
    expect([...new Set(upward)]).toEqual([]);
  });
});
