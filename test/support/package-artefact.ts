import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { inject } from 'vitest';
import { runOnce } from './run-once.js';

/**
 * The published artefact, built once per test run and shared by every spec that needs it (run-once.ts):
 * the packed tarball, and a CommonJS app folder with Nest 11 installed from the registry beside it.
 * The package, Jest and Vitest specs all use these, so `npm test` builds, packs and installs once.
 */
const repo = process.cwd();
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const execFileAsync = promisify(execFile);

/** A child process without the test runner's own variables (a nested Vitest would think it is a worker). */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST') && name !== 'NODE_OPTIONS' && name !== 'TEST'));
  return { ...env, npm_config_loglevel: 'error', ...extra };
}

export async function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = cleanEnv()): Promise<{ stdout: string; stderr: string }> {
  try {
    return await execFileAsync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 32 << 20 });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${stdout ?? ''}\n${stderr ?? ''}`, { cause: error });
  }
}

export interface PackedPackage {
  /** The .tgz that `npm pack` wrote, as `npm publish` would upload it. */
  readonly tarball: string;
  /** Where each spec may create its own folders. */
  readonly work: string;
}

/** `npm run build` in a copy of the repo (the repo's own dist/ stays untouched), then `npm pack`. */
export function packedPackage(): Promise<PackedPackage> {
  return runOnce('packed-package', async () => {
    const work = join(inject('runDir'), 'package');
    const copy = join(work, 'source');
    for (const entry of ['src', 'scripts', 'bin', 'docs', 'package.json', 'tsconfig.json', 'tsconfig.build.json', 'tsconfig.build.cjs.json', 'README.md', 'README.zh-CN.md']) {
      if (existsSync(join(repo, entry))) cpSync(join(repo, entry), join(copy, entry), { recursive: true });
    }
    symlinkSync(join(repo, 'node_modules'), join(copy, 'node_modules'));
    // The published build, without its type check: the type-check spec has checked src/ already.
    await run(process.execPath, ['scripts/build.mjs', '--no-check'], copy);
    await run(npm, ['pack', '--ignore-scripts', '--pack-destination', work], copy);
    const tarball = join(work, readdirSync(work).find((name) => name.endsWith('.tgz'))!);
    return { tarball, work };
  });
}

export interface Nest11Install {
  /** A CommonJS app folder (package.json type commonjs) whose node_modules hold Nest 11 and the tarball. */
  readonly dir: string;
  readonly tarball: string;
}

/**
 * Nest 11, as a Nest 11 app has it, installed from the registry with the tarball: the one network
 * step of the test suite. `@nestjs/testing` and TypeScript 5 (the line Nest 11's starter pins) are
 * there for the README's Jest example.
 */
export function nest11Install(): Promise<Nest11Install> {
  return runOnce('nest11-install', async () => {
    const { tarball, work } = await packedPackage();
    const dir = join(work, 'nest11-app');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'nest11-app', private: true, type: 'commonjs' }));
    await run(
      npm,
      [
        'install',
        '--no-audit',
        '--no-fund',
        '--ignore-scripts',
        '--no-package-lock',
        '@nestjs/common@11',
        '@nestjs/core@11',
        '@nestjs/platform-express@11',
        '@nestjs/testing@11',
        'reflect-metadata@0.2',
        'rxjs@7',
        'typescript@5',
        tarball,
      ],
      dir,
    );
    return { dir, tarball };
  });
}

/**
 * An ESM app folder on Nest 12, without the registry: the tarball unpacked as npm would (its
 * `package/` folder becomes node_modules/nestjs-wecom), and Nest 12 and the package's dependencies
 * linked from this repo's own install.
 */
export async function nest12App(name: string): Promise<{ dir: string; tarball: string }> {
  const { tarball, work } = await packedPackage();
  const dir = join(work, name);
  const installed = join(dir, 'node_modules', 'nestjs-wecom');
  mkdirSync(installed, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, private: true, type: 'module' }));
  await run('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1'], dir);
  for (const dep of ['@nestjs', 'reflect-metadata', 'rxjs', 'express', 'fast-xml-parser']) {
    symlinkSync(join(repo, 'node_modules', dep), join(dir, 'node_modules', dep));
  }
  return { dir, tarball };
}

/** Links packages of this repo's own node_modules (the test runners and their types) into `dir`. */
export function linkFromRepo(dir: string, packages: readonly string[]): void {
  for (const name of packages) {
    const target = join(dir, 'node_modules', name);
    mkdirSync(join(target, '..'), { recursive: true });
    symlinkSync(join(repo, 'node_modules', name), target);
  }
}
