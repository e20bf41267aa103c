import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

/**
 * `npm run bench` stays runnable: a --quick run of two scenarios (one floor, one through the module,
 * whose sanity check decrypts our reply) must print its JSON object on the last line. No timing is
 * asserted: on a shared CI machine the figures mean nothing.
 */
describe('bench/run.mjs --quick --json (smoke)', () => {
  it('runs floor-http and wecom-text-reply and reports every figure', { timeout: 120_000 }, async () => {
    const { stdout } = await run(process.execPath, ['bench/run.mjs', '--quick', '--json', '--scenarios=floor-http,wecom-text-reply'], {
      timeout: 110_000,
      maxBuffer: 1 << 20,
    });
    const result = JSON.parse(stdout.trim().split('\n').at(-1) as string);

    expect(result.settings).toMatchObject({ quick: true, reps: 1, durationSeconds: 1 });
    expect(result.scenarios.map((s: { name: string }) => s.name)).toEqual(['floor-http', 'wecom-text-reply']);
    for (const scenario of result.scenarios) {
      expect(scenario.requestsPerSec).toBeGreaterThan(0);
      expect(scenario.latencyP99Ms).toBeGreaterThanOrEqual(scenario.latencyP50Ms);
      expect(scenario.peakRssBytes).toBeGreaterThan(0);
      expect(scenario.failures).toBe(0);
      expect(scenario.runs).toHaveLength(1);
    }
    expect(result.targets).toHaveLength(5);
    expect(result.targets.every((target: { met: unknown }) => target.met === null)).toBe(true);
  });
});
