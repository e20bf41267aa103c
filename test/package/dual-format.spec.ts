import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The published artefact, not the source: `npm pack` the built package, install it into a CommonJS
 * app on Nest 11 and an ESM app on Nest 12, and drive each over real HTTP. This is what users on
 * either major get from the registry.
 */
const repo = process.cwd();
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
let work: string;
let tarball: string;

const run = (command: string, args: string[], cwd: string) =>
  execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_loglevel: 'error' } });

const probe = (cwd: string, file: string) => JSON.parse(run(process.execPath, [file], cwd).trim().split('\n').pop()!);

describe('the built package loads from CommonJS and from ESM', () => {
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'nestjs-wecom-pack-'));
    // Build and pack a copy, so the repo's own dist/ (used by other specs running in parallel) is untouched.
    const copy = join(work, 'package');
    for (const entry of ['src', 'scripts', 'package.json', 'tsconfig.json', 'tsconfig.build.json', 'tsconfig.build.cjs.json', 'README.md', 'README.zh-CN.md', 'docs']) {
      cpSync(join(repo, entry), join(copy, entry), { recursive: true });
    }
    if (existsSync(join(repo, 'bin'))) cpSync(join(repo, 'bin'), join(copy, 'bin'), { recursive: true });
    symlinkSync(join(repo, 'node_modules'), join(copy, 'node_modules'));
    run(process.execPath, ['scripts/build.mjs'], copy);
    run(npm, ['pack', '--ignore-scripts', '--pack-destination', work], copy);
    tarball = join(work, readdirSync(work).find((name) => name.endsWith('.tgz'))!);
  }, 180_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('an ESM app on Nest 12 imports it', () => {
    const app = join(work, 'esm-app');
    cpSync(join(repo, 'test/package/apps'), app, { recursive: true });
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'esm-app', private: true, type: 'module' }));
    // The tarball is unpacked as npm would (its `package/` folder becomes node_modules/nestjs-wecom),
    // and Nest 12 and the package's dependencies come from this repo's own install: no registry and no
    // npm cache needed (the Nest 11 case below installs from the registry).
    const installed = join(app, 'node_modules', 'nestjs-wecom');
    mkdirSync(installed, { recursive: true });
    run('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1'], app);
    for (const dep of ['@nestjs', 'reflect-metadata', 'rxjs', 'express', 'fast-xml-parser']) {
      symlinkSync(join(repo, 'node_modules', dep), join(app, 'node_modules', dep));
    }
    const result = probe(app, 'esm-app.mjs');
    expect(result.nestVersion).toMatch(/^12\./);
    expect(result.entry).toMatch(/node_modules\/nestjs-wecom\/dist\/esm\/index\.js$/);
    expect(result).toMatchObject({ status: 200, reply: 'esm echo: hi', malformedJson: { status: 400, body: { errcode: -40002 } } });
  }, 180_000);

  it('ships docs/PROTOCOL.md, and its declarations cite it by a path a user can open', () => {
    const listing = run('tar', ['-tzf', tarball], work).split('\n');
    expect(listing).toContain('package/docs/PROTOCOL.md');
    expect(listing.filter((file) => file.startsWith('package/docs/'))).toEqual(['package/docs/PROTOCOL.md']);
    const declarations = run('tar', ['-xzOf', tarball, 'package/dist/esm/config/wecom-options.interface.d.ts', 'package/dist/cjs/config/wecom-options.interface.d.ts'], work);
    expect(declarations).toContain('(nestjs-wecom/docs/PROTOCOL.md §1.5)');
    expect(declarations.replaceAll('nestjs-wecom/docs/PROTOCOL.md', '')).not.toContain('PROTOCOL.md');
  });

  it('a CommonJS app on Nest 11 requires it', () => {
    const app = join(work, 'cjs-app');
    cpSync(join(repo, 'test/package/apps'), app, { recursive: true });
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'cjs-app', private: true, type: 'commonjs' }));
    run(
      npm,
      ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--no-package-lock', '@nestjs/common@11', '@nestjs/core@11', '@nestjs/platform-express@11', 'reflect-metadata@0.2', 'rxjs@7', tarball],
      app,
    );
    const result = probe(app, 'cjs-app.cjs');
    expect(result.nestVersion).toMatch(/^11\./);
    expect(result.entry).toMatch(/node_modules\/nestjs-wecom\/dist\/cjs\/index\.js$/);
    expect(result).toMatchObject({ status: 200, reply: 'cjs echo: hi', malformedJson: { status: 400, body: { errcode: -40002 } } });
  }, 300_000);
});
