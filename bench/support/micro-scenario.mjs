import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { BENCH_OUT } from './compile-for-bench.mjs';

/** Runs the compiled bench/micro/pipeline.micro.ts in a child (interleaved rounds) and reads its JSON line. */
export function runMicro(options) {
  const seconds = options.durationSeconds >= 5 ? 2 : 1;
  return runScript('pipeline.micro.js', [`--seconds=${seconds}`, `--warmup=${options.quick ? 0.5 : 1}`, `--reps=${options.reps}`]).then((json) => json.micro);
}

/** Runs bench/micro/stages.micro.ts: per-stage µs, ideal vs ours, text and event. */
export function runStages(options) {
  return runScript('stages.micro.js', [`--batch=${options.quick ? 1000 : 4000}`, `--rounds=${options.quick ? 1 : options.reps}`]).then((json) => json.stages);
}

function runScript(file, args) {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [join(BENCH_OUT, 'bench', 'micro', file), ...args], { timeout: 300_000, maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`${file} failed: ${error.message}\n${stderr}`));
      resolve(JSON.parse(stdout.trim().split('\n').at(-1)));
    });
  });
}
