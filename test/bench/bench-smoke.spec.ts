import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

/**
 * `npm run bench` stays runnable: a --quick run of three HTTP scenarios side by side (one floor, the
 * ideal pipeline and the module, whose sanity checks decrypt the replies) must print its JSON object
 * on the last line, with every request a distinct message. No timing is asserted: on a shared CI
 * machine the figures mean nothing.
 */
describe('bench/run.mjs --quick --json (smoke)', () => {
  it('runs floor-http, ideal-text-reply and wecom-text-reply in one round and reports every figure', { timeout: 150_000 }, async () => {
    const { stdout } = await run(process.execPath, ['bench/run.mjs', '--quick', '--json', '--scenarios=floor-http,ideal-text-reply,wecom-text-reply'], {
      timeout: 140_000,
      maxBuffer: 1 << 20,
    });
    const result = JSON.parse(stdout.trim().split('\n').at(-1) as string);

    expect(result.settings).toMatchObject({ quick: true, reps: 1, durationSeconds: 1 });
    expect(result.machine.loadStart).toBeGreaterThanOrEqual(0);
    expect(result.scenarios.map((s: { name: string }) => s.name)).toEqual(['floor-http', 'ideal-text-reply', 'wecom-text-reply']);
    for (const scenario of result.scenarios) {
      expect(scenario.requestsPerSec).toBeGreaterThan(0);
      expect(scenario.latencyP99Ms).toBeGreaterThanOrEqual(scenario.latencyP50Ms);
      expect(scenario.peakRssBytes).toBeGreaterThan(0);
      expect(scenario.failures).toBe(0);
      expect(scenario.repeats).toBe(0);
      expect(scenario.runs).toHaveLength(1);
    }
    // The deduplicating servers ran their handler once per 2xx answer: no request was a repeat.
    for (const name of ['ideal-text-reply', 'wecom-text-reply']) {
      const [only] = result.scenarios.find((s: { name: string }) => s.name === name).runs;
      expect(only.handled).toBeGreaterThanOrEqual(only.ok);
    }
    expect(result.targets.targets).toHaveLength(7);
    expect(result.targets.targets.every((target: { met: unknown }) => target.met === null)).toBe(true);
    const vsIdeal = result.targets.targets.find((target: { over?: string }) => target.over === 'ideal-text-reply');
    expect(vsIdeal.value).toBeGreaterThan(0);
  });
});
