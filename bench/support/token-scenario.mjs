import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { transformFileSync } from '@swc/core';
import { BENCH_OUT } from './compile-for-bench.mjs';

/** The token scenario's fake WeCom API and redis-server helper live in test/support: compiled here next to src/ and bench/. */
const TEST_SUPPORT = ['test/support/fake-wecom-api.ts', 'test/support/redis-server.ts', 'test/support/free-port.ts'];

/** Runs the compiled bench/tokens/token.bench.ts in a child and reads its JSON line. */
export function runTokenBench(options) {
  for (const file of TEST_SUPPORT) {
    const target = join(BENCH_OUT, file).replace(/\.ts$/, '.js');
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, transformFileSync(file, { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'es6' }, swcrc: false, configFile: false }).code);
  }
  const seconds = options.durationSeconds >= 5 ? 2 : 1;
  const args = [join(BENCH_OUT, 'bench', 'tokens', 'token.bench.js'), `--seconds=${seconds}`, `--reps=${options.reps}`, `--concurrency=${options.connections}`];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { timeout: 180_000, maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`token bench failed: ${error.message}\n${stderr}`));
      resolve(JSON.parse(stdout.trim().split('\n').at(-1)).tokens);
    });
  });
}
