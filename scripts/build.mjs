// Builds the package twice from one source: ESM for Nest 12 apps (`import`) and CommonJS for Nest 11
// apps (`require`), each with declarations. package.json "exports" picks the right one.
//
// ESM: `tsc -p tsconfig.build.json` type-checks src/ and writes the .js and .d.ts files.
// CommonJS: the same sources, transpiled one file at a time by TypeScript itself (transpileModule)
// with tsconfig.build.cjs.json's options, and the ESM declarations copied (they are the same text).
// A second `tsc` would type-check everything again for the same result: src/ is isolatedModules-safe,
// so a per-file emit is exact, except that decorator metadata naming an imported class takes the
// guarded form `typeof X !== "undefined" && X` (the value is the same at run time).
//
// No source maps: they would point at src/, which the package does not ship, and the emitted ES2022
// is line for line the source without its types, so stack traces read well as they are.
//
// `--no-check` (the test suite's package build) emits the same files without type-checking them:
// the suite type-checks src/ in test/types/type-check.spec.ts already.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { qualifyDeclarations } from './cite-protocol-in-declarations.mjs';

const require = createRequire(import.meta.url);
const tsc = require.resolve('typescript/bin/tsc');
const ts = require('typescript');

const noCheck = process.argv.includes('--no-check');
rmSync('dist', { recursive: true, force: true });
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', ...(noCheck ? ['--noCheck'] : [])], { stdio: 'inherit' });

const config = ts.getParsedCommandLineOfConfigFile('tsconfig.build.cjs.json', {}, {
  ...ts.sys,
  onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
    throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
  },
});
const { rootDir, outDir } = config.options;
for (const file of config.fileNames) {
  const { outputText, diagnostics } = ts.transpileModule(readFileSync(file, 'utf8'), {
    fileName: file,
    compilerOptions: { ...config.options, declaration: false, sourceMap: false },
    reportDiagnostics: true,
  });
  if (diagnostics?.length) {
    throw new Error(ts.formatDiagnostics(diagnostics, { getCanonicalFileName: (name) => name, getCurrentDirectory: () => process.cwd(), getNewLine: () => '\n' }));
  }
  const target = join(outDir, relative(rootDir, file)).replace(/\.ts$/, '.js');
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, outputText);
}
const esmOut = 'dist/esm';
for (const declaration of walk(esmOut).filter((file) => file.endsWith('.d.ts'))) {
  copyFileSync(declaration, join(outDir, relative(esmOut, declaration)));
}
// Declarations say where the cited protocol notes are (the package ships docs/PROTOCOL.md).
qualifyDeclarations('dist');
// The repo is "type": "module"; this marker makes Node read dist/cjs/*.js as CommonJS.
writeFileSync(join(outDir, 'package.json'), JSON.stringify({ type: 'commonjs' }, null, 2) + '\n');
console.log('built dist/esm and dist/cjs');

function walk(folder) {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(folder, entry.name)) : [join(folder, entry.name)],
  );
}
