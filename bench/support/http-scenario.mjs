import { runLoad } from './load.mjs';
import { RequestPool } from './request-pool.mjs';
import { assertServerAnswers } from './sanity-check.mjs';
import { startServer } from './server-process.mjs';
import { median } from './statistics.mjs';

/** Pool for servers that do not parse (floors): it may wrap, the bytes on the wire are what matter. */
const REUSABLE_POOL_SIZE = 5_000;
/** Warm-up pool per second for deduplicating servers; past it the warm-up repeats messages (harmless there). */
const WARMUP_POOL_PER_SECOND = 15_000;

/**
 * One HTTP scenario: its own server process, a sanity request, a warm-up, then `reps` measured runs
 * with the same connections and duration. Each measured run gets a fresh pool sized from the
 * warm-up's rate (1.5×), so every request is a new message with a timestamp seconds old.
 */
export async function runHttpScenario(scenario, options, { nodeOptions = [] } = {}) {
  const server = await startServer(scenario.server, { nodeOptions });
  try {
    await assertServerAnswers(server.port, new RequestPool(scenario.pool, 1).next(), scenario.expect);
    const load = (pool, seconds) => runLoad({ port: server.port, pool, connections: options.connections, seconds });

    const warmPool = new RequestPool(scenario.pool, scenario.distinct ? WARMUP_POOL_PER_SECOND * options.warmupSeconds : REUSABLE_POOL_SIZE);
    const warm = await load(warmPool, options.warmupSeconds);

    const runs = [];
    let duplicates = 0;
    for (let rep = 0; rep < options.reps; rep++) {
      const size = scenario.distinct ? Math.ceil(warm.requestsPerSec * options.durationSeconds * 1.5) + 1_000 : REUSABLE_POOL_SIZE;
      const pool = new RequestPool(scenario.pool, size);
      runs.push(await load(pool, options.durationSeconds));
      if (scenario.distinct) duplicates += pool.wrapped;
    }
    const { peakRss } = await server.memory();
    const failures = runs.reduce((sum, run) => sum + run.non2xx + run.errors, 0);
    return {
      name: scenario.name,
      requestsPerSec: median(runs.map((run) => run.requestsPerSec)),
      latencyP50Ms: median(runs.map((run) => run.latencyP50Ms)),
      latencyP99Ms: median(runs.map((run) => run.latencyP99Ms)),
      peakRssBytes: peakRss,
      failures,
      duplicates,
      runs,
    };
  } finally {
    await server.stop();
  }
}
