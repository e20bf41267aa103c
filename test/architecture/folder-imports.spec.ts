import { describe, expect, it } from 'vitest';
import { folderImports } from './src-imports.js';

/** from → (to → one file of `from` that imports `to`). */
function folderGraph(): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>();
  for (const { file, from, to } of folderImports()) {
    const edges = graph.get(from) ?? new Map<string, string>();
    if (!edges.has(to)) edges.set(to, file);
    graph.set(from, edges);
  }
  return graph;
}

/** Each group of folders that import each other in a circle (Tarjan's strongly connected components), with the imports inside it. */
function circularGroups(graph: Map<string, Map<string, string>>): string[] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const groups: string[][] = [];
  const visit = (node: string) => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    for (const next of graph.get(node)?.keys() ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (stack.includes(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const group: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        group.push(member);
      } while (member !== node);
      if (group.length > 1) groups.push(group.sort());
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return groups.map((group) => {
    const edges = group.flatMap((from) =>
      [...(graph.get(from) ?? [])].filter(([to]) => group.includes(to)).map(([to, file]) => `${from} → ${to} (${file})`),
    );
    return `{ ${group.join(', ')} }: ${edges.join('; ')}`;
  });
}

/**
 * The folder map of docs/ARCHITECTURE.md, enforced: imports between src/ folders (type imports too)
 * form no cycle, and nothing imports from http/, the top of the request path.
 */
describe('imports between the folders of src/', () => {
  const graph = folderGraph();

  it('form no cycle', () => {
    expect(circularGroups(graph)).toEqual([]);
  });

  it('never point at http/, the top of the request path', () => {
    const offenders = [...graph].filter(([from, edges]) => from !== 'http' && from !== 'index' && from !== 'wecom.module' && edges.has('http')).map(([from, edges]) => `${from} (${edges.get('http')})`);
    expect(offenders).toEqual([]);
  });
});
