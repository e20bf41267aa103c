import { ALL_SCENARIOS, HTTP_SCENARIOS } from './scenarios.mjs';

const HTTP_SCENARIO_NAMES = HTTP_SCENARIOS.map((scenario) => scenario.name);

const USAGE = `usage: npm run bench -- [--quick] [--json] [--scenarios=a,b] [--duration=s] [--warmup=s] [--reps=n] [--connections=n] [--profile[=a,b]] [--baseline=dir]
  scenarios: ${ALL_SCENARIOS.join(', ')}
  --reps      interleaved rounds: each round runs every chosen HTTP scenario once for --duration seconds (default 5 × 5 s)
  --quick     1 s per scenario after a 1 s warm-up, 1 round, 10,000 messages for dedup-rss (a smoke run: no targets judged)
  --profile   only these HTTP scenarios (default wecom-text-reply), interleaved, each server under the V8 profiler over the
              measured rounds; prints each one's top self time and their owners side by side in µs per request
  --baseline  another checkout of the repo (with node_modules): its wecom scenarios run in the same rounds, right after ours`;

/** Defaults: 10 connections, 3 s warm-up, 5 rounds × 5 s, 100,000 messages for dedup-rss. */
export function parseOptions(argv) {
  const flags = new Map();
  for (const arg of argv) {
    if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    }
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match) fail(`unknown argument "${arg}"`);
    flags.set(match[1], match[2] ?? true);
  }
  const quick = flags.get('quick') === true;
  const options = {
    quick,
    json: flags.get('json') === true,
    profile: flags.has('profile') ? (flags.get('profile') === true ? ['wecom-text-reply'] : String(flags.get('profile')).split(',').filter(Boolean)) : null,
    connections: integer(flags, 'connections', 1, 10),
    warmupSeconds: integer(flags, 'warmup', 1, quick ? 1 : 3),
    durationSeconds: integer(flags, 'duration', 1, quick ? 1 : 5),
    reps: integer(flags, 'reps', 1, quick ? 1 : 5),
    rssMessages: quick ? 10_000 : 100_000,
    scenarios: ALL_SCENARIOS,
    baseline: typeof flags.get('baseline') === 'string' ? flags.get('baseline') : null,
  };
  for (const name of flags.keys()) {
    if (!['quick', 'json', 'profile', 'connections', 'warmup', 'duration', 'reps', 'scenarios', 'baseline'].includes(name)) fail(`unknown option --${name}`);
  }
  if (typeof flags.get('scenarios') === 'string') {
    options.scenarios = flags.get('scenarios').split(',').filter(Boolean);
    const unknown = options.scenarios.filter((name) => !ALL_SCENARIOS.includes(name));
    if (unknown.length > 0) fail(`unknown scenario(s) ${unknown.join(', ')}`);
  }
  if (options.profile) {
    const unknown = options.profile.filter((name) => !HTTP_SCENARIO_NAMES.includes(name));
    if (unknown.length > 0 || options.profile.length === 0) fail(`--profile takes HTTP scenarios (${HTTP_SCENARIO_NAMES.join(', ')})`);
    options.scenarios = options.profile;
  }
  return options;
}

function integer(flags, name, min, fallback = min) {
  const raw = flags.get(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) fail(`--${name} must be a whole number ≥ ${min}`);
  return value;
}

function fail(message) {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}
