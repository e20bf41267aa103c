import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nest11Install, nest12App, packedPackage, run } from '../support/package-artefact.js';

/**
 * The published artefact, not the source: the packed tarball (built and packed once per test run,
 * shared with the README example specs), installed into a CommonJS app on Nest 11 and an ESM app on
 * Nest 12, each driven over real HTTP. This is what users on either major get from the registry.
 */
const repo = process.cwd();

const probe = async (cwd: string, file: string) => JSON.parse((await run(process.execPath, [file], cwd)).stdout.trim().split('\n').pop()!);

describe('the built package loads from CommonJS and from ESM', () => {
  it('ships what the exports name, the CLI, and no source maps (they would point at src/, which is not shipped)', async () => {
    const { tarball, work } = await packedPackage();
    const files = (await run('tar', ['-tzf', tarball], work)).stdout.trim().split('\n').map((name) => name.replace(/^package\//, ''));
    expect(files.filter((name) => name.endsWith('.map'))).toEqual([]);
    expect(files.some((name) => name.startsWith('src/'))).toBe(false);
    for (const entry of ['dist/esm/index.js', 'dist/esm/index.d.ts', 'dist/cjs/index.js', 'dist/cjs/index.d.ts', 'dist/cjs/package.json', 'dist/esm/testing/index.js', 'dist/cjs/testing/index.d.ts', 'bin/nestjs-wecom.mjs']) {
      expect(files, entry).toContain(entry);
    }
    // No file points at a map: neither `//# sourceMappingURL` comments nor a map beside it.
    const unpacked = await nest12App('contents');
    for (const file of files.filter((name) => name.endsWith('.js'))) {
      expect(readFileSync(join(unpacked.dir, 'node_modules', 'nestjs-wecom', file), 'utf8'), file).not.toContain('sourceMappingURL');
    }
  }, 300_000);

  it('an ESM app on Nest 12 imports it, and its CLI runs from the package', async () => {
    const { dir } = await nest12App('esm-app');
    cpSync(join(repo, 'test/package/apps'), dir, { recursive: true });
    const result = await probe(dir, 'esm-app.mjs');
    expect(result.nestVersion).toMatch(/^12\./);
    expect(result.entry).toMatch(/node_modules\/nestjs-wecom\/dist\/esm\/index\.js$/);
    expect(result).toMatchObject({ status: 200, reply: 'esm echo: hi', malformedJson: { status: 400, body: { errcode: -40002 } } });
    const templates = await run(process.execPath, ['node_modules/nestjs-wecom/bin/nestjs-wecom.mjs', 'templates'], dir);
    expect(templates.stdout).toContain('  change_contact create_party\n');
    expect(templates.stdout).toContain('AI bot events (send bot event <eventtype>), docs/PROTOCOL.md §5.1:\n  enter_chat\n');
  }, 300_000);

  it('ships docs/PROTOCOL.md, and its declarations cite it by a path a user can open', async () => {
    const { tarball, work } = await packedPackage();
    const listing = (await run('tar', ['-tzf', tarball], work)).stdout.split('\n');
    expect(listing).toContain('package/docs/PROTOCOL.md');
    expect(listing.filter((file) => file.startsWith('package/docs/'))).toEqual(['package/docs/PROTOCOL.md']);
    const declarations = (await run('tar', ['-xzOf', tarball, 'package/dist/esm/config/wecom-options.interface.d.ts', 'package/dist/cjs/config/wecom-options.interface.d.ts'], work)).stdout;
    expect(declarations).toContain('(nestjs-wecom/docs/PROTOCOL.md §1.5)');
    expect(declarations.replaceAll('nestjs-wecom/docs/PROTOCOL.md', '')).not.toContain('PROTOCOL.md');
  }, 300_000);

  it('a CommonJS app on Nest 11 requires it', async () => {
    const { dir } = await nest11Install();
    cpSync(join(repo, 'test/package/apps'), dir, { recursive: true });
    const result = await probe(dir, 'cjs-app.cjs');
    expect(result.nestVersion).toMatch(/^11\./);
    expect(result.entry).toMatch(/node_modules\/nestjs-wecom\/dist\/cjs\/index\.js$/);
    expect(result).toMatchObject({ status: 200, reply: 'cjs echo: hi', malformedJson: { status: 400, body: { errcode: -40002 } } });
  }, 300_000);
});
