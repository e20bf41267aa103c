import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** What the architecture specs read: the relative imports (type imports too) between the files of src/. */
export const SRC = resolve('src');
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"](\.{1,2}\/[^'"]+)['"]/g;

export function sourceFiles(folder: string = SRC): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    return entry.isDirectory() ? sourceFiles(path) : entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** `families/app/x.ts` → `families`: the top-level folder under src/; a file at the root is its own node. */
export function folderOf(file: string): string {
  const parts = relative(SRC, file).split('/');
  return parts.length === 1 ? parts[0].replace(/\.ts$/, '') : parts[0];
}

/** Every import that crosses from one node (folder or root file) of src/ to another. */
export interface FolderImport {
  /** The importing file, relative to src/. */
  readonly file: string;
  readonly from: string;
  readonly to: string;
}

export function folderImports(): FolderImport[] {
  return sourceFiles().flatMap((file) => {
    const from = folderOf(file);
    return [...readFileSync(file, 'utf8').matchAll(IMPORT)]
      .map((match) => folderOf(resolve(dirname(file), match[1].replace(/\.js$/, '.ts'))))
      .filter((to) => to !== from)
      .map((to) => ({ file: relative(SRC, file), from, to }));
  });
}
