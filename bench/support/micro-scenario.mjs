import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { BENCH_OUT } from './compile-for-bench.mjs';

/** Runs the compiled bench/micro/pipeline.micro.ts in a child and reads its JSON line. */
export function runMicro(options) {
  const seconds = options.durationSeconds >= 5 ? 2 : 1;
  const args = [join(BENCH_OUT, 'bench', 'micro', 'pipeline.micro.js'), `--seconds=${seconds}`, `--warmup=${options.quick ? 0.5 : 1}`, `--reps=${options.reps}`];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { timeout: 180_000, maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`micro-benchmarks failed: ${error.message}\n${stderr}`));
      const last = stdout.trim().split('\n').at(-1);
      resolve(JSON.parse(last).micro);
    });
  });
}
