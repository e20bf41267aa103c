// Builds the package twice from one source: ESM for Nest 12 apps (`import`) and CommonJS for Nest 11
// apps (`require`), each with declarations. package.json "exports" picks the right one.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { qualifyDeclarations } from './cite-protocol-in-declarations.mjs';

const require = createRequire(import.meta.url);
const tsc = require.resolve('typescript/bin/tsc');

rmSync('dist', { recursive: true, force: true });
for (const project of ['tsconfig.build.json', 'tsconfig.build.cjs.json']) {
  execFileSync(process.execPath, [tsc, '-p', project], { stdio: 'inherit' });
}
// Declarations say where the cited protocol notes are (the package ships docs/PROTOCOL.md).
qualifyDeclarations('dist');
// The repo is "type": "module"; this marker makes Node read dist/cjs/*.js as CommonJS.
mkdirSync('dist/cjs', { recursive: true });
writeFileSync('dist/cjs/package.json', JSON.stringify({ type: 'commonjs' }, null, 2) + '\n');
console.log('built dist/esm and dist/cjs');
