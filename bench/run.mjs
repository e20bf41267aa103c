#!/usr/bin/env node
// `npm run bench`: see bench/README.md for what each scenario measures and how to read the output.
import { mkdirSync, rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseOptions } from './support/cli-options.mjs';
import { topSelfTime } from './support/cpu-profile-summary.mjs';
import { BENCH_OUT, compileForBench } from './support/compile-for-bench.mjs';
import { runDedupRss } from './support/dedup-rss.mjs';
import { runInterleaved } from './support/interleaved-rounds.mjs';
import { runMicro, runStages } from './support/micro-scenario.mjs';
import { formatProfiles, formatReport } from './support/report.mjs';
import { HTTP_SCENARIOS, MICRO_SCENARIO, RSS_SCENARIO, STAGES_SCENARIO, TOKEN_SCENARIO } from './support/scenarios.mjs';
import { runTokenBench } from './support/token-scenario.mjs';
import { judgeTargets } from './support/targets.mjs';

const options = parseOptions(process.argv.slice(2));
// With --json, progress goes to stderr so that stdout's last line is the JSON object.
const progress = (message) => (options.json ? console.error(message) : console.log(message));

compileForBench();
const results = {
  machine: {
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model?.trim() ?? 'unknown',
    platform: `${process.platform}-${process.arch}`,
    loadStart: loadavg()[0],
    loadEnd: null,
  },
  settings: {
    quick: options.quick,
    connections: options.connections,
    warmupSeconds: options.warmupSeconds,
    durationSeconds: options.durationSeconds,
    reps: options.reps,
  },
  scenarios: [],
  micro: null,
  stages: null,
  rss: null,
  tokens: null,
};

const profileDir = join(BENCH_OUT, 'profiles');
const httpScenarios = HTTP_SCENARIOS.filter((scenario) => options.scenarios.includes(scenario.name));
if (options.baseline) {
  // The baseline checkout's module, compiled the same way, in the same rounds right after ours.
  compileForBench(options.baseline);
  for (let i = httpScenarios.length - 1; i >= 0; i--) {
    const scenario = httpScenarios[i];
    if (scenario.server !== 'wecom') continue;
    httpScenarios.splice(i + 1, 0, { ...scenario, name: `baseline:${scenario.name}`, root: options.baseline, what: `${scenario.what} — from ${options.baseline}` });
  }
}
if (httpScenarios.length > 0) {
  if (options.profile) {
    rmSync(profileDir, { recursive: true, force: true });
    mkdirSync(profileDir, { recursive: true });
  }
  results.scenarios = await runInterleaved(httpScenarios, options, { progress, profileDir: options.profile ? profileDir : null });
}
if (options.scenarios.includes(MICRO_SCENARIO)) {
  progress('pipeline micro-benchmarks (in process, interleaved rounds)…');
  results.micro = await runMicro(options);
}
if (options.scenarios.includes(STAGES_SCENARIO)) {
  progress('per-stage costs, ideal vs ours (in process)…');
  results.stages = await runStages(options);
}
if (options.scenarios.includes(RSS_SCENARIO)) {
  progress(`dedup-rss (${options.rssMessages.toLocaleString('en')} messages)…`);
  results.rss = await runDedupRss(options);
}
if (options.scenarios.includes(TOKEN_SCENARIO)) {
  progress('tokens (client.call against the fake WeCom API)…');
  results.tokens = await runTokenBench(options);
}
results.machine.loadEnd = loadavg()[0];
results.targets = judgeTargets(results, options);

if (options.profile) {
  results.profiles = options.profile.map((name) => {
    const file = join(profileDir, `${name}.cpuprofile`);
    const requests = results.scenarios.find((scenario) => scenario.name === name).runs.reduce((sum, run) => sum + run.requests, 0);
    return { name, file, requests, ...topSelfTime(file, 30) };
  });
}

progress('');
progress(formatReport(results));
if (results.profiles) progress(`\n${formatProfiles(results.profiles)}`);
if (options.json) console.log(JSON.stringify(results));
const broken = [...results.scenarios, results.rss].some((scenario) => scenario?.failures > 0) || results.scenarios.some((scenario) => scenario.repeats > 0);
process.exitCode = broken ? 1 : 0;
