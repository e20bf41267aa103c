import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ApiRuntime } from '../../src/api/api-runtime.js';
import { resolveApiOptions } from '../../src/api/resolve-api-options.js';
import { RedisTokenStore } from '../../src/api/tokens/redis-token.store.js';
import type { WeComTokenStore } from '../../src/api/tokens/wecom-token-store.js';
import { FakeWeComApi } from '../../test/support/fake-wecom-api.js';
import { startRedisServer, type RunningRedis } from '../../test/support/redis-server.js';

/**
 * The token scenario of `npm run bench` (bench/support/token-scenario.mjs runs this compiled): calls
 * per second through `client.call('user/get')` against the fake WeCom API on loopback, in this one
 * process, side by side with a floor (the same request with a fixed token, by plain fetch), and how
 * many gettoken calls each phase made. Prints one JSON line: `{ tokens: [...] }`.
 *
 * - floor: fetch with a token known in advance: the fake and HTTP alone;
 * - warm (memory | redis): a token already fetched: what the client adds per call;
 * - cold (memory | redis): 100 concurrent calls on a fresh provider (and, for redis, a fresh key), repeated:
 *   every cold start must cost one gettoken however many calls wait on it.
 */
const args = new Map(process.argv.slice(2).map((arg) => arg.replace(/^--/, '').split('=') as [string, string]));
const SECONDS = Number(args.get('seconds') ?? 2);
const REPS = Number(args.get('reps') ?? 3);
const CONCURRENCY = Number(args.get('concurrency') ?? 10);
const COLD_CALLS = 100;
const CORP = 'wwbenchcorp';
const SECRET = 'BENCHSECRET-0123456789abcdefghijklmnopqrstuv';

interface Phase {
  name: string;
  callsPerSec: number;
  runs: number[];
  gettoken: number;
  calls: number;
  note?: string;
}

async function main(): Promise<void> {
  Logger.overrideLogger(['error', 'fatal']);
  const fake = await new FakeWeComApi({ apps: [{ corpId: CORP, secret: SECRET, agentId: 1 }] }).start();
  fake.users.set('bench', { name: 'bench' });
  let redis: RunningRedis | undefined;
  try {
    redis = await startRedisServer();
  } catch {
    redis = undefined; // the redis phases are skipped and say so
  }
  const phases: Phase[] = [];
  const runtimes: ApiRuntime[] = [];
  try {
    const floorToken = (await (await fetch(`${fake.url}/cgi-bin/gettoken?corpid=${CORP}&corpsecret=${SECRET}`)).json()) as { access_token: string };
    const warm: Array<{ name: string; operation: () => Promise<unknown> }> = [
      {
        name: 'floor: fetch, token known',
        operation: async () => (await fetch(`${fake.url}/cgi-bin/user/get?access_token=${floorToken.access_token}&userid=bench`)).json(),
      },
    ];
    for (const store of ['memory', 'redis'] as const) {
      if (store === 'redis' && !redis) continue;
      const runtime = runtimeOn(fake, store === 'redis' ? new RedisTokenStore({ url: redis!.url, keyPrefix: 'bench-warm:' }) : undefined);
      runtimes.push(runtime);
      const client = runtime.appClient({ name: 'bench', corpId: CORP, agentId: '1', secret: SECRET });
      await client.accessToken();
      warm.push({ name: `warm: client.call, ${store} store`, operation: () => client.call('user/get', { query: { userid: 'bench' } }) });
    }
    phases.push(...(await measureInterleaved(fake, warm)));
    if (!redis) phases.push({ name: 'warm: client.call, redis store', callsPerSec: 0, runs: [], gettoken: 0, calls: 0, note: 'skipped: no redis-server' });
    for (const store of ['memory', 'redis'] as const) {
      if (store === 'redis' && !redis) continue;
      phases.push(await coldStarts(fake, store, redis));
    }
  } finally {
    await Promise.all(runtimes.map((runtime) => runtime.close()));
    await fake.stop();
    await redis?.stop();
  }
  console.log(JSON.stringify({ tokens: phases }));
}

function runtimeOn(fake: FakeWeComApi, tokenStore?: WeComTokenStore): ApiRuntime {
  return new ApiRuntime(resolveApiOptions({ baseUrl: fake.url, timeoutMs: 5000, tokenStore }));
}

/**
 * CONCURRENCY loops of each operation for SECONDS, REPS rounds, the operations interleaved within a
 * round (so a load spike from other processes hits them alike); the median rate of each.
 */
async function measureInterleaved(fake: FakeWeComApi, operations: Array<{ name: string; operation: () => Promise<unknown> }>): Promise<Phase[]> {
  const before = fake.counts.gettoken;
  const runs = operations.map(() => [] as number[]);
  for (const { operation } of operations) await loop(operation, 0.5); // warm-up
  for (let rep = 0; rep < REPS; rep++) {
    for (const [index, { operation }] of operations.entries()) {
      runs[index].push(await loop(operation, SECONDS));
      fake.calls.length = 0; // keep the fake's memory flat
    }
  }
  return operations.map(({ name }, index) => ({ name, callsPerSec: median(runs[index]), runs: runs[index], gettoken: index === 0 ? 0 : fake.counts.gettoken - before, calls: 0 }));
}

async function loop(operation: () => Promise<unknown>, seconds: number): Promise<number> {
  let done = 0;
  const end = performance.now() + seconds * 1000;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < end) {
        await operation();
        done++;
      }
    }),
  );
  return done / ((performance.now() - start) / 1000);
}

/** Cold starts: a fresh provider (and store key), COLD_CALLS calls at once; per start, how many gettoken. */
async function coldStarts(fake: FakeWeComApi, store: 'memory' | 'redis', redis: RunningRedis | undefined): Promise<Phase> {
  const runs: number[] = [];
  const before = fake.counts.gettoken;
  let starts = 0;
  for (let rep = 0; rep < REPS; rep++) {
    let calls = 0;
    const start = performance.now();
    const end = start + SECONDS * 1000;
    while (performance.now() < end) {
      // WeCom returns the same token within its lifetime; revoking it makes every start a real fetch.
      const runtime = runtimeOn(fake, store === 'redis' ? new RedisTokenStore({ url: redis!.url, keyPrefix: `bench-cold-${rep}-${starts}:` }) : undefined);
      const client = runtime.appClient({ name: 'bench', corpId: CORP, agentId: '1', secret: SECRET });
      await Promise.all(Array.from({ length: COLD_CALLS }, () => client.call('user/get', { query: { userid: 'bench' } })));
      fake.revoke(await client.accessToken());
      await runtime.close();
      calls += COLD_CALLS;
      starts++;
    }
    runs.push(calls / ((performance.now() - start) / 1000));
    fake.calls.length = 0;
  }
  const gettoken = fake.counts.gettoken - before;
  return {
    name: `cold: ${COLD_CALLS} concurrent calls per start, ${store} store`,
    callsPerSec: median(runs),
    runs,
    gettoken,
    calls: starts * COLD_CALLS,
    note: `${starts} cold starts, ${(gettoken / starts).toFixed(2)} gettoken per start`,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

await main();
