import { availableParallelism } from 'node:os';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';
import LongestFirstSequencer from './test/support/longest-first.sequencer.js';

// SWC (not esbuild) compiles the specs so that Nest's decorator metadata (design:paramtypes) is emitted.
export default defineConfig({
  plugins: [swc.vite({ module: { type: 'es6' } })],
  test: {
    include: ['test/**/*.spec.ts'],
    environment: 'node',
    // Generous: with two workers on two cores, a CPU-bound spec may take twice as long as alone.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Vitest's default on 2 cores is one worker (cores - 1), which leaves a core idle whenever a file
    // waits: on a child process (tsc, npm install, Jest), a real HTTP round trip, a timer.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    sequence: { sequencer: LongestFirstSequencer },
    globalSetup: ['test/support/global-setup.ts'],
  },
});
