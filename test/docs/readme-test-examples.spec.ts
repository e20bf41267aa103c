import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanEnv, linkFromRepo, nest11Install, nest12App, run } from '../support/package-artefact.js';
import { namedBlock, readmeTsBlocks } from '../support/readme-blocks.js';

/**
 * The README's testing examples, run as a user runs them: extracted from README.md, written into a
 * project set up like the framework's own starter, with nestjs-wecom installed from the packed
 * tarball (shared with the package spec, so nothing is built or installed twice).
 *
 * - Jest: Nest 11's starter (CommonJS, ts-jest, `module: nodenext`, Jest's globals), type-checked by
 *   the starter's TypeScript 5 against the package's CommonJS declarations, then run by Jest.
 * - Vitest: an ESM project on Nest 12 with SWC for decorator metadata (type-checked with the other
 *   README blocks by test/types/type-check.spec.ts).
 */
const repo = process.cwd();
/** The English README's app.module.ts (quick start) is the module under test; both READMEs' test blocks run against it. */
const README = 'README.md';
const READMES = ['README.md', 'README.zh-CN.md'] as const;
/** `wecom.spec.ts` from README.md, `zh-CN.wecom.spec.ts` from README.zh-CN.md. */
const fileFor = (readme: string, file: string) => (readme === README ? file : `${readme.replace(/^README\.|\.md$/g, '')}.${file}`);

/**
 * Nest 11's starter `tsconfig.json`, with `baseUrl: './'` replaced by `rootDir: './'`. ts-jest, from
 * this repo's devDependencies, transpiles with the repo's TypeScript 6 whenever `isolatedModules` is
 * on (as in the starter), and TypeScript 6 refuses `baseUrl` and wants `rootDir`. The starter uses
 * neither for anything (no `paths`), and TypeScript 5, which the starter pins, reads both forms alike.
 */
const NEST11_TSCONFIG = {
  compilerOptions: {
    module: 'nodenext',
    moduleResolution: 'nodenext',
    resolvePackageJsonExports: true,
    esModuleInterop: true,
    isolatedModules: true,
    declaration: true,
    removeComments: true,
    emitDecoratorMetadata: true,
    experimentalDecorators: true,
    allowSyntheticDefaultImports: true,
    target: 'ES2023',
    sourceMap: true,
    outDir: './dist',
    rootDir: './',
    incremental: true,
    skipLibCheck: true,
    strictNullChecks: true,
    forceConsistentCasingInFileNames: true,
    noImplicitAny: false,
    strictBindCallApply: false,
    noFallthroughCasesInSwitch: false,
  },
};

/** The `jest` section of Nest 11's starter package.json. */
const NEST11_JEST = {
  moduleFileExtensions: ['js', 'json', 'ts'],
  rootDir: 'src',
  testRegex: '.*\\.spec\\.ts$',
  transform: { '^.+\\.(t|j)s$': 'ts-jest' },
  collectCoverageFrom: ['**/*.(t|j)s'],
  coverageDirectory: '../coverage',
  testEnvironment: 'node',
};

/** A test run's summary line, e.g. `Tests:       3 passed, 3 total`. */
const passedCount = (output: string, pattern: RegExp) => Number(pattern.exec(output)?.[1] ?? 0);

describe('the README testing examples, run in real projects from the packed package', () => {
  it('Jest on Nest 11 (CommonJS, ts-jest, nodenext): the Jest example passes as written', async () => {
    const { dir } = await nest11Install();
    const project = join(dir, 'jest-project');
    mkdirSync(join(project, 'src'), { recursive: true });
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'jest-project', private: true, jest: NEST11_JEST }, null, 2));
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify(NEST11_TSCONFIG, null, 2));
    writeFileSync(join(project, 'src', 'app.module.ts'), namedBlock(README, 'app.module.ts').code);
    for (const readme of READMES) {
      writeFileSync(join(project, 'src', fileFor(readme, 'wecom.spec.ts')), namedBlock(readme, 'wecom.spec.ts', 'jest').code);
    }
    // What the starter has in devDependencies; Nest 11 and nestjs-wecom come from the app folder above.
    linkFromRepo(project, ['ts-jest', '@types/jest', '@types/node']);

    // ts-jest only transpiles under `isolatedModules`, so the type check is the starter's own compiler's
    // (TypeScript 5, from the Nest 11 install), as `npm run build` and the editor would run it.
    await run(process.execPath, [join(dir, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', project, '--noEmit'], project);

    const jest = join(repo, 'node_modules', 'jest', 'bin', 'jest.js');
    const { stdout, stderr } = await run(process.execPath, [jest, '--ci', '--colors=false', '--cacheDirectory', join(dir, '.jest-cache')], project, cleanEnv());
    const output = `${stdout}\n${stderr}`;
    expect(output).toContain('PASS src/wecom.spec.ts');
    expect(output).toContain('PASS src/zh-CN.wecom.spec.ts');
    expect(passedCount(output, /Tests:\s+(\d+) passed/)).toBe(6);
  }, 300_000);

  it('Vitest on Nest 12 (ESM, SWC): every Vitest example passes as written', async () => {
    const { dir } = await nest12App('vitest-project');
    mkdirSync(join(dir, 'src'), { recursive: true });
    writeFileSync(join(dir, 'src', 'app.module.ts'), namedBlock(README, 'app.module.ts').code);
    const examples = READMES.flatMap((readme) => readmeTsBlocks(readme).filter((block) => block.runner === 'vitest').map((block) => ({ readme, block })));
    for (const { readme, block } of examples) writeFileSync(join(dir, 'src', fileFor(readme, block.file!)), block.code);
    // unplugin-swc takes the decorator settings from tsconfig.json, as in a Nest project.
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'ES2023', experimentalDecorators: true, emitDecoratorMetadata: true, strict: true, skipLibCheck: true } }, null, 2),
    );
    writeFileSync(
      join(dir, 'vitest.config.mjs'),
      "import swc from 'unplugin-swc';\nexport default { plugins: [swc.vite({ module: { type: 'es6' } })], test: { include: ['src/**/*.spec.ts'] } };\n",
    );
    linkFromRepo(dir, ['vitest', 'unplugin-swc', '@swc/core']);

    const vitest = join(repo, 'node_modules', 'vitest', 'vitest.mjs');
    const { stdout, stderr } = await run(process.execPath, [vitest, 'run', '--root', dir, '--reporter=default', '--color=false'], dir, cleanEnv({ NO_COLOR: '1' }));
    const output = `${stdout}\n${stderr}`;
    expect(output).toMatch(/Test Files\s+\d+ passed/);
    expect(examples.length).toBe(4); // the app test and the bot test, in each README
    expect(passedCount(output, /Tests\s+(\d+) passed/)).toBe(8);
  }, 300_000);
});
