#!/usr/bin/env node
// `npm run bench`: see bench/README.md for what each scenario measures and how to read the output.
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseOptions } from './support/cli-options.mjs';
import { topSelfTime } from './support/cpu-profile-summary.mjs';
import { BENCH_OUT, compileForBench } from './support/compile-for-bench.mjs';
import { runDedupRss } from './support/dedup-rss.mjs';
import { runHttpScenario } from './support/http-scenario.mjs';
import { runMicro } from './support/micro-scenario.mjs';
import { formatReport } from './support/report.mjs';
import { HTTP_SCENARIOS, MICRO_SCENARIO, RSS_SCENARIO, TOKEN_SCENARIO } from './support/scenarios.mjs';
import { runTokenBench } from './support/token-scenario.mjs';
import { judgeTargets } from './support/targets.mjs';

const options = parseOptions(process.argv.slice(2));
// With --json, progress goes to stderr so that stdout's last line is the JSON object.
const progress = (message) => (options.json ? console.error(message) : console.log(message));

compileForBench();
const results = {
  machine: { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model?.trim() ?? 'unknown', platform: `${process.platform}-${process.arch}` },
  settings: {
    quick: options.quick,
    connections: options.connections,
    warmupSeconds: options.warmupSeconds,
    durationSeconds: options.durationSeconds,
    reps: options.reps,
  },
  scenarios: [],
  micro: null,
  rss: null,
  tokens: null,
};

const profileDir = join(BENCH_OUT, 'profiles');
for (const scenario of HTTP_SCENARIOS) {
  if (!options.scenarios.includes(scenario.name)) continue;
  progress(`${scenario.name}…`);
  const nodeOptions = options.profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  if (options.profile) {
    rmSync(profileDir, { recursive: true, force: true });
    mkdirSync(profileDir, { recursive: true });
  }
  results.scenarios.push(await runHttpScenario(scenario, options, { nodeOptions }));
}
if (options.scenarios.includes(MICRO_SCENARIO)) {
  progress('pipeline micro-benchmarks…');
  results.micro = await runMicro(options);
}
if (options.scenarios.includes(RSS_SCENARIO)) {
  progress(`dedup-rss (${options.rssMessages.toLocaleString('en')} messages)…`);
  results.rss = await runDedupRss(options);
}
if (options.scenarios.includes(TOKEN_SCENARIO)) {
  progress('tokens (client.call against the fake WeCom API)…');
  results.tokens = await runTokenBench(options);
}
results.targets = judgeTargets(results, options);

if (options.profile) {
  const [file] = readdirSync(profileDir).filter((name) => name.endsWith('.cpuprofile'));
  results.profile = { file: join(profileDir, file), ...topSelfTime(join(profileDir, file), 25) };
}

progress('');
progress(formatReport(results));
if (results.profile) {
  progress(`\nCPU profile of the ${options.profile} server (${results.profile.file}); busy ${results.profile.busyMs.toFixed(0)} ms of ${results.profile.totalMs.toFixed(0)} ms sampled`);
  const line = (entry) => `${entry.percentOfBusy.toFixed(1).padStart(5)}%  ${entry.selfMs.toFixed(0).padStart(6)} ms  ${entry.name}`;
  progress('top self time by function (% of busy time):');
  for (const entry of results.profile.top) progress(line(entry));
  progress('self time by owner:');
  for (const entry of results.profile.byOwner) progress(line(entry));
}
if (options.json) console.log(JSON.stringify(results));
const broken = [...results.scenarios, results.rss].some((scenario) => scenario?.failures > 0);
process.exitCode = broken ? 1 : 0;
