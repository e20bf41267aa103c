// The source cites the protocol notes as `PROTOCOL.md §x.y` (test/docs/protocol-citations.spec.ts keeps
// every citation pointing at a heading). In the published declarations, which users read in their
// editor's hover, the same citation should say where the file is: the package ships docs/PROTOCOL.md.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const PUBLISHED_PROTOCOL = 'nestjs-wecom/docs/PROTOCOL.md';

/** `PROTOCOL.md §1.5` → `nestjs-wecom/docs/PROTOCOL.md §1.5` (any mention, with or without §); qualified ones stay. */
export function qualifyProtocolCitations(text) {
  return text.replace(/(?<![\w/.-])(?:docs\/)?PROTOCOL\.md\b/g, PUBLISHED_PROTOCOL);
}

/** Rewrites every .d.ts under `dir` in place; returns how many files changed. */
export function qualifyDeclarations(dir) {
  let changed = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.d.ts')) continue;
    const path = join(entry.parentPath, entry.name);
    const text = readFileSync(path, 'utf8');
    const qualified = qualifyProtocolCitations(text);
    if (qualified !== text) {
      writeFileSync(path, qualified);
      changed++;
    }
  }
  return changed;
}
