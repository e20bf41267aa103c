import { join } from 'node:path';
import { runLoad } from './load.mjs';
import { RequestPool } from './request-pool.mjs';
import { assertServerAnswers } from './sanity-check.mjs';
import { startServer } from './server-process.mjs';
import { median } from './statistics.mjs';

/** Pool for servers that do not parse (floors): it wraps around, only the bytes on the wire matter. */
const REUSABLE_POOL_SIZE = 5_000;
/** Prepared warm-up requests per second for deduplicating servers; more are built on demand. */
const WARMUP_POOL_PER_SECOND = 6_000;
/** A measured run gets this much more than the scenario's best rate so far, so it rarely builds on demand. */
const POOL_HEADROOM = 1.4;

/**
 * The HTTP scenarios side by side: every server starts first (one process each), answers a sanity
 * request and warms up; then `reps` rounds each run every scenario once for `durationSeconds`, in the
 * same order (A B C D, A B C D, …). Machine noise hits neighbouring runs alike, so a ratio is taken
 * within each round and the median of the per-round ratios is what the targets judge.
 *
 * Every request of a deduplicating scenario is a distinct message (RequestPool never repeats one), and
 * the server says how many callbacks its handlers ran: `repeats` counts 2xx answers beyond that (a
 * duplicate is answered from the dedup record without running the handler), and must be 0.
 * The server also reports its CPU time, so each run says what a request cost it in CPU µs: a figure
 * that other work on the machine disturbs far less than req/s.
 */
export async function runInterleaved(scenarios, options, { nodeOptions = [], progress = () => {}, profileDir = null } = {}) {
  const servers = new Map();
  try {
    for (const scenario of scenarios) {
      const server = await startServer(scenario.server, { nodeOptions, root: scenario.root });
      servers.set(scenario.name, server);
      await assertServerAnswers(server.port, new RequestPool(scenario.pool, 1).next(), scenario.expect);
    }
    const load = (scenario, pool, seconds) => runLoad({ port: servers.get(scenario.name).port, pool, connections: options.connections, seconds });
    const poolFor = (scenario, size) =>
      scenario.distinct ? new RequestPool(scenario.pool, size) : new RequestPool(scenario.pool, REUSABLE_POOL_SIZE, { reusable: true });

    const bestRate = new Map();
    progress(`warm-up: ${scenarios.length} scenario(s) × ${options.warmupSeconds} s`);
    for (const scenario of scenarios) {
      const warm = await load(scenario, poolFor(scenario, WARMUP_POOL_PER_SECOND * options.warmupSeconds), options.warmupSeconds);
      bestRate.set(scenario.name, warm.requestsPerSec);
    }

    // --profile: sample every server over the measured rounds, after the warm-up.
    if (profileDir) for (const scenario of scenarios) await servers.get(scenario.name).startProfile();
    const runs = new Map(scenarios.map((scenario) => [scenario.name, []]));
    for (let round = 0; round < options.reps; round++) {
      progress(`round ${round + 1}/${options.reps}: ${scenarios.map((scenario) => scenario.name).join(' → ')}`);
      for (const scenario of scenarios) {
        const server = servers.get(scenario.name);
        const pool = poolFor(scenario, Math.ceil(bestRate.get(scenario.name) * options.durationSeconds * POOL_HEADROOM) + 1_000);
        const before = await server.stats();
        const run = await load(scenario, pool, options.durationSeconds);
        const after = await server.stats();
        const handled = before.handled === null || after.handled === null ? null : after.handled - before.handled;
        runs.get(scenario.name).push({
          ...run,
          round: round + 1,
          handled,
          cpuMicrosPerRequest: run.requests > 0 && before.cpuMicros !== null && after.cpuMicros !== null ? (after.cpuMicros - before.cpuMicros) / run.requests : null,
          repeats: scenario.distinct ? Math.max(pool.repeats, handled === null ? 0 : run.ok - handled) : 0,
          builtOnDemand: pool.late,
        });
        bestRate.set(scenario.name, Math.max(bestRate.get(scenario.name), run.requestsPerSec));
      }
    }

    if (profileDir) for (const scenario of scenarios) await servers.get(scenario.name).stopProfile(join(profileDir, `${scenario.name}.cpuprofile`));
    const results = [];
    for (const scenario of scenarios) {
      const scenarioRuns = runs.get(scenario.name);
      const { peakRss } = await servers.get(scenario.name).memory();
      results.push({
        name: scenario.name,
        what: scenario.what,
        requestsPerSec: median(scenarioRuns.map((run) => run.requestsPerSec)),
        latencyP50Ms: median(scenarioRuns.map((run) => run.latencyP50Ms)),
        latencyP99Ms: median(scenarioRuns.map((run) => run.latencyP99Ms)),
        cpuMicrosPerRequest: median(scenarioRuns.map((run) => run.cpuMicrosPerRequest ?? 0)),
        peakRssBytes: peakRss,
        failures: scenarioRuns.reduce((sum, run) => sum + run.non2xx + run.errors, 0),
        repeats: scenarioRuns.reduce((sum, run) => sum + run.repeats, 0),
        builtOnDemand: scenarioRuns.reduce((sum, run) => sum + run.builtOnDemand, 0),
        runs: scenarioRuns,
      });
    }
    return results;
  } finally {
    for (const server of servers.values()) await server.stop();
  }
}
